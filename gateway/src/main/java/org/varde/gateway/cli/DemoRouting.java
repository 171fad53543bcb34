package org.varde.gateway.cli;

import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.DicomReader;
import org.varde.dicom.data.Part10;
import org.varde.dicom.data.Part10File;
import org.varde.dicom.data.Tag;
import org.varde.gateway.Gateway;
import org.varde.gateway.assembly.StudyStatus;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The demo's completion: studies that completed on their own (an expected series, an MPPS) are left
 * alone; the rest are completed as an operator would ({@code POST .../complete}), rather than waiting
 * a minute for the idle timer. The table then shows each study as it settles ({@link DemoTable}).
 */
final class DemoRouting {
    private static final Duration OWN_TRIGGERS = Duration.ofSeconds(3);

    private DemoRouting() {
    }

    /** A file's data set up to its pixels. */
    static Attributes header(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            Part10File part10 = Part10.readHeader(in);
            return new DicomReader(in, part10.transferSyntax()).readDataSetUntil(Tag.PixelData);
        }
    }

    /** Leaves the studies' own triggers a moment, then completes the rest as an operator would. */
    static void completeAll(Gateway gateway, List<String> studies) throws Exception {
        waitFor(OWN_TRIGGERS, () -> studies.stream().allMatch(s -> complete(gateway, s)));
        for (String study : studies) {
            if (!complete(gateway, study)) {
                RunningGateway.await(gateway.studyAssembler().complete(study));
            }
        }
    }

    private static boolean complete(Gateway gateway, String study) {
        return status(gateway, study).map(s -> s.state() == StudyStatus.State.COMPLETE).orElse(false);
    }

    private static Optional<StudyStatus> status(Gateway gateway, String study) {
        try {
            return RunningGateway.await(gateway.studyAssembler().status(study));
        } catch (Exception e) {
            return Optional.empty();
        }
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
        vendors.performed().forEach((id, n) -> out.printf("sandbox UPS-RS vendor %s completed %d workitems (pull)%n", id, n));
        vendors.unavailable().forEach(v -> out.printf("sandbox vendor %s could not listen (port taken)%n", v));
    }
}
