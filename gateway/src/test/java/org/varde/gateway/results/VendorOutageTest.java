package org.varde.gateway.results;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.varde.dicom.data.Tag;
import org.varde.gateway.jobs.Job;
import org.varde.gateway.testing.DicomFiles;
import org.varde.gateway.testing.Poll;
import org.varde.testdata.GeneratorOptions;
import org.varde.testdata.StudyGenerator;
import org.varde.testdata.StudyKind;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A vendor outage followed by recovery, over real sockets: three CT studies arrive while the sandbox
 * DICOM vendor is down (its port refuses connections); each job's attempts fail with the reason in
 * its history and are retried; when the vendor comes back on the same port the backlog drains, every
 * study gets its result, and the vendor received each SOP instance exactly once and answered each
 * study once.
 *
 * <p>Attempts are few (10; backoff up to 2 s) though the breaker, once open, holds every claim back
 * for its 30 s cool-down, many times over: a call the breaker held back reaches no vendor and costs
 * no attempt (JobStore.postpone), so the outage dead-letters nothing.
 */
class VendorOutageTest {
    @TempDir
    Path dir;

    @Test
    void theBacklogDrainsAfterRecoveryWithNoDuplicateAtTheVendor() throws Exception {
        Path set = dir.resolve("set");
        StudyGenerator.generate(set, new GeneratorOptions(StudyKind.CT_THORAX, 3, 404, 6, 64));
        List<Path> files = SandboxRoundTrip.dicomFiles(set);
        Set<String> studies = new HashSet<>();
        Set<String> sops = new HashSet<>();
        for (Path file : files) {
            var header = DicomFiles.header(file);
            studies.add(header.getString(Tag.StudyInstanceUID));
            sops.add(header.getString(Tag.SOPInstanceUID));
        }
        assertEquals(3, studies.size());

        try (SandboxRoundTrip trip = SandboxRoundTrip.start(dir, SandboxRoundTrip.Setup.plain().attempts(10))) {
            SandboxRoundTrip.await(trip.vendor.goDown());
            trip.send(set);
            for (String study : studies) {
                Job failing = trip.awaitJob(study, j -> j.attempts() >= 1 && j.lastError() != null, "failing to dispatch");
                assertTrue(trip.history(failing).contains("FAILED"), trip.history(failing));
            }
            assertEquals(0, trip.vendor.stored(), "the vendor was down");

            SandboxRoundTrip.await(trip.vendor.comeBack());
            List<Job> done = new ArrayList<>();
            for (String study : studies) {
                done.add(trip.awaitResult(study));
            }
            for (Job job : done) {
                String history = trip.history(job);
                int refused = history.indexOf("unreachable: cannot connect");
                int acknowledged = history.indexOf("vendor acknowledged");
                assertTrue(refused >= 0 && acknowledged > refused,
                        "the dispatch failed while the vendor was down, then went through: " + history);
            }

            Map<String, Integer> perInstance = trip.vendor.storedPerInstance();
            assertEquals(sops, perInstance.keySet(), "the vendor got every instance of the three studies");
            assertTrue(perInstance.values().stream().allMatch(n -> n == 1), "no instance twice: " + perInstance);
            assertTrue(Poll.until(SandboxRoundTrip.WAIT, () -> trip.vendor.reportsSent().size() >= 3));
            assertEquals(3, trip.vendor.reportsSent().size(), "one result per study");
            assertEquals(studies, new HashSet<>(trip.vendor.reportsSent().stream()
                    .map(r -> r.getString(Tag.StudyInstanceUID)).toList()));
        }
    }
}
