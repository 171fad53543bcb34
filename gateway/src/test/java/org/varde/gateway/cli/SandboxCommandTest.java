package org.varde.gateway.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.varde.connectors.algorithm.dicom.DicomEndpoint;
import org.varde.connectors.algorithm.dicomweb.DicomWebEndpoint;
import org.varde.connectors.algorithm.dicomweb.ResultReturn;
import org.varde.connectors.algorithm.rest.RestEndpoint;
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
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code varde sandbox}: the vendors it starts listen where it says, and the catalogue it prints loads
 * as Varde's catalogue and points at them; misbehaviours and the choice of vendors are taken from the
 * command line, and a word it does not know is refused naming the option.
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
        Run unknown = run("--only", "ups");
        assertEquals(2, unknown.exitCode());
        assertTrue(unknown.err().contains("none of dicom, dicomweb, rest"), unknown.err());
    }
}
