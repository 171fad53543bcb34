package org.varde.gateway.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.varde.connectors.algorithm.dicom.DicomEndpoint;
import org.varde.connectors.algorithm.dicomweb.DicomWebEndpoint;
import org.varde.connectors.algorithm.dicomweb.ResultReturn;
import org.varde.connectors.algorithm.rest.RestEndpoint;
import org.varde.connectors.algorithm.ups.UpsEndpoint;
import io.vertx.core.Vertx;
import org.varde.dicom.data.Tag;
import org.varde.gateway.Gateway;
import org.varde.gateway.access.Role;
import org.varde.gateway.config.ConfigLoader;
import org.varde.gateway.config.GatewayConfig;
import org.varde.gateway.jobs.JobState;
import org.varde.gateway.testing.DicomFiles;
import org.varde.gateway.testing.Poll;
import org.varde.testdata.StudyGenerator;
import org.varde.testdata.StudyKind;
import org.varde.gateway.routing.AlgorithmCatalogue;
import org.varde.gateway.testing.Processes;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code varde sandbox}: the vendors it starts listen where it says, and the catalogue it prints loads
 * as Varde's catalogue and points at them; misbehaviours and the choice of vendors are taken from the
 * command line, and a word it does not know is refused naming the option. The UPS-RS vendor, given a
 * vendor token, performs a chest X-ray a real gateway schedules for the catalogue entry it printed.
 */
class SandboxCommandTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    private record Run(int exitCode, String out, String err, SandboxCommand command) {
    }

    private Run run(String... args) {
        SandboxCommand command = new SandboxCommand();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new CommandLine(command).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new Run(code, out.toString(), err.toString(), command);
    }

    @Test
    void everyVendorListensWhereItSaysAndThePrintedCatalogueReachesIt() throws Exception {
        Run run = run("--dicom-port", "0", "--dicomweb-port", "0", "--rest-port", "0", "--work-dir",
                dir.resolve("work").toString());
        try {
            assertEquals(VardeCommand.KEEP_RUNNING, run.exitCode(), run.err());
            String catalogueText = run.out().substring(run.out().indexOf("algorithms:"));
            Path file = Files.writeString(dir.resolve("algorithms.yaml"), catalogueText);
            Files.writeString(dir.resolve("sandbox-rest.token"), "sandbox-rest-token\n");
            AlgorithmCatalogue catalogue = AlgorithmCatalogue.load(file);
            assertEquals(3, catalogue.algorithms().size(), run.out());

            DicomEndpoint dicom = (DicomEndpoint) catalogue.find("sandbox-lung-nodules").orElseThrow().endpoint();
            assertTrue(run.out().contains("PULMOSPOT@127.0.0.1:" + dicom.port()), run.out());
            Processes.Result echo = Processes.run(List.of("echoscu", "-aec", dicom.aeTitle(), dicom.host(),
                    String.valueOf(dicom.port())), dir);
            assertEquals(0, echo.exitCode(), "the DICOM vendor answers C-ECHO: " + echo.output());

            DicomWebEndpoint web = (DicomWebEndpoint) catalogue.find("sandbox-pe").orElseThrow().endpoint();
            assertEquals(ResultReturn.POLL, web.results(), "without a vendor token its results are kept for polling");
            HttpResponse<String> qido = http.send(HttpRequest.newBuilder(web.resolve("studies/1.2.3/instances")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, qido.statusCode());
            assertEquals("[]", qido.body(), "the DICOMweb vendor answers QIDO-RS: nothing kept yet");

            RestEndpoint rest = (RestEndpoint) catalogue.find("sandbox-wrist-fracture").orElseThrow().endpoint();
            assertEquals(401, http.send(HttpRequest.newBuilder(rest.url()).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode(), "the REST vendor wants its token");
            assertTrue(rest.mapping() != null && rest.wantsResultCallback(), "a webhook vendor with its mapping");
            assertTrue(run.err().contains("ups: not started") && run.err().contains("--name sandbox-cxr-triage"),
                    "without a token the pull vendor says what it needs: " + run.err());
        } finally {
            stop(run);
        }
    }

    @Test
    void onlyTheChosenVendorStartsAndMisbehavesAsTold() throws Exception {
        Run run = run("--only", "rest", "--rest-port", "0", "--rest-misbehave", "HTTP_500", "--rest-token", "t0k",
                "--work-dir", dir.resolve("work").toString());
        try {
            assertEquals(VardeCommand.KEEP_RUNNING, run.exitCode(), run.err());
            List<SandboxVendors.Started> started = run.command().running.started();
            assertEquals(1, started.size(), run.out());
            assertFalse(run.out().contains("dicomweb "), run.out());
            String url = started.get(0).listensAt().split(" ")[0];
            HttpResponse<String> posted = http.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Authorization", "Bearer t0k").POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(500, posted.statusCode(), posted.body());
        } finally {
            stop(run);
        }
    }

    private static void stop(Run run) {
        if (run.command().running != null) {
            run.command().running.close();
        }
    }

    @Test
    void anUnknownMisbehaviourIsRefusedNamingTheOption() {
        Run run = run("--dicom-misbehave", "EXPLODE");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("--dicom-misbehave") && run.err().contains("EXPLODE"), run.err());
        assertTrue(run.command().running == null, "nothing started");
        Run unknown = run("--only", "hl7");
        assertEquals(2, unknown.exitCode());
        assertTrue(unknown.err().contains("none of dicom, dicomweb, rest, ups"), unknown.err());
    }

    @Test
    void theUpsVendorPerformsTheWorkitemsOfItsPrintedCatalogueEntryOnARealGateway() throws Exception {
        // its catalogue entry first (it needs no port): then a gateway that schedules workitems for it
        Run printed = run("--only", "ups", "--ups-token-file", Files.writeString(dir.resolve("none.token"), "x").toString(),
                "--varde-http-port", "1", "--work-dir", dir.resolve("work0").toString());
        stop(printed);
        String entry = printed.out().substring(printed.out().indexOf("algorithms:"));
        Files.writeString(dir.resolve("algorithms.yaml"), entry);
        assertEquals(UpsEndpoint.class, AlgorithmCatalogue.load(dir.resolve("algorithms.yaml"))
                .find(SandboxVendors.CXR_ID).orElseThrow().endpoint().getClass());
        Files.writeString(dir.resolve("routes.yaml"), """
                routes:
                  - name: cxr
                    match: {attribute: Modality, equals: DX}
                    algorithms: [%s]
                    mode: clinical
                    completion: {idleSeconds: 1}
                """.formatted(SandboxVendors.CXR_ID));
        Path configFile = Files.writeString(dir.resolve("varde.yaml"), """
                dicom: {aeTitle: VARDE, allowedCallers: ["MODALITY@127.0.0.1"]}
                storage: {dir: ./var}
                node: {id: sandbox-ups}
                routing: {algorithms: ./algorithms.yaml, routes: ./routes.yaml}
                """);
        GatewayConfig config = ConfigLoader.load(configFile);
        config = config.withDicom(config.dicom().withPort(0)).withHttp(config.http().withPort(0));
        Vertx vertx = Vertx.vertx();
        Gateway gateway = RunningGateway.await(Gateway.start(vertx, config));
        Run run = null;
        try {
            Path token = Files.writeString(dir.resolve("ups.token"),
                    gateway.tokens().create(SandboxVendors.CXR_ID, Role.VENDOR, "test"));
            // a query every ten minutes: it performs the study within the wait because an event told it to
            run = run("--only", "ups", "--ups-token-file", token.toString(), "--ups-query-seconds", "600",
                    "--varde-http-port", String.valueOf(gateway.httpPort()), "--work-dir", dir.resolve("work").toString());
            assertEquals(VardeCommand.KEEP_RUNNING, run.exitCode(), run.err());
            assertTrue(run.out().contains("ups       pulls from http://127.0.0.1:" + gateway.httpPort()), run.out());

            Path study = dir.resolve("cxr");
            StudyGenerator.generate(study, StudyKind.CXR, 1, 7500);
            String studyUid;
            try (var files = Files.walk(study)) {
                studyUid = DicomFiles.header(files.filter(f -> f.toString().endsWith(".dcm")).findFirst().orElseThrow())
                        .getString(Tag.StudyInstanceUID);
            }
            Processes.Result sent = Processes.run(List.of("storescu", "-aet", "MODALITY", "-aec", "VARDE", "+sd", "+r",
                    "+sp", "*.dcm", "127.0.0.1", String.valueOf(gateway.dicomPort()), study.toString()), dir);
            assertEquals(0, sent.exitCode(), sent.output());
            assertTrue(Poll.until(Duration.ofSeconds(180), () -> gateway.jobStore().forStudy(studyUid).stream()
                    .anyMatch(j -> j.state() == JobState.DONE)), () -> String.valueOf(gateway.jobStore().forStudy(studyUid)));
            assertEquals(1, gateway.results().list(null, SandboxVendors.CXR_ID, 10).size(), "its SR came back");
        } finally {
            if (run != null) {
                stop(run);
            }
            RunningGateway.await(gateway.stop());
            RunningGateway.await(vertx.close());
        }
    }
}
