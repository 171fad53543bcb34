package org.varde.gateway.results;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.Part10;
import org.varde.dicom.data.Tag;
import org.varde.dicom.data.TransferSyntax;
import org.varde.gateway.jobs.Job;
import org.varde.gateway.jobs.JobState;
import org.varde.gateway.testing.DicomFiles;
import org.varde.gateway.testing.Processes;
import org.varde.testdata.Finding;
import org.varde.testdata.GeneratorOptions;
import org.varde.testdata.StudyGenerator;
import org.varde.testdata.StudyKind;
import org.varde.testdata.peer.LocalOrthanc;
import org.varde.testdata.sandbox.dicom.ReceivedInstance;
import org.varde.testdata.sandbox.dicom.ReportedFinding;
import org.varde.testdata.sandbox.dicom.Tid1500Report;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Varde's STOW-RS endpoint exercised by clients that are not Varde's code: {@code curl} posting a
 * multipart body built from files, and Orthanc's DICOMweb client ({@code /dicom-web/servers/varde/stow}).
 * The vendor's far end for the dispatch is a real Orthanc with its DICOMweb plugin.
 */
class StowRsEndpointTest {
    @TempDir
    Path dir;

    @Test
    void curlAndOrthancsDicomWebClientStoreResultsThatVardeMatchesToTheirJobs() throws Exception {
        assertTrue(LocalOrthanc.installed(), "Orthanc and orthanc-dicomweb are needed: run scripts/install-test-deps.sh");
        Path set = dir.resolve("set");
        StudyGenerator.generate(set, new GeneratorOptions(StudyKind.CT_THORAX, 2, 515, 6, 64));
        try (LocalOrthanc vendor = LocalOrthanc.start(dir.resolve("orthanc-vendor"), Duration.ofSeconds(90));
             DicomWebRoundTrip trip = DicomWebRoundTrip.withVendorAt(dir, vendor.baseUrl() + "/dicom-web", 300)) {
            trip.send(set);
            Path first = set.resolve("1");
            Path second = set.resolve("2");
            String firstUid = SandboxRoundTrip.studyUid(first);
            String secondUid = SandboxRoundTrip.studyUid(second);
            trip.awaitJob(firstUid, JobState.WAITING_RESULT);
            trip.awaitJob(secondUid, JobState.WAITING_RESULT);
            assertNotNull(vendor.get("/dicom-web/studies/" + firstUid + "/series", "application/dicom+json"),
                    "the study reached the vendor by STOW-RS");

            // curl, with a body built from the SR file
            Path sr = report(first, dir.resolve("sr-1.dcm"));
            Path body = multipart(sr, dir.resolve("body-1"));
            String url = trip.stowUrl() + "/studies/" + firstUid;
            assertEquals("401", curl(body, url, null, "application/dicom+json", dir.resolve("r0")));
            assertEquals("200", curl(body, url, trip.vendorToken, "application/dicom+xml", dir.resolve("r1")));
            String xml = Files.readString(dir.resolve("r1"));
            assertTrue(xml.contains("NativeDicomModel") && xml.contains("00081199")
                    && xml.contains(DicomFiles.header(sr).getString(Tag.SOPInstanceUID)), xml);
            Job job = trip.awaitResult(firstUid);
            StoredResult result = trip.gateway.results().forJob(job.id()).get(0);
            assertEquals("dicomweb", result.protocol());
            assertEquals("negative", result.verdict());

            // the same result again: the job waits for none now
            assertEquals("409", curl(body, trip.stowUrl() + "/studies", trip.vendorToken, null, dir.resolve("r2")));
            JsonObject refused = new JsonObject(Files.readString(dir.resolve("r2")));
            assertEquals(0x0110, refused.getJsonObject("00081198").getJsonArray("Value").getJsonObject(0)
                    .getJsonObject("00081197").getJsonArray("Value").getInteger(0));

            // Orthanc as the DICOMweb client: it holds the SR and stores it at Varde
            String servers = new JsonObject().put("varde", new JsonObject().put("Url", trip.stowUrl() + "/")
                    .put("HttpHeaders", new JsonObject().put("Authorization", "Bearer " + trip.vendorToken))).encode();
            try (LocalOrthanc client = LocalOrthanc.start(dir.resolve("orthanc-client"), Duration.ofSeconds(90), servers)) {
                Path secondSr = report(second, dir.resolve("sr-2.dcm"));
                var uploaded = client.postBytes("/instances", "application/dicom", Files.readAllBytes(secondSr));
                assertEquals(200, uploaded.statusCode(), uploaded.body());
                String id = new JsonObject(uploaded.body()).getString("ID");
                String stow = client.post("/dicom-web/servers/varde/stow", "application/json",
                        new JsonObject().put("Resources", new io.vertx.core.json.JsonArray().add(id)).encode());
                assertNotNull(stow, "Orthanc's STOW-RS to Varde answered 200");
            }
            Job pushed = trip.awaitResult(secondUid);
            assertEquals("dicomweb", trip.gateway.results().forJob(pushed.id()).get(0).protocol());
        }
    }

    /** A negative TID 1500 SR about the study in {@code folder}, written as a Part 10 file. */
    static Path report(Path folder, Path out) throws Exception {
        List<ReceivedInstance> received = new ArrayList<>();
        for (Path f : SandboxRoundTrip.dicomFiles(folder)) {
            Attributes h = DicomFiles.header(f);
            received.add(new ReceivedInstance(h.getString(Tag.PatientID), h.getString(Tag.PatientName),
                    h.getString(Tag.StudyInstanceUID), h.getString(Tag.SeriesInstanceUID), h.getString(Tag.SOPClassUID),
                    h.getString(Tag.SOPInstanceUID)));
        }
        Attributes sr = Tid1500Report.of(received, received.get(0).studyInstanceUid(), "PE Sandbox",
                DicomWebRoundTrip.APPROVED, List.of(ReportedFinding.absent(Finding.PE)));
        Part10.writeFile(out, sr, TransferSyntax.EXPLICIT_LE);
        return out;
    }

    /** The body as a client builds it from a file: delimiter, part header, the file, close delimiter. */
    private static Path multipart(Path file, Path out) throws Exception {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes("--b0undary\r\nContent-Type: application/dicom\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        body.writeBytes(Files.readAllBytes(file));
        body.writeBytes("\r\n--b0undary--\r\n".getBytes(StandardCharsets.US_ASCII));
        return Files.write(out, body.toByteArray());
    }

    /** curl's HTTP status for the POST; the body goes to {@code out}. */
    private String curl(Path body, String url, String token, String accept, Path out) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-s", "-o", out.toString(), "-w", "%{http_code}",
                "-H", "Content-Type: multipart/related; type=\"application/dicom\"; boundary=b0undary",
                "--data-binary", "@" + body));
        if (token != null) {
            command.addAll(List.of("-H", "Authorization: Bearer " + token));
        }
        if (accept != null) {
            command.addAll(List.of("-H", "Accept: " + accept));
        }
        command.add(url);
        Processes.Result result = Processes.run(command, dir);
        assertEquals(0, result.exitCode(), result.output());
        return result.output().strip();
    }
}
