package org.varde.testdata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark's study: 300 real-size CT slices must take seconds, not minutes. */
class BenchmarkSizeStudyTest {

    /** Generous for a shared 2-core machine; pixel generation alone is well under a second. */
    private static final Duration LIMIT = Duration.ofSeconds(60);

    @TempDir
    Path out;

    @Test
    void threeHundredFullSizeCtSlicesAreWrittenInSeconds() throws IOException {
        long started = System.nanoTime();
        List<Path> files = StudyGenerator.generate(out, new GeneratorOptions(StudyKind.CT_THORAX, 1, 300, 300, 512));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        // 300 slices of 1 mm span 299 mm: 60 slices of 5 mm
        assertEquals(300 + 60, files.size());
        long pixelBytes = 512L * 512 * 2;
        for (Path file : List.of(files.get(0), files.get(files.size() - 1))) {
            assertTrue(Files.size(file) > pixelBytes, file + " holds a full 512x512 16-bit slice");
        }
        assertTrue(took.compareTo(LIMIT) < 0, "took " + took);
    }
}
