package org.varde.dicom.dimse;

/** The storage SCP's one decision: where the data set of a C-STORE-RQ goes. Called on the event loop. */
@FunctionalInterface
public interface CStoreHandler {
    /**
     * @return the sink for this instance's data set
     * @throws DimseException to refuse the store at once (for example an unsafe UID); the data set that
     *                        follows is read and discarded, and the status is answered
     */
    StoreSink begin(StoreRequest request) throws DimseException;
}
