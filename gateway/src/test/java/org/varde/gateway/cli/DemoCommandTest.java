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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code varde demo --exit}: the shipped demo config, catalogue and routes, sandbox vendors, the mix, one table. */
class DemoCommandTest {
    @TempDir
    Path tmp;

    @Test
    void demoSendsAMixShowsOneTableAsResultsArriveAndKeepsTheLogAndTheDetailsInFiles() throws Exception {
        Path config = demoConfig().getParent().getParent();
        PrintStream original = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = Main.run("demo", "--config", config.resolve("config/demo.yaml").toString(),
                    "--storage-dir", tmp.toString(), "--exit");
        } finally {
            System.setOut(original);
        }
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(0, exit, out);
        // the terminal: the progress bar, then one table; no log line between them
        assertTrue(out.lines().anyMatch(l -> l.matches("sending 6 studies +\\[#{30}\\] 100% \\((\\d+)/\\1\\)  all stored")), out);
        assertTrue(out.lines().noneMatch(l -> l.contains(" INFO ") || l.contains(" WARN ")), "the log is not on the terminal: " + out);
        List<String> lines = out.lines().toList();
        int header = lines.indexOf(lines.stream().filter(l -> l.startsWith("STUDY ")).findFirst().orElseThrow());
        assertTrue(lines.get(header).matches("STUDY +ALGORITHMS +FINDING +PRIORITY +SR +FHIR +HL7 +SECONDS"), out);
        List<String> rows = lines.subList(header + 1, header + 7);
        for (String label : List.of("CT thorax, nodule 10 mm", "CT thorax, embolus 8 mm", "CT thorax, no finding",
                "Chest X-ray", "Wrist X-ray, fracture", "MR head")) {
            assertEquals(1, rows.stream().filter(r -> r.startsWith(label + " ")).count(), label + " once in " + out);
        }
        assertTrue(rows.stream().noneMatch(r -> r.contains("still running")), out);
        assertTrue(rows.stream().allMatch(r -> r.matches(".* \\d+\\.\\d$")), "each row ends with its seconds: " + out);
        // the planted nodule: the detector finds it, the policy asks for urgent, the SR reaches the demo PACS
        String nodule = row(rows, "CT thorax, nodule 10 mm");
        assertTrue(nodule.contains("lung-nodules") && nodule.contains(" urgent ") && nodule.matches(".* yes +- +- +\\d+\\.\\d$"),
                nodule);
        assertFalse(nodule.contains(" none "), "a finding is shown: " + nodule);
        // no finding planted: the detector finds none, nothing urgent
        String clear = row(rows, "CT thorax, no finding");
        assertTrue(clear.contains("lung-nodules") && clear.contains(" none ") && !clear.contains("urgent"), clear);
        assertTrue(row(rows, "MR head").contains("ms-follow-up"), out);
        assertTrue(row(rows, "Chest X-ray").contains("cxr-triage"), out);
        assertTrue(out.contains("the gateway has stopped (--exit)"), out);

        // the log went to its file; the details (every decision, job, vendor, delivery) to theirs
        String log = Files.readString(tmp.resolve("varde-demo.log"));
        assertTrue(log.contains(" INFO "), "the log file holds the log");
        String details = Files.readString(tmp.resolve("demo-details.txt"));
        assertTrue(details.contains("COMPLETED BY"), "the routing table: " + details);
        assertTrue(details.lines().anyMatch(l -> l.contains("MR HEAD") && l.contains("ms-follow-up") && l.contains("SEND")
                && l.contains("DONE")), details);
        assertTrue(details.contains("sandbox vendor LESIONTRACK  acknowledged 16 instances"), details);
        // every algorithm the router sent a study to got it and answered: the way back is part of the demo
        List<String> sent = details.lines().filter(l -> l.contains(" SEND ")).toList();
        assertTrue(sent.size() >= 8, details);
        // (a series arriving after its study completed opens a new generation; routes that accept no updates
        // send it nowhere: "none: update")
        assertTrue(sent.stream().allMatch(l -> l.contains(" DONE ") || l.contains(" none: update")), details);
        assertTrue(details.lines().anyMatch(l -> l.contains("lung-metastases") && l.contains("demo-pacs") && l.contains("shadow")
                && l.contains("KEPT")), details);
        assertTrue(details.contains("API check: GET /api/studies with the demo token answered 200 (6 studies)"), details);
    }

    private static String row(List<String> rows, String label) {
        return rows.stream().filter(r -> r.startsWith(label + " ")).findFirst().orElseThrow();
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
