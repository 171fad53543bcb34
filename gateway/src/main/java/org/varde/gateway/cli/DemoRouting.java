package org.varde.gateway.cli;

import org.varde.dicom.data.DicomReader;
import org.varde.dicom.data.Part10;
import org.varde.dicom.data.Part10File;
import org.varde.dicom.data.Tag;
import org.varde.gateway.Gateway;
import org.varde.gateway.assembly.StudyStatus;
import org.varde.gateway.jobs.Job;
import org.varde.gateway.jobs.JobState;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The demo's wait for routing: studies that completed on their own (an expected series, an MPPS)
 * are left alone; the rest are completed as an operator would ({@code POST .../complete}), rather
 * than waiting a minute for the idle timer. Then it waits until each job has either finished or failed
 * an attempt, so the table shows outcomes, not work in flight.
 */
final class DemoRouting {
    private static final Duration OWN_TRIGGERS = Duration.ofSeconds(3);
    private static final Duration SETTLE = Duration.ofSeconds(30);

    private DemoRouting() {
    }

    /** The distinct Study Instance UIDs of the files, in file order. */
    static List<String> studies(List<Path> files) throws IOException {
        Set<String> uids = new LinkedHashSet<>();
        for (Path file : files) {
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
                Part10File part10 = Part10.readHeader(in);
                uids.add(new DicomReader(in, part10.transferSyntax())
                        .readDataSetUntil(Tag.PixelData).getString(Tag.StudyInstanceUID));
            }
        }
        return new ArrayList<>(uids);
    }

    static void completeAndSettle(Gateway gateway, List<String> studies) throws Exception {
        waitFor(OWN_TRIGGERS, () -> studies.stream().allMatch(s -> complete(gateway, s)));
        for (String study : studies) {
            if (!complete(gateway, study)) {
                RunningGateway.await(gateway.studyAssembler().complete(study));
            }
        }
        boolean settled = waitFor(SETTLE,
                () -> studies.stream().allMatch(s -> routed(gateway, s) && jobsSettled(gateway, s)));
        if (!settled) {
            System.out.println("(some jobs are still running after " + SETTLE.toSeconds()
                    + " s; the table shows them as they are)");
        }
    }

    private static boolean complete(Gateway gateway, String study) {
        return status(gateway, study).map(s -> s.state() == StudyStatus.State.COMPLETE).orElse(false);
    }

    private static boolean routed(Gateway gateway, String study) {
        return status(gateway, study).map(StudyStatus::routed).orElse(false);
    }

    private static Optional<StudyStatus> status(Gateway gateway, String study) {
        try {
            return RunningGateway.await(gateway.studyAssembler().status(study));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    /**
     * Finished, handed over to the results stage (its result is what the vendor's sandbox does next), or
     * waiting for a retry after a failed attempt (a vendor the sandbox does not play).
     */
    private static boolean jobsSettled(Gateway gateway, String study) {
        for (Job job : gateway.jobStore().forStudy(study)) {
            boolean waitingRetry = job.state() == JobState.PENDING && job.attempts() > 0;
            if (!job.state().isFinal() && !job.state().isHandedOver() && !waitingRetry) {
                return false;
            }
        }
        return true;
    }

    private static boolean waitFor(Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            // the command's own thread, never an event loop: a short park between looks is harmless here
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
        return true;
    }

    static void printVendors(DemoVendors vendors, PrintStream out) {
        out.println();
        vendors.received().forEach((ae, n) -> out.printf("sandbox vendor %-12s acknowledged %d instances%n", ae, n));
        vendors.unavailable().forEach(v -> out.printf("sandbox vendor %s could not listen (port taken)%n", v));
    }
}
