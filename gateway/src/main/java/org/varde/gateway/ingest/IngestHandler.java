package org.varde.gateway.ingest;

import io.vertx.core.Vertx;
import org.varde.dicom.data.ReadLimits;
import org.varde.dicom.data.UID;
import org.varde.dicom.dimse.CStoreHandler;
import org.varde.dicom.dimse.DimseException;
import org.varde.dicom.dimse.Status;
import org.varde.dicom.dimse.StoreRequest;
import org.varde.dicom.dimse.StoreSink;
import org.varde.gateway.metrics.GatewayMetrics;
import org.varde.gateway.spool.Quarantine;
import org.varde.gateway.spool.Spool;
import org.varde.gateway.store.Journal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The storage SCP's ingest: every C-STORE streams into the spool and is answered success only once
 * the instance is durable and journaled (see {@link SpoolingStoreSink}).
 */
public final class IngestHandler implements CStoreHandler {
    private static final Logger LOG = LoggerFactory.getLogger(IngestHandler.class);

    private final Vertx vertx;
    private final Spool spool;
    private final Quarantine quarantine;
    private final Journal journal;
    private final GatewayMetrics metrics;
    private final int headerCaptureLimit;
    private final ReadLimits headerLimits;
    private final InstanceJournaledListener journaled;

    /** @param headerLimits what the header parse of one instance may keep and inflate ({@code dicom.limits}) */
    public IngestHandler(Vertx vertx, Spool spool, Quarantine quarantine, Journal journal, GatewayMetrics metrics,
                         ReadLimits headerLimits, InstanceJournaledListener journaled) {
        this(vertx, spool, quarantine, journal, metrics, HeaderCapture.DEFAULT_LIMIT, headerLimits, journaled);
    }

    IngestHandler(Vertx vertx, Spool spool, Quarantine quarantine, Journal journal, GatewayMetrics metrics,
                  int headerCaptureLimit, ReadLimits headerLimits, InstanceJournaledListener journaled) {
        this.vertx = vertx;
        this.spool = spool;
        this.quarantine = quarantine;
        this.journal = journal;
        this.metrics = metrics;
        this.headerCaptureLimit = headerCaptureLimit;
        this.headerLimits = headerLimits;
        this.journaled = journaled;
    }

    @Override
    public StoreSink begin(StoreRequest request) throws DimseException {
        // The SOP Instance UID names the spool file: refuse an unsafe one before a byte is written.
        // PS3.4 B.2.3: C000 "cannot understand" is the status for a request we cannot interpret.
        if (!isSafe(request.affectedSopInstanceUid()) || !isSafe(request.affectedSopClassUid())) {
            metrics.instanceRefused(Status.CANNOT_UNDERSTAND);
            LOG.warn("C-STORE msg {} from {} refused: affected SOP class or instance UID is not a valid UID",
                    request.messageId(), request.association().callingAeTitle());
            throw new DimseException(Status.CANNOT_UNDERSTAND, "Affected SOP Class/Instance UID is not a valid UID");
        }
        return new SpoolingStoreSink(vertx, spool, quarantine, journal, metrics, request, headerCaptureLimit,
                headerLimits, journaled);
    }

    private static boolean isSafe(String uid) {
        return uid != null && UID.isValid(uid);
    }
}
