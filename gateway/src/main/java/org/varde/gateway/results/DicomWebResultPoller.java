package org.varde.gateway.results;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.varde.connectors.algorithm.DispatchFailure;
import org.varde.connectors.algorithm.dicomweb.DicomWebEndpoint;
import org.varde.connectors.algorithm.dicomweb.DicomWebResultClient;
import org.varde.connectors.algorithm.dicomweb.ResultInstance;
import org.varde.connectors.algorithm.dicomweb.ResultReturn;
import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.DicomReader;
import org.varde.dicom.data.Part10;
import org.varde.dicom.data.Part10File;
import org.varde.dicom.data.Tag;
import org.varde.dicom.dimse.DimseException;
import org.varde.gateway.jobs.Job;
import org.varde.gateway.jobs.JobState;
import org.varde.gateway.jobs.JobStore;
import org.varde.gateway.privacy.Reidentification;
import org.varde.gateway.routing.Algorithm;
import org.varde.gateway.routing.AlgorithmCatalogue;
import org.varde.gateway.spool.Spool;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The DICOMweb return path for vendors that keep their result ({@code results: poll}): for each job
 * waiting for such a vendor's result, asks the vendor's QIDO-RS every poll interval for result
 * instances (SR, SEG, SC, GSPS) in the study it was sent, fetches a new one with WADO-RS into the
 * spool (streamed, at most {@link DicomResultReceiver#MAX_OBJECT_BYTES}) and hands it to the
 * {@link DicomResultReceiver}, the same path a pushed result takes: re-identified when the algorithm
 * got pseudonymised data, matched, kept, normalised, recorded.
 *
 * <p>What it fetched must answer the job it was fetched for: an object naming another study than the
 * one asked about, an answer that is no multipart DICOM body, one larger than the bound, one the
 * receiver refuses, each fails the job's attempt with the reason in its history (retried or
 * dead-lettered as usual). A vendor that does not answer QIDO-RS is asked again at the next interval
 * until the {@link ResultsStage}'s deadline fails the attempt ("no result within ...").
 *
 * <p>Driven by the {@code result_waits} rows, schedule included: when a wait is next polled is its
 * {@code next_poll_at}, and a node polls only after moving it one interval on by a conditional
 * {@link ResultWaits#claimPoll claim}, so a restart keeps the schedule and of several nodes on one
 * store one polls each slot. A round that outlasts the interval may overlap the next slot's round on
 * another node; a result fetched twice is refused the second time as the job no longer waits.
 */
public final class DicomWebResultPoller implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DicomWebResultPoller.class);
    private static final long TICK_MILLIS = 1000;
    private static final int BATCH = 200;

    private final Vertx vertx;
    private final Context context;
    private final ResultWaits waits;
    private final JobStore jobs;
    private final ResultsStage stage;
    private final Supplier<DicomResultReceiver> receiver;
    private final Spool spool;
    private final Supplier<AlgorithmCatalogue> catalogue;
    private final Reidentification reidentification;
    private final DicomWebResultClient client;
    private final Clock clock;
    /** Per job: which instances this node fetched already (a kept SEG is not fetched again). */
    private final Map<String, Set<String>> fetched = new ConcurrentHashMap<>();
    private final Set<String> inFlight = new HashSet<>();
    private long tickTimer = -1;
    private boolean closed;

    public DicomWebResultPoller(Vertx vertx, ResultWaits waits, JobStore jobs, ResultsStage stage,
                                Supplier<DicomResultReceiver> receiver, Spool spool,
                                Supplier<AlgorithmCatalogue> catalogue, Reidentification reidentificationOrNull,
                                Clock clock) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.waits = waits;
        this.jobs = jobs;
        this.stage = stage;
        this.receiver = receiver;
        this.spool = spool;
        this.catalogue = catalogue;
        this.reidentification = reidentificationOrNull;
        this.client = new DicomWebResultClient(vertx);
        this.clock = clock;
    }

    public void start() {
        context.runOnContext(v -> {
            tickTimer = vertx.setPeriodic(TICK_MILLIS, id -> tick());
            tick();
        });
    }

    /** A job started waiting: look now rather than at the next tick. From any thread. */
    public void wake() {
        context.runOnContext(v -> tick());
    }

    private void tick() {
        if (closed) {
            return;
        }
        Map<String, DicomWebEndpoint> polled = new HashMap<>();
        Map<String, Algorithm> algorithms = new HashMap<>();
        for (Algorithm a : catalogue.get().algorithms()) {
            if (a.endpoint() instanceof DicomWebEndpoint e && e.results() == ResultReturn.POLL) {
                polled.put(a.id(), e);
                algorithms.put(a.id(), a);
            }
        }
        if (polled.isEmpty()) {
            fetched.clear();
            return;
        }
        context.executeBlocking(() -> {
            // a job that stopped waiting between rounds (deadline, purge) drops what was fetched for it
            fetched.keySet().removeIf(id -> waits.forJob(id).isEmpty());
            return waits.duePolls(polled.keySet(), clock.instant(), BATCH);
        }, false).onComplete(read -> {
            if (read.failed()) {
                LOG.warn("DICOMweb results not polled: {}", read.cause().toString());
                return;
            }
            for (ResultWait wait : read.result()) {
                if (inFlight.add(wait.jobId())) {
                    DicomWebEndpoint endpoint = polled.get(wait.algorithmId());
                    context.executeBlocking(() -> {
                        Instant now = clock.instant();
                        if (waits.claimPoll(wait.jobId(), now, now.plus(endpoint.pollInterval()))) {
                            poll(wait, algorithms.get(wait.algorithmId()), endpoint);
                        }
                        return null;
                    }, false).onComplete(done -> {
                        inFlight.remove(wait.jobId());
                        if (done.failed()) {
                            LOG.warn("job {}: DICOMweb result not polled: {}", wait.jobId(), done.cause().toString());
                        }
                    });
                }
            }
        });
    }

    /** One round for one job: ask, fetch what is new, hand it on. Blocking. */
    private void poll(ResultWait wait, Algorithm algorithm, DicomWebEndpoint endpoint) {
        String vendorStudy = vendorStudy(wait, algorithm);
        List<ResultInstance> found;
        try {
            found = client.findResults(endpoint, vendorStudy);
        } catch (DispatchFailure f) {
            if (!f.retryable()) {
                refuse(wait, "the vendor's QIDO-RS: " + f.getMessage());
            } else {
                LOG.info("job {}: QIDO-RS not answered ({}), asking again in {} s", wait.jobId(), f.getMessage(),
                        endpoint.pollInterval().toSeconds());
            }
            return;
        }
        Set<String> done = fetched.computeIfAbsent(wait.jobId(), k -> ConcurrentHashMap.newKeySet());
        for (ResultInstance instance : found) {
            if (done.contains(instance.sopInstanceUid())) {
                continue;
            }
            if (!fetchAndHandOver(wait, endpoint, instance, vendorStudy)) {
                return;
            }
            done.add(instance.sopInstanceUid());
            if (!stillWaiting(wait.jobId())) {
                fetched.remove(wait.jobId());
                return;
            }
        }
    }

    /** @return whether to go on with the next instance (this one was kept without ending the wait) */
    private boolean fetchAndHandOver(ResultWait wait, DicomWebEndpoint endpoint, ResultInstance instance,
                                     String vendorStudy) {
        Path file = spool.newTemporaryFile();
        try {
            client.retrieve(endpoint, instance, file, DicomResultReceiver.MAX_OBJECT_BYTES + PART10_HEADER_ROOM);
            Fetched object = read(file);
            if (!vendorStudy.equals(object.study())) {
                // never handed to the receiver: it would match the object to whichever job waits for that study
                refuse(wait, "the result fetched from the vendor for study " + wait.studyInstanceUid()
                        + " names another study (" + object.study() + ")");
                return false;
            }
            IncomingResult incoming = new IncomingResult(object.sopClassUid(), object.sopInstanceUid(),
                    object.transferSyntaxUid(), "dicomweb:" + endpoint.describe(), "dicomweb",
                    job -> job.id().equals(wait.jobId()), true);
            receiver.get().receive(incoming, object.dataSet());
            LOG.info("job {}: result {} fetched by WADO-RS from {}", wait.jobId(), instance.sopInstanceUid(),
                    endpoint.describe());
            return true;
        } catch (DispatchFailure f) {
            if (!f.retryable()) {
                refuse(wait, f.getMessage());
            } else {
                LOG.info("job {}: result {} not fetched ({}), trying again in {} s", wait.jobId(),
                        instance.sopInstanceUid(), f.getMessage(), endpoint.pollInterval().toSeconds());
            }
            return false;
        } catch (UnreadableObject e) {
            refuse(wait, "the result " + instance.sopInstanceUid() + " fetched from the vendor is no DICOM instance: "
                    + e.getMessage());
            return false;
        } catch (DimseException refused) {
            // the receiver said why (unusable report, another patient, not sent); it failed the attempt itself
            // for some reasons, and for the others this job is the one the object was fetched for
            refuse(wait, "the result " + instance.sopInstanceUid() + " fetched by WADO-RS was refused: "
                    + refused.getMessage());
            return false;
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.debug("cannot delete {}: {}", file, e.toString());
            }
        }
    }

    /** The Part 10 file meta information and UID-sized values: room above the data set's bound. */
    private static final long PART10_HEADER_ROOM = 64 * 1024;

    private record Fetched(String sopClassUid, String sopInstanceUid, String transferSyntaxUid, String study,
                           byte[] dataSet) {
    }

    private static final class UnreadableObject extends Exception {
        private static final long serialVersionUID = 1L;

        UnreadableObject(String message) {
            super(message);
        }
    }

    private static Fetched read(Path file) throws UnreadableObject {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            Part10File header = Part10.readHeader(in);
            String sopClass = header.fileMetaInformation().getString(Tag.MediaStorageSOPClassUID);
            String sop = header.fileMetaInformation().getString(Tag.MediaStorageSOPInstanceUID);
            long length = Files.size(file) - header.dataSetOffset();
            if (sopClass == null || sop == null || header.dataSetOffset() == 0) {
                throw new UnreadableObject("no Part 10 file meta information (PS3.18 10.4.1.1.1)");
            }
            if (length > DicomResultReceiver.MAX_OBJECT_BYTES) {
                throw new UnreadableObject("its data set is larger than " + DicomResultReceiver.MAX_OBJECT_BYTES + " bytes");
            }
            byte[] dataSet = in.readNBytes((int) length);
            Attributes head = new DicomReader(new ByteArrayInputStream(dataSet), header.transferSyntax(), dataSet.length)
                    .readDataSetUntil(Tag.SeriesInstanceUID);
            return new Fetched(sopClass, sop, header.transferSyntax().uid(), head.getString(Tag.StudyInstanceUID),
                    dataSet);
        } catch (IOException | RuntimeException e) {
            throw new UnreadableObject(e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    /** The study UID the vendor was given: its pseudonym when the algorithm gets pseudonymised data. */
    private String vendorStudy(ResultWait wait, Algorithm algorithm) {
        if (reidentification == null || !algorithm.privacy().pseudonymize()) {
            return wait.studyInstanceUid();
        }
        return reidentification.replacementOf(algorithm.id(), wait.studyInstanceUid()).orElse(wait.studyInstanceUid());
    }

    private boolean stillWaiting(String jobId) {
        return jobs.get(jobId).map(Job::state).filter(s -> s == JobState.WAITING_RESULT).isPresent();
    }

    /** Fails the attempt unless the receiver already did (the job no longer waits). */
    private void refuse(ResultWait wait, String why) {
        if (stillWaiting(wait.jobId())) {
            stage.refuse(wait.jobId(), wait.algorithmId(), why);
        }
    }

    @Override
    public void close() {
        context.runOnContext(v -> {
            closed = true;
            if (tickTimer >= 0) {
                vertx.cancelTimer(tickTimer);
            }
        });
    }

}
