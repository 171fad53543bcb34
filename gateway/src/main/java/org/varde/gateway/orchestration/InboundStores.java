package org.varde.gateway.orchestration;

import org.varde.dicom.dimse.CStoreHandler;
import org.varde.dicom.dimse.DimseException;
import org.varde.dicom.dimse.StoreRequest;
import org.varde.dicom.dimse.StoreSink;
import org.varde.gateway.results.DicomResultReceiver;

/**
 * Which stage a C-STORE on Varde's DICOM listener goes to: an association called on the results AE
 * title, or called by a vendor's AE title from the catalogue, brings a vendor's result objects, and
 * goes to the results stage; everything else is a study to ingest. A result is never ingested,
 * assembled or routed (ARCHITECTURE.md, "Inbound results are not studies").
 */
final class InboundStores implements CStoreHandler {
    private final String resultsAeTitle;
    private final DicomResultReceiver results;
    private final CStoreHandler ingest;

    InboundStores(String resultsAeTitle, DicomResultReceiver results, CStoreHandler ingest) {
        this.resultsAeTitle = resultsAeTitle;
        this.results = results;
        this.ingest = ingest;
    }

    @Override
    public StoreSink begin(StoreRequest request) throws DimseException {
        boolean result = resultsAeTitle.equals(request.association().calledAeTitle())
                || results.isVendor(request.association().callingAeTitle());
        return result ? results.begin(request) : ingest.begin(request);
    }
}
