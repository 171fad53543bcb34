package org.varde.connectors.algorithm.dicom;

import org.varde.dicom.data.Part10;
import org.varde.dicom.data.Tag;
import org.varde.testdata.GeneratorOptions;
import org.varde.testdata.StudyGenerator;
import org.varde.testdata.StudyKind;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** A small synthetic CT thorax study on disk, and the waiting helpers the adapter tests share. */
final class TestStudy {
    private TestStudy() {
    }

    /** One CT thorax study, 64×64, a few slices: enough instances to prove "every one", quick to send. */
    static List<Path> ctThorax(Path dir, long seed) throws IOException {
        return StudyGenerator.generate(dir, new GeneratorOptions(StudyKind.CT_THORAX, 1, seed, 6, 64));
    }

    static String sopInstanceUid(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            return Part10.readHeader(in).fileMetaInformation().getString(Tag.MediaStorageSOPInstanceUID);
        }
    }

    static List<String> sopInstanceUids(List<Path> files) throws IOException {
        List<String> uids = new ArrayList<>();
        for (Path f : files) {
            uids.add(sopInstanceUid(f));
        }
        return uids;
    }

    /** Waits for a condition with a deadline; never a fixed sleep. */
    static void awaitCondition(Duration timeout, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            LockSupport.parkNanos(20_000_000L);
        }
    }
}
