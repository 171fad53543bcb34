package org.varde.gateway.cli;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.varde.gateway.Main;
import org.varde.testdata.peer.LocalOrthanc;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

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
        assertTrue(out.lines().anyMatch(l -> l.matches("sending 8 studies +\\[#{30}\\] 100% \\((\\d+)/\\1\\)  all stored")), out);
        assertTrue(out.lines().noneMatch(l -> l.contains(" INFO ") || l.contains(" WARN ")), "the log is not on the terminal: " + out);
        // Orthanc where installed, else the sandbox PACS: the demo says which
        assertTrue(out.contains("demo PACS: Orthanc, its Explorer at http://127.0.0.1:")
                || !LocalOrthanc.installed() && out.contains("demo PACS: the sandbox PACS (Orthanc is not installed)"), out);
        List<String> lines = out.lines().toList();
        int header = lines.indexOf(lines.stream().filter(l -> l.startsWith("STUDY ")).findFirst().orElseThrow());
        assertTrue(lines.get(header).matches("STUDY +ALGORITHMS +FINDING +PRIORITY +SR +FHIR +HL7 +SECONDS"), out);
        List<String> rows = lines.subList(header + 1, header + 9);
        for (String label : List.of("CT thorax, nodule 10 mm", "CT thorax, no finding", "CTPA, embolus 8 mm",
                "CTPA, no embolus", "Chest X-ray, adult", "Chest X-ray, child", "Wrist X-ray, fracture", "MR head")) {
            assertEquals(1, rows.stream().filter(r -> r.startsWith(label + " ")).count(), label + " once in " + out);
        }
        assertTrue(rows.stream().noneMatch(r -> r.contains("still running")), out);
        assertTrue(rows.stream().allMatch(r -> r.matches(".* \\d+\\.\\d$")), "each row ends with its seconds: " + out);
        // the planted nodule: the detector finds it, the policy asks for urgent; SR, FHIR and HL7 delivered
        String nodule = row(rows, "CT thorax, nodule 10 mm");
        assertTrue(nodule.contains(" lung-nodules +2 shadow ") && nodule.contains(" urgent ")
                && nodule.matches(".* yes +yes +yes +\\d+\\.\\d$"), nodule);
        assertFalse(nodule.contains(" none "), "a finding is shown: " + nodule);
        // no finding planted: the detector finds none, no priority asked; the report still goes everywhere
        String clear = row(rows, "CT thorax, no finding");
        assertTrue(clear.contains("lung-nodules") && clear.contains(" none ") && !clear.contains("urgent")
                && clear.matches(".* - +yes +yes +yes +\\d+\\.\\d$"), clear);
        // the CTPA reaches the PE route (and the nodule one): the embolus detector finds the planted clot
        String embolus = row(rows, "CTPA, embolus 8 mm");
        // clinical algorithms by name, the shadow ones (lung-metastases, the research ILD tool) counted
        assertTrue(embolus.contains(" lung-nodules, pe-detect +2 shadow ") && embolus.contains(" stat ")
                && embolus.matches(".* yes +yes +yes +\\d+\\.\\d$"), embolus);
        String noEmbolus = row(rows, "CTPA, no embolus");
        assertTrue(noEmbolus.contains("pe-detect") && !noEmbolus.contains(" stat ") && !noEmbolus.contains(" urgent "),
                noEmbolus);
        assertTrue(row(rows, "CT thorax, nodule 10 mm").indexOf("pe-detect") < 0, "a plain CT thorax is no CTPA: " + nodule);
        // every kind's result lands in PACS and RIS: the fracture with a priority, the others without one
        String wrist = row(rows, "Wrist X-ray, fracture");
        assertTrue(wrist.contains(" fracture-xr ") && wrist.contains("Fracture of bone") && wrist.contains(" urgent ")
                && wrist.matches(".* yes +yes +yes +\\d+\\.\\d$"), wrist);
        String mr = row(rows, "MR head");
        assertTrue(mr.contains("ms-follow-up") && mr.matches(".* - +yes +yes +yes +\\d+\\.\\d$"), mr);
        String cxr = row(rows, "Chest X-ray, adult");
        assertTrue(cxr.contains("cxr-triage") && cxr.matches(".* - +yes +yes +yes +\\d+\\.\\d$"), cxr);
        // the child: the route matches, the adult-only product's intended use refuses it
        String child = row(rows, "Chest X-ray, child");
        assertTrue(child.contains("refused: cxr-triage") && child.matches(".* - +- +- +- +\\d+\\.\\d$"), child);
        assertTrue(out.contains("the gateway has stopped (--exit)"), out);

        // the log went to its file; the details (every decision, job, vendor, delivery) to theirs
        String log = Files.readString(tmp.resolve("varde-demo.log"));
        assertTrue(log.contains(" INFO "), "the log file holds the log");
        String details = Files.readString(tmp.resolve("demo-details.txt"));
        assertTrue(details.contains("COMPLETED BY"), "the routing table: " + details);
        assertTrue(details.lines().anyMatch(l -> l.contains("MR HEAD") && l.contains("ms-follow-up") && l.contains("SEND")
                && l.contains("DONE")), details);
        assertTrue(details.contains("sandbox vendor LESIONTRACK  acknowledged 16 instances"), details);
        // the child's refusal with its reason: the age against the product's minimum
        assertTrue(details.lines().anyMatch(l -> l.contains("cxr-triage") && l.contains("GUARD_REFUSED")
                && l.contains("PatientAge")), details);
        // the chest X-ray triage pulls its work over UPS-RS (IHE AIW-I): the sandbox vendor performed the workitem
        assertTrue(details.contains("sandbox UPS-RS vendor cxr-triage completed 1 workitems (pull)"), details);
        assertTrue(details.lines().anyMatch(l -> l.contains("cxr-triage") && l.contains(" SEND ") && l.contains(" DONE ")),
                details);
        // every algorithm the router sent a study to got it and answered: the way back is part of the demo
        List<String> sent = details.lines().filter(l -> l.contains(" SEND ")).toList();
        assertTrue(sent.size() >= 12, details);
        // (a series arriving after its study completed opens a new generation; routes that accept no updates
        // send it nowhere: "none: update")
        assertTrue(sent.stream().allMatch(l -> l.contains(" DONE ") || l.contains(" none: update")), details);
        // the shadow route builds and keeps its SR, Bundle and ORU, and sends none of them
        for (String output : List.of("demo-pacs", "demo-ris-fhir", "demo-ris-hl7")) {
            assertTrue(details.lines().anyMatch(l -> l.contains("lung-metastases") && l.contains(output)
                    && l.contains("shadow") && l.contains("KEPT")), output + " kept: " + details);
        }
        assertTrue(details.lines().noneMatch(l -> l.contains("lung-metastases") && l.contains("DELIVERED")), details);
        // the sandbox RIS took what the clinical routes delivered, and no more (nothing of the shadow route):
        // one ORU per delivered HL7 report, a Task only where a priority was asked for
        long hl7Delivered = details.lines().filter(l -> l.contains("demo-ris-hl7") && l.contains("DELIVERED")).count();
        long orus = details.lines().filter(l -> l.startsWith("sandbox RIS HL7: ORU^R01 acknowledged AA for ")).count();
        assertTrue(hl7Delivered >= 9 && orus == hl7Delivered, orus + " ORUs for " + hl7Delivered + ": " + details);
        assertTrue(details.contains("sandbox RIS FHIR: Task for CT thorax, nodule 10 mm, priority urgent"), details);
        assertTrue(details.contains("sandbox RIS FHIR: Task for CTPA, embolus 8 mm, priority stat"), details);
        assertTrue(details.contains("sandbox RIS FHIR: Task for Wrist X-ray, fracture, priority urgent"), details);
        assertTrue(details.lines().noneMatch(l -> l.startsWith("sandbox RIS FHIR: Task for CT thorax, no finding")
                || l.startsWith("sandbox RIS FHIR: Task for CTPA, no embolus")), "no priority, no Task: " + details);
        assertTrue(details.contains("sandbox RIS HL7: ORU^R01 acknowledged AA for CT thorax, no finding, priority none"),
                details);
        assertTrue(details.lines().noneMatch(l -> l.contains("an order unknown to the demo")), details);
        // the PACS holds one SR per clinical delivery to it (the nodule's among them), none of the shadow route
        long pacsDelivered = details.lines().filter(l -> l.contains(" demo-pacs ") && l.contains("DELIVERED")).count();
        assertTrue(pacsDelivered >= 9 && details.lines().anyMatch(l -> l.matches("demo PACS, .*, stored " + pacsDelivered
                + " objects")), pacsDelivered + " delivered: " + details);
        assertTrue(details.contains("API check: GET /api/studies with the demo token answered 200 (8 studies)"), details);

        valueTable(lines, details);
    }

    /**
     * The value table after the results: a line per algorithm and mode that was sent studies, its numbers
     * following from the set: as many studies as the routing table shows it sent and done; the CT products
     * and the wrist product run a sandbox detector (the embolism detector for pe-detect, the fracture
     * detector for fracture-xr, the nodule detector for the others) that finds each planted finding of its
     * kind and nothing else (positives and sensitivity k/k for k planted, specificity over the studies whose
     * finding is known absent).
     */
    private void valueTable(List<String> lines, String details) throws Exception {
        List<JsonObject> truths = new ArrayList<>();
        try (Stream<Path> files = Files.walk(tmp.resolve("generated"))) {
            for (Path f : files.filter(f -> f.getFileName().toString().equals("ground-truth.json")).toList()) {
                truths.add(new JsonObject(Files.readString(f)));
            }
        }
        String all = String.join("\n", lines);
        assertTrue(all.contains("(GET /api/value; ground truth of " + truths.size() + " studies):"), all);
        int header = lines.indexOf("what each algorithm was worth on this set (GET /api/value; ground truth of "
                + truths.size() + " studies):");
        assertTrue(lines.get(header + 1).matches("ALGORITHM +MODE +STUDIES +POSITIVES +FLAG RATE +P50 S +SENSITIVITY "
                + "+SPECIFICITY"), all);
        List<String> table = lines.subList(header + 2, lines.size()).stream().takeWhile(l -> !l.isBlank()).toList();
        for (String[] ct : List.of(new String[]{"lung-nodules", "clinical", "nodule"},
                new String[]{"lung-metastases", "shadow", "nodule"}, new String[]{"pe-detect", "clinical", "pe"},
                new String[]{"fracture-xr", "clinical", "fracture"})) {
            long planted = count(truths, ct[2], "present");
            long absent = count(truths, ct[2], "absent");
            assertTrue(planted >= 1, "the set plants a " + ct[2]);
            long sent = sentAndDone(details, ct[0]);
            String line = valueLine(table, ct[0]);
            assertTrue(line.matches(ct[0] + " +" + ct[1] + " +" + sent + " +" + planted + " +"
                    + Math.round(100.0 * planted / sent) + " % +\\d+\\.\\d +100 % " + planted + "/" + planted
                    + " +" + (absent == 0 ? "- 0/0" : "100 % " + absent + "/" + absent)), line + "\n" + all);
        }
        assertEquals(1, count(truths, "fracture", "present"), "the wrist's planted fracture");
        // every study but the MR head (no finding the generator plants) is known positive or negative
        assertEquals(7, truths.size(), "ground truth files of the set");
        assertEquals(List.of(1L, 1L, 2L), List.of(count(truths, "nodule", "absent"), count(truths, "pe", "absent"),
                count(truths, "opacity", "absent")), "the studies without a finding, known absent");
        // each line's studies are the ones the routing table shows sent to it and done
        for (String line : table) {
            String algorithm = line.split(" +")[0];
            assertEquals(sentAndDone(details, algorithm), Long.parseLong(line.split(" +")[2]), line);
        }
    }

    private static long count(List<JsonObject> truths, String finding, String presence) {
        return truths.stream().filter(t -> t.getString("finding").equals(finding)
                && t.getString("presence").equals(presence)).count();
    }

    private static long sentAndDone(String details, String algorithm) {
        return details.lines().filter(l -> l.contains(" " + algorithm + " ") && l.contains(" SEND ")
                && l.contains(" DONE ")).count();
    }

    private static String valueLine(List<String> table, String algorithm) {
        return table.stream().filter(l -> l.startsWith(algorithm + " ")).findFirst()
                .orElseThrow(() -> new AssertionError(algorithm + " has no line in " + table));
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
