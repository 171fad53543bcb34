package org.varde.gateway.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.varde.gateway.Main;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code varde demo}: the shipped demo config, catalogue and routes, sandbox vendors, a routing table. */
class DemoCommandTest {
    @TempDir
    Path tmp;

    @Test
    void demoRoutesTheSyntheticStudiesToTheSandboxVendorsAndPrintsTheTable() throws Exception {
        Path config = demoConfig().getParent().getParent();
        PrintStream original = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = Main.run("demo", "--config", config.resolve("config/demo.yaml").toString(),
                    "--storage-dir", tmp.toString());
        } finally {
            System.setOut(original);
        }
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(0, exit, out);
        assertTrue(out.contains("COMPLETED BY"), "the routing table is printed: " + out);
        // the MR head goes to the MS product, sent to its sandbox vendor and done; 2 series of 8 slices
        assertTrue(out.lines().anyMatch(l -> l.contains("MR HEAD") && l.contains("ms-follow-up") && l.contains("SEND")
                && l.contains("DONE")), out);
        assertTrue(out.contains("sandbox vendor LESIONTRACK  acknowledged 16 instances"), out);
        assertTrue(out.lines().anyMatch(l -> l.contains("DX CHEST") && l.contains("cxr-triage") && l.contains("DONE")),
                out);
        // every algorithm the router sent a study to got it: the demo catalogue reaches all of them over DICOM
        List<String> sent = out.lines().filter(l -> l.contains(" SEND ")).toList();
        assertEquals(6, sent.size(), out);
        // every vendor answered with its SR and every job ended: the way back is part of the demo
        assertTrue(sent.stream().allMatch(l -> l.contains(" DONE ")), out);
        // the CT completes once, when its thin series stopped growing, and each CT product gets all 24 slices
        List<String> ct = out.lines().filter(l -> l.contains("CT CHEST")).toList();
        assertEquals(3, ct.size(), "lung-nodules, lung-metastases, ild-quant-research; no follow-up: " + out);
        assertTrue(ct.stream().allMatch(l -> l.contains(" 0 EXPECTED_SERIES ")), out);
        assertTrue(out.contains("sandbox vendor PULMOSPOT    acknowledged 24 instances"), out);
        assertTrue(out.contains("sandbox vendor METASCAN     acknowledged 24 instances"), out);
        // the planted nodule: the detector finds it, the policy asks for urgent, the SR is delivered to the
        // demo's PACS; the shadow route's SR is built and kept, not sent
        assertTrue(out.lines().anyMatch(l -> l.contains("lung-nodules") && l.contains("demo-pacs") && l.contains("clinical")
                && l.contains("DELIVERED") && l.contains("urgent") && l.contains("stored ")), out);
        assertTrue(out.lines().anyMatch(l -> l.contains("lung-metastases") && l.contains("demo-pacs") && l.contains("shadow")
                && l.contains("KEPT")), out);
        assertTrue(out.contains("demo PACS stored 1 objects"), out);
        // the API answers the demo token end to end, as the printed curl lines use it
        assertTrue(out.contains("API check: GET /api/studies with the demo token answered 200 (4 studies)"), out);
    }

    /** The shipped config/demo.yaml, found upwards from the working directory. */
    static Path demoConfig() {
        Path dir = Path.of("").toAbsolutePath();
        while (!Files.isRegularFile(dir.resolve("config/demo.yaml"))) {
            dir = dir.getParent();
        }
        return dir.resolve("config/demo.yaml");
    }
}
