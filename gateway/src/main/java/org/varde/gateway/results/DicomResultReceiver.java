package org.varde.gateway.results;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.varde.connectors.algorithm.dicom.DicomEndpoint;
import org.varde.connectors.algorithm.dicom.Tid1500Reader;
import org.varde.connectors.algorithm.dicom.UnusableResultException;
import org.varde.connectors.result.AlgorithmResult;
import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.DicomReader;
import org.varde.dicom.data.Part10;
import org.varde.dicom.data.Tag;
import org.varde.dicom.data.TransferSyntax;
import org.varde.dicom.data.UID;
import org.varde.dicom.dimse.CStoreHandler;
import org.varde.dicom.dimse.DimseException;
import org.varde.dicom.dimse.Status;
import org.varde.dicom.dimse.StoreRequest;
import org.varde.dicom.dimse.StoreSink;
import org.varde.gateway.jobs.Job;
import org.varde.gateway.jobs.JobStore;
import org.varde.gateway.routing.Algorithm;
import org.varde.gateway.routing.AlgorithmCatalogue;
import org.varde.gateway.spool.Spool;
import org.varde.gateway.store.InstanceRecord;
import org.varde.gateway.store.JdbcJournal;
import org.varde.gateway.store.Journal;

import org.varde.dicom.data.Part10File;
import org.varde.gateway.privacy.PrivacyException;
import org.varde.gateway.privacy.PseudonymStore;
import org.varde.gateway.privacy.Reidentification;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The C-STORE handler of the DICOM round trip's return path: objects a vendor sends back (SR,
 * Segmentation, Secondary Capture, GSPS, Key Object Selection) on Varde's results AE title. They are
 * never ingested, assembled or routed: each is matched to the job waiting for a result of its Study
 * Instance UID (several waiting: the one whose algorithm's AE title called, then the one whose
 * selected series the object references in its Current Requested Procedure Evidence, Referenced
 * Series or Referenced Request), kept in the spool's results area ({@code .results/<job>/<sop>.dcm},
 * journaled in {@code result_objects} with the job) and, for a TID 1500 SR, normalised and recorded as
 * the job's result. Answered only once all of that is durable.
 *
 * <p>An object whose Study Instance UID is a replacement Varde gave a pseudonymising algorithm
 * ({@code privacy.pseudonymize}) is re-identified first (PS3.15 Annex E the other way: the original
 * study, series and SOP instance UIDs wherever they are referenced, Current Requested Procedure
 * Evidence included, and the patient's and study's identity from an original instance), and only
 * then matched, kept and normalised: nothing after this class sees a pseudonym. It must come from
 * that algorithm's job and refer only to images that job was sent; otherwise it is refused.
 *
 * <p>Refused, with a failure status whose comment says why (PS3.7 C.4.2 Error Comment): an object no
 * job waits for (0110), one about another patient than the study it names (0110; the job's attempt
 * fails too, nothing is delivered), an SR that is no usable TID 1500 report (C000; the attempt fails
 * with the reason in the job's history), anything larger than {@link #MAX_OBJECT_BYTES} (A700).
 * Results are small; an object is held in memory up to that bound, never beyond it.
 */
public final class DicomResultReceiver implements CStoreHandler {
    private static final Logger LOG = LoggerFactory.getLogger(DicomResultReceiver.class);
    /** A result object larger than this is refused: a TID 1500 SR is kilobytes, a SEG of a CT a few MiB. */
    public static final int MAX_OBJECT_BYTES = 64 * 1024 * 1024;
    private static final Status UNMATCHED = Status.PROCESSING_FAILURE;

    private final Vertx vertx;
    private final Spool spool;
    private final ResultsStage stage;
    private final ResultWaits waits;
    private final JobStore jobs;
    private final Journal journal;
    private final Supplier<AlgorithmCatalogue> catalogue;
    private final ResultMetrics metrics;
    private final Clock clock;
    private final Reidentification reidentification;

    /** A receiver that takes no pseudonymised answers (they match no job and are refused). */
    public DicomResultReceiver(Vertx vertx, Spool spool, ResultsStage stage, ResultWaits waits, JobStore jobs,
                               Journal journal, Supplier<AlgorithmCatalogue> catalogue, ResultMetrics metrics,
                               Clock clock) {
        this(vertx, spool, stage, waits, jobs, journal, catalogue, metrics, clock, null);
    }

    public DicomResultReceiver(Vertx vertx, Spool spool, ResultsStage stage, ResultWaits waits, JobStore jobs,
                               Journal journal, Supplier<AlgorithmCatalogue> catalogue, ResultMetrics metrics,
                               Clock clock, Reidentification reidentificationOrNull) {
        this.reidentification = reidentificationOrNull;
        this.vertx = vertx;
        this.spool = spool;
        this.stage = stage;
        this.waits = waits;
        this.jobs = jobs;
        this.journal = journal;
        this.catalogue = catalogue;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Whether an association from {@code callingAeTitle} is a vendor's (a catalogue DICOM endpoint's AE title). */
    public boolean isVendor(String callingAeTitle) {
        return catalogue.get().algorithms().stream().map(Algorithm::endpoint)
                .anyMatch(e -> e instanceof DicomEndpoint d && d.aeTitle().equals(callingAeTitle));
    }

    @Override
    public StoreSink begin(StoreRequest request) throws DimseException {
        if (request.affectedSopInstanceUid() == null || !UID.isSafe(request.affectedSopInstanceUid())) {
            throw new DimseException(Status.CANNOT_UNDERSTAND, "the SOP Instance UID is not a valid UID");
        }
        return new Sink(request);
    }

    /** Holds the object (bounded) and judges it when it is complete. */
    private final class Sink implements StoreSink {
        private final StoreRequest request;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private boolean tooLarge;

        Sink(StoreRequest request) {
            this.request = request;
        }

        @Override
        public Future<Void> write(Buffer fragment) {
            if (!tooLarge && bytes.size() + (long) fragment.length() > MAX_OBJECT_BYTES) {
                tooLarge = true;
                bytes.reset();
            }
            if (!tooLarge) {
                bytes.writeBytes(fragment.getBytes());
            }
            return Future.succeededFuture();
        }

        @Override
        public Future<Status> end() {
            if (tooLarge) {
                metrics.refused(null);
                LOG.warn("result object {} from {} refused: larger than {} bytes", request.affectedSopInstanceUid(),
                        request.association().callingAeTitle(), MAX_OBJECT_BYTES);
                return Future.failedFuture(new DimseException(Status.OUT_OF_RESOURCES,
                        "result object larger than " + MAX_OBJECT_BYTES + " bytes refused"));
            }
            return vertx.executeBlocking(() -> receive(incoming(request), bytes.toByteArray()), false);
        }

        @Override
        public void abort(Throwable cause) {
            bytes.reset();
        }
    }

    private IncomingResult incoming(StoreRequest request) {
        String caller = request.association().callingAeTitle();
        return new IncomingResult(request.affectedSopClassUid(), request.affectedSopInstanceUid(),
                request.transferSyntaxUid(), caller, "dicom", job -> calledFrom(job, caller), false);
    }

    /**
     * Matches, re-identifies, keeps and (for an SR) normalises one object whatever protocol brought it.
     * Blocking. Refusals are DIMSE statuses with a comment: STOW-RS names the same codes as Failure
     * Reasons (PS3.18 10.5.3.2), so each return path answers in its own protocol with the same words.
     *
     * @param received the data set only, in {@code request.transferSyntaxUid()}, at most {@link #MAX_OBJECT_BYTES}
     */
    public Status receive(IncomingResult request, byte[] received) throws DimseException {
        if (!UID.isSafe(request.sopInstanceUid())) {
            throw new DimseException(Status.CANNOT_UNDERSTAND, "the SOP Instance UID is not a valid UID");
        }
        Attributes object;
        try {
            object = read(request, received);
        } catch (DimseException unreadable) {
            tellTheJob(request, received, unreadable);
            throw unreadable;
        }
        if (!request.sopInstanceUid().equals(object.getString(Tag.SOPInstanceUID))) {
            throw refusedUnmatched(request, "the data set's SOP Instance UID is not " + request.sopInstanceUid());
        }
        String study = object.getString(Tag.StudyInstanceUID);
        if (study == null || !UID.isSafe(study)) {
            throw refusedUnmatched(request, "the object has no valid Study Instance UID");
        }
        Optional<PseudonymStore.Pseudonym> pseudonym = reidentification == null ? Optional.empty()
                : reidentification.pseudonym(study);
        byte[] dataSet = received;
        String transferSyntax = request.transferSyntaxUid();
        if (pseudonym.isPresent()) {
            Reidentified back = reidentify(request, pseudonym.get().scope(), received);
            object = back.header();
            dataSet = back.dataSet();
            transferSyntax = back.transferSyntaxUid();
            study = pseudonym.get().originalUid();
        }
        Job job = match(request, object, study);
        if (pseudonym.isPresent() && !pseudonym.get().scope().equals(job.algorithmId())) {
            String why = "object " + request.sopInstanceUid() + " carries the pseudonyms of algorithm "
                    + pseudonym.get().scope() + ", not of " + job.algorithmId();
            stage.refuse(job.id(), job.algorithmId(), why);
            throw new DimseException(UNMATCHED, why);
        }
        String patient = journal.instancesOfStudy(study).stream().map(InstanceRecord::patientId)
                .filter(Objects::nonNull).findFirst().orElse(null);
        if (patient != null && !patient.equals(JdbcJournal.patientIdAsJournaled(object.getString(Tag.PatientID)))) {
            String why = "object " + request.sopInstanceUid() + " names another patient than study " + study;
            stage.refuse(job.id(), job.algorithmId(), why);
            throw new DimseException(UNMATCHED, why);
        }
        long objectId = keep(request, job, dataSet, transferSyntax);
        if (!request.sopClassUid().startsWith(SR_CLASS_PREFIX)) {
            LOG.info("job {}: result object {} ({}) kept", job.id(), request.sopInstanceUid(),
                    request.sopClassUid());
            return Status.SUCCESS;
        }
        AlgorithmResult result;
        try {
            result = Tid1500Reader.read(object, job.algorithmId());
        } catch (UnusableResultException e) {
            stage.refuse(job.id(), job.algorithmId(), "SR " + request.sopInstanceUid() + ": " + e.getMessage());
            throw new DimseException(Status.CANNOT_UNDERSTAND, e.getMessage());
        }
        if (pseudonym.isPresent()) {
            notSentRefused(request, job, result);
        }
        try {
            stage.accept(job.id(), result, request.protocol(), List.of(objectId));
        } catch (ResultRefusedException e) {
            metrics.refused(job.algorithmId());
            throw new DimseException(UNMATCHED, e.getMessage());
        }
        return Status.SUCCESS;
    }

    /** A re-identified object: its header, its data set and the transfer syntax it is written in. */
    private record Reidentified(Attributes header, byte[] dataSet, String transferSyntaxUid) {
    }

    /**
     * The object rewritten with the original UIDs and identity (Reidentification streams Part 10
     * files, so the object goes through two temporary files in the spool, deleted after).
     */
    private Reidentified reidentify(IncomingResult request, String algorithmId, byte[] dataSet) throws DimseException {
        Path in = spool.newTemporaryFile();
        Path out = spool.newTemporaryFile();
        try {
            try (OutputStream o = Files.newOutputStream(in)) {
                Part10.writeFileMetaInformation(o, request.sopClassUid(), request.sopInstanceUid(),
                        request.transferSyntaxUid(), sourceAeTitle(request));
                o.write(dataSet);
            }
            reidentification.reidentify(algorithmId, in, out);
            try (InputStream i = new BufferedInputStream(Files.newInputStream(out))) {
                Part10File part10 = Part10.readHeader(i);
                long length = Files.size(out) - part10.dataSetOffset();
                if (length > MAX_OBJECT_BYTES + (long) HEADER_GROWTH) {
                    throw new DimseException(Status.OUT_OF_RESOURCES, "re-identified object larger than "
                            + MAX_OBJECT_BYTES + " bytes");
                }
                byte[] back = i.readNBytes((int) length);
                Attributes header = new DicomReader(new ByteArrayInputStream(back), part10.transferSyntax(),
                        back.length).readDataSetUntil(Tag.PixelData);
                return new Reidentified(header, back, part10.transferSyntax().uid());
            }
        } catch (PrivacyException e) {
            throw refusedUnmatched(request, e.getMessage());
        } catch (IOException | RuntimeException e) {
            metrics.refused(algorithmId);
            LOG.warn("result object {} from {} cannot be re-identified: {}", request.sopInstanceUid(),
                    request.source(), e.toString());
            throw new DimseException(Status.CANNOT_UNDERSTAND, "cannot re-identify the object: " + e.getMessage());
        } finally {
            deleteQuietly(in);
            deleteQuietly(out);
        }
    }

    /** Original identity may be longer than the pseudonyms it replaces: this much more is allowed. */
    private static final int HEADER_GROWTH = 1024 * 1024;

    /**
     * A pseudonymised answer may only point at images of the study the job was sent: a reference the
     * mapping did not turn back into one of the study's instances is to something the vendor never
     * had from us, and nothing from such a result is delivered.
     */
    private void notSentRefused(IncomingResult request, Job job, AlgorithmResult result) throws DimseException {
        Set<String> instances = new HashSet<>();
        journal.instancesOfStudy(job.studyInstanceUid()).forEach(i -> instances.add(i.sopInstanceUid()));
        for (var finding : result.findings()) {
            for (var reference : finding.references()) {
                if (!instances.contains(reference.sopInstanceUid())) {
                    String why = "SR " + request.sopInstanceUid() + " refers to image "
                            + reference.sopInstanceUid() + ", which algorithm " + job.algorithmId() + " was not sent";
                    stage.refuse(job.id(), job.algorithmId(), why);
                    throw new DimseException(UNMATCHED, why);
                }
            }
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.debug("cannot delete {}: {}", file, e.toString());
        }
    }

    /** PS3.4 Annex B: every SR Storage SOP class is 1.2.840.10008.5.1.4.1.1.88.x. */
    private static final String SR_CLASS_PREFIX = "1.2.840.10008.5.1.4.1.1.88.";

    private Attributes read(IncomingResult request, byte[] dataSet) throws DimseException {
        try {
            return new DicomReader(new ByteArrayInputStream(dataSet), TransferSyntax.of(request.transferSyntaxUid()),
                    dataSet.length).readDataSetUntil(Tag.PixelData);
        } catch (IOException | RuntimeException e) {
            metrics.refused(null);
            LOG.warn("result object {} from {} refused: unreadable: {}", request.sopInstanceUid(),
                    request.source(), e.toString());
            throw new DimseException(Status.CANNOT_UNDERSTAND, "cannot read the data set: " + e.getMessage());
        }
    }

    /**
     * An object that cannot be read whole (cut short, say) may still name its study in the header
     * before the damage: the job waiting for it then fails its attempt with the reason in its history,
     * rather than waiting for its deadline with nothing said.
     */
    private void tellTheJob(IncomingResult request, byte[] dataSet, DimseException unreadable) {
        Attributes head;
        try {
            head = new DicomReader(new ByteArrayInputStream(dataSet), TransferSyntax.of(request.transferSyntaxUid()),
                    dataSet.length).readDataSetUntil(Tag.SeriesInstanceUID);
        } catch (IOException | RuntimeException e) {
            return;
        }
        String study = head.getString(Tag.StudyInstanceUID);
        if (study == null || !UID.isSafe(study)) {
            return;
        }
        if (reidentification != null) {
            study = reidentification.pseudonym(study).map(PseudonymStore.Pseudonym::originalUid).orElse(study);
        }
        List<Job> waiting = new ArrayList<>();
        for (ResultWait wait : waits.forStudy(study)) {
            jobs.get(wait.jobId()).ifPresent(waiting::add);
        }
        String caller = request.source();
        List<Job> byCaller = waiting.stream().filter(request.sentBy()).toList();
        List<Job> candidates = waiting.size() == 1 ? waiting : byCaller;
        if (candidates.size() == 1) {
            Job job = candidates.get(0);
            stage.refuse(job.id(), job.algorithmId(), "object " + request.sopInstanceUid() + " from "
                    + caller + " cannot be read: " + unreadable.getMessage());
        }
    }

    /** The one job waiting for this object's result, or a refusal saying why there is none. */
    private Job match(IncomingResult request, Attributes object, String study) throws DimseException {
        List<Job> waiting = waitingFor(study);
        if (waiting.isEmpty() && stillDispatching(study)) {
            // a quick vendor answers before its acknowledgement has moved the job on: wait for that, briefly
            long deadline = System.nanoTime() + DISPATCH_SETTLE.toNanos();
            while (System.nanoTime() < deadline) {
                java.util.concurrent.locks.LockSupport.parkNanos(SETTLE_POLL_NANOS);
                // the state first, then the waits: the runner writes the wait before it moves the job on, so a
                // dispatch seen ended has its wait visible; the other order could read the waits just before
                // the wait was written and the state just after the move, and refuse a result that had its job
                boolean dispatching = stillDispatching(study);
                waiting = waitingFor(study);
                if (!waiting.isEmpty() || !dispatching) {
                    break;
                }
            }
        }
        if (waiting.isEmpty()) {
            throw refusedUnmatched(request, "no job waits for a result of study " + study);
        }
        List<Job> candidates = waiting;
        if (request.onlyOwnJobs()) {
            candidates = candidates.stream().filter(request.sentBy()).toList();
            if (candidates.isEmpty()) {
                throw refusedUnmatched(request, "no job of " + request.source() + " waits for a result of study " + study);
            }
        }
        if (candidates.size() > 1) {
            List<Job> byCaller = candidates.stream().filter(request.sentBy()).toList();
            candidates = byCaller.isEmpty() ? candidates : byCaller;
        }
        if (candidates.size() > 1) {
            Set<String> series = referencedSeries(object);
            candidates = candidates.stream().filter(j -> j.selectedSeries().stream().anyMatch(series::contains)).toList();
        }
        if (candidates.size() != 1) {
            throw refusedUnmatched(request, waiting.size() + " jobs wait for a result of study " + study
                    + " and the object's sender and references do not tell which it answers");
        }
        return candidates.get(0);
    }

    /**
     * How long a result may wait for its job's dispatch to be recorded as acknowledged: the vendor
     * answered the dispatch before sending its result, so this is the time Varde takes to note it.
     */
    private static final java.time.Duration DISPATCH_SETTLE = java.time.Duration.ofSeconds(10);
    private static final long SETTLE_POLL_NANOS = 50_000_000L;

    private List<Job> waitingFor(String study) {
        List<Job> waiting = new ArrayList<>();
        for (ResultWait wait : waits.forStudy(study)) {
            jobs.get(wait.jobId()).ifPresent(waiting::add);
        }
        return waiting;
    }

    private boolean stillDispatching(String study) {
        return jobs.forStudy(study).stream().anyMatch(j -> j.state() == org.varde.gateway.jobs.JobState.DISPATCHING);
    }

    /** PS3.10 7.1: Source Application Entity Title is an AE (16 characters); a DICOMweb sender has none. */
    private static String sourceAeTitle(IncomingResult request) {
        return "dicom".equals(request.protocol()) ? request.source() : null;
    }

    private boolean calledFrom(Job job, String callingAeTitle) {
        Optional<Algorithm> algorithm = catalogue.get().find(job.algorithmId());
        return algorithm.map(Algorithm::endpoint)
                .filter(e -> e instanceof DicomEndpoint d && d.aeTitle().equals(callingAeTitle)).isPresent();
    }

    /**
     * Series the object refers to: Current Requested Procedure Evidence (PS3.3 C.17.2), Referenced
     * Series (PS3.3 C.7.3.1, SEG and GSPS), Referenced Request's study (its series are the study's).
     */
    private static Set<String> referencedSeries(Attributes object) {
        Set<String> series = new HashSet<>();
        for (Attributes study : seq(object, Tag.CurrentRequestedProcedureEvidenceSequence)) {
            seq(study, Tag.ReferencedSeriesSequence).forEach(s -> add(series, s.getString(Tag.SeriesInstanceUID)));
        }
        seq(object, Tag.ReferencedSeriesSequence).forEach(s -> add(series, s.getString(Tag.SeriesInstanceUID)));
        return series;
    }

    private static void add(Set<String> set, String value) {
        if (value != null) {
            set.add(value);
        }
    }

    private static List<Attributes> seq(Attributes item, int tag) {
        List<Attributes> items = item.getSequence(tag);
        return items == null ? List.of() : items;
    }

    private DimseException refusedUnmatched(IncomingResult request, String why) {
        metrics.refused(null);
        LOG.warn("result object {} from {} refused: {}", request.sopInstanceUid(),
                request.source(), why);
        return new DimseException(UNMATCHED, why);
    }

    /** Durable before acknowledged: written, fsync'd, renamed into the results area, journaled with the job. */
    private long keep(IncomingResult request, Job job, byte[] dataSet, String transferSyntaxUid) throws DimseException {
        String relative = Spool.RESULTS + "/" + job.id() + "/" + request.sopInstanceUid() + Spool.INSTANCE_SUFFIX;
        Path temporary = spool.newTemporaryFile();
        try {
            try (OutputStream out = Files.newOutputStream(temporary)) {
                Part10.writeFileMetaInformation(out, request.sopClassUid(), request.sopInstanceUid(),
                        transferSyntaxUid, sourceAeTitle(request));
                out.write(dataSet);
            }
            spool.commit(temporary, relative).keep();
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException ignored) {
                // the start-up reconcile removes leftover temporary files
            }
            throw new DimseException(Status.OUT_OF_RESOURCES, "cannot keep the result object: " + e.getMessage());
        }
        return stage.records().addObject(job.id(), request.sopClassUid(), request.sopInstanceUid(),
                "application/dicom", relative, dataSet.length, request.source(), clock.instant());
    }
}
