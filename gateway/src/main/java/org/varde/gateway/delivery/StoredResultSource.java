package org.varde.gateway.delivery;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.varde.connectors.result.AlgorithmResult;
import org.varde.connectors.result.Code;
import org.varde.connectors.result.SourceStudy;
import org.varde.connectors.sink.pacs.RequestedProcedure;
import org.varde.connectors.sink.pacs.SourceInstance;
import org.varde.connectors.sink.pacs.StudyContext;
import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.Tag;
import org.varde.dicom.data.UID;
import org.varde.gateway.results.ResultJson;
import org.varde.gateway.results.ResultRecords;
import org.varde.gateway.results.ResultState;
import org.varde.gateway.results.StoredResult;
import org.varde.gateway.store.InstanceRecord;
import org.varde.gateway.store.Journal;

/**
 * The delivery stage's {@link ResultSource} over the gateway's own rows: the result as the results
 * stage recorded it, and the source study as ingest journaled it. Identity comes from the original
 * instances (journal and spooled headers), never from what a vendor sent back or saw pseudonymised.
 * The instances named in the SR are the ones the vendor acknowledged for the job; when those rows are
 * gone, every instance of the study the journal still holds.
 */
public final class StoredResultSource implements ResultSource {
    private static final Logger LOG = LoggerFactory.getLogger(StoredResultSource.class);
    private static final DateTimeFormatter DA = DateTimeFormatter.BASIC_ISO_DATE;

    private final ResultRecords results;
    private final Journal journal;
    private final Function<String, Optional<Attributes>> header;
    private final Function<String, Set<String>> instancesSent;

    /**
     * @param header        the header of one original instance of a study (up to Pixel Data), empty when
     *                      none is left in the spool
     * @param instancesSent SOP Instance UIDs the vendor acknowledged for a job
     */
    public StoredResultSource(ResultRecords results, Journal journal, Function<String, Optional<Attributes>> header,
                              Function<String, Set<String>> instancesSent) {
        this.results = results;
        this.journal = journal;
        this.header = header;
        this.instancesSent = instancesSent;
    }

    @Override
    public Optional<Deliverable> find(String resultId, int resultVersion) {
        Optional<StoredResult> stored = results.find(resultId);
        if (stored.isEmpty() || stored.get().state() != ResultState.RECEIVED) {
            // a quarantined result is never written out, whatever asked for it
            return Optional.empty();
        }
        StoredResult r = stored.get();
        List<InstanceRecord> instances = journal.instancesOfStudy(r.studyInstanceUid());
        if (instances.isEmpty()) {
            return Optional.empty();
        }
        AlgorithmResult result = ResultJson.read(r.result());
        return Optional.of(new Deliverable(result, context(r, instances), r.receivedAt()));
    }

    private StudyContext context(StoredResult r, List<InstanceRecord> instances) {
        InstanceRecord first = instances.get(0);
        Attributes h = header.apply(r.studyInstanceUid()).orElseGet(() -> {
            LOG.info("result {}: no original instance of study left in the spool; dates and orders from the journal only",
                    r.id());
            return new Attributes();
        });
        SourceStudy study = new SourceStudy(r.studyInstanceUid(), text(first.patientId()).orElse(""),
                value(h, Tag.IssuerOfPatientID), text(first.patientName()), date(first.patientBirthDate()),
                text(first.patientSex()), text(first.accessionNumber()), text(first.studyDescription()),
                value(h, Tag.PlacerOrderNumberImagingServiceRequest), value(h, Tag.FillerOrderNumberImagingServiceRequest));
        return new StudyContext(study, h.getString(Tag.StudyID, ""), h.getString(Tag.StudyDate, ""),
                h.getString(Tag.StudyTime, ""), h.getString(Tag.ReferringPhysicianName, ""), seen(r.jobId(), instances),
                requestedProcedure(h));
    }

    /** The instances the vendor acknowledged for the job, as the journal knows them. */
    private List<SourceInstance> seen(String jobId, List<InstanceRecord> instances) {
        Set<String> sent = instancesSent.apply(jobId);
        List<SourceInstance> seen = new ArrayList<>();
        for (InstanceRecord i : instances) {
            if ((sent.isEmpty() || sent.contains(i.sopInstanceUid())) && UID.isSafe(i.seriesInstanceUid())
                    && UID.isSafe(i.sopClassUid()) && UID.isSafe(i.sopInstanceUid())) {
                seen.add(new SourceInstance(i.seriesInstanceUid(), i.sopClassUid(), i.sopInstanceUid()));
            }
        }
        return seen;
    }

    /** PS3.3 C.4.10 Request Attributes Sequence: the requested procedure of the first item, if any. */
    private static Optional<RequestedProcedure> requestedProcedure(Attributes h) {
        List<Attributes> requests = h.getSequence(Tag.RequestAttributesSequence);
        if (requests == null || requests.isEmpty()) {
            return Optional.empty();
        }
        Attributes request = requests.get(0);
        Optional<Code> code = Optional.empty();
        List<Attributes> codes = request.getSequence(Tag.RequestedProcedureCodeSequence);
        if (codes != null && !codes.isEmpty()) {
            Attributes c = codes.get(0);
            String value = c.getString(Tag.CodeValue, "");
            String scheme = c.getString(Tag.CodingSchemeDesignator, "");
            if (!value.isBlank() && !scheme.isBlank()) {
                code = Optional.of(new Code(value, scheme, c.getString(Tag.CodeMeaning, "")));
            }
        }
        return Optional.of(new RequestedProcedure(request.getString(Tag.RequestedProcedureID, ""),
                request.getString(Tag.RequestedProcedureDescription, ""), code));
    }

    private static Optional<String> value(Attributes h, int tag) {
        return text(h.getString(tag, null));
    }

    private static Optional<String> text(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    private static Optional<LocalDate> date(String da) {
        if (da == null || da.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(da.strip(), DA));
        } catch (DateTimeParseException e) {
            return Optional.empty();   // a malformed DA is left out rather than guessed
        }
    }
}
