package org.varde.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.varde.gateway.Main;
import org.varde.testdata.GeneratorOptions;
import org.varde.testdata.StudyGenerator;
import org.varde.testdata.StudyKind;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code varde routes explain}: the shipped catalogue and routes applied to generated studies, dry run. */
class RoutesExplainCommandTest {
    @TempDir
    Path tmp;

    private static Path shippedConfig() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("config/varde.yaml"))) {
            dir = dir.getParent();
        }
        assertTrue(dir != null, "config/varde.yaml above the working directory");
        return dir.resolve("config/varde.yaml");
    }

    @Test
    void ctThoraxFolderIsSentToTheLungNodulesProductWithEveryReason() throws Exception {
        Path folder = tmp.resolve("ct");
        StudyGenerator.generate(folder, new GeneratorOptions(StudyKind.CT_THORAX, 1, 7, 4, 16));
        Output out = run("routes", "explain", folder.toString(), "--config", shippedConfig().toString());
        assertEquals(0, out.exitCode, out.text);
        assertTrue(out.text.contains("route ct-thorax-nodules -> lung-nodules [clinical]: SEND"), out.text);
        assertTrue(out.text.contains("guard"), "guard reasons are printed: " + out.text);
        assertTrue(out.text.contains("Modality equals CT: passed (CT)"), out.text);
        // an MR product's route matched nothing on a CT study, and says which condition failed
        assertTrue(out.text.lines().anyMatch(l -> l.contains("-> ms-follow-up") && l.contains("RULE_MISS")), out.text);
    }

    @Test
    void singleFileAndJsonGiveTheApiShape() throws Exception {
        List<Path> files = StudyGenerator.generate(tmp.resolve("mr"),
                new GeneratorOptions(StudyKind.MR_HEAD, 1, 9, 2, 16));
        Output out = run("routes", "explain", files.get(0).toString(), "--config", shippedConfig().toString(),
                "--json");
        assertEquals(0, out.exitCode, out.text);
        JsonNode decisions = new ObjectMapper().readTree(out.text);
        assertTrue(decisions.isArray() && decisions.size() > 0, out.text);
        boolean nodulesRefused = false;
        for (JsonNode d : decisions) {
            assertTrue(d.get("reasons").size() > 0, "every decision carries its reasons: " + d);
            if ("lung-nodules".equals(d.get("algorithm").asText())) {
                nodulesRefused = !"SEND".equals(d.get("outcome").asText());
            }
        }
        assertTrue(nodulesRefused, "an MR head is never sent to a CT lung product: " + out.text);
    }

    @Test
    void missingPathAndBrokenRoutesAreErrorsNotDecisions() throws Exception {
        assertEquals(ExplainCommand.USAGE_ERROR, run("routes", "explain", tmp.resolve("absent").toString(),
                "--config", shippedConfig().toString()).exitCode);
        Path badRoutes = Files.writeString(tmp.resolve("routes.yaml"),
                "routes:\n  - name: x\n    algorithms: [no-such-product]\n");
        Output out = run("routes", "explain", tmp.toString(), "--config", shippedConfig().toString(),
                "--routes", badRoutes.toString());
        assertEquals(VardeCommand.CONFIG_ERROR, out.exitCode, out.text);
        assertFalse(out.text.contains("SEND"), out.text);
    }

    private record Output(int exitCode, String text) {
    }

    private static Output run(String... args) {
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
        try {
            int code = Main.run(args);
            return new Output(code, bytes.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }
}
