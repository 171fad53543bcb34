package org.varde.gateway.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.varde.connectors.sink.fhir.FhirResourceValidator;
import org.varde.connectors.sink.fhir.TestFhirServer;
import org.varde.connectors.sink.hl7.TestMllpListener;
import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.Tag;
import org.varde.gateway.Gateway;
import org.varde.gateway.testing.DicomFiles;
import org.varde.gateway.testing.Processes;
import org.varde.testdata.Finding;
import org.varde.testdata.GeneratorOptions;
import org.varde.testdata.PlantOptions;
import org.varde.testdata.StudyGenerator;
import org.varde.testdata.StudyKind;
import org.varde.testdata.peer.LocalOrthanc;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The real peers a delivery end-to-end test sends to, started once per test class: Orthanc (PACS,
 * read back by DICOMweb), HAPI's RestfulServer (RIS over FHIR) and HAPI's MLLP listener (RIS over
 * HL7 v2), with the FHIR validator warmed outside any test's deadline; and the steps those tests share
 * (a generated CT, storescu to the gateway, waiting for the job, the SR series and its WADO-RS fetch).
 */
final class DeliveryPeers implements AutoCloseable {
    /** A deadline: FHIR bundles are validated by Varde and by the server, seconds apiece on a loaded machine. */
    static final Duration WAIT = Duration.ofSeconds(180);
    static final String DICOM_JSON = "application/dicom+json";
    static final String PATIENT_SYSTEM = "urn:oid:2.16.578.1.12.4.1.4.1";
    static final String ACCESSION_SYSTEM = "urn:oid:2.16.578.1.34.1.1";

    private final LocalOrthanc orthanc;
    private final TestFhirServer fhir;
    private final TestMllpListener mllp;
    private final HttpClient http = HttpClient.newHttpClient();

    private DeliveryPeers(LocalOrthanc orthanc, TestFhirServer fhir, TestMllpListener mllp) {
        this.orthanc = orthanc;
        this.fhir = fhir;
        this.mllp = mllp;
    }

    /** Starts the three peers under {@code work} (Orthanc's storage) and warms the FHIR validator. */
    static DeliveryPeers start(Path work) throws Exception {
        assertTrue(LocalOrthanc.installed(), "Orthanc and orthanc-dicomweb are needed: run scripts/install-test-deps.sh");
        LocalOrthanc orthanc = LocalOrthanc.start(work.resolve("orthanc"), Duration.ofSeconds(90));
        TestFhirServer fhir = null;
        try {
            fhir = new TestFhirServer();
            DeliveryPeers peers = new DeliveryPeers(orthanc, fhir, new TestMllpListener());
            // the R4 definitions load once (a minute on a loaded machine): not inside any test's deadline
            FhirResourceValidator.shared().errors(new org.hl7.fhir.r4.model.Patient());
            return peers;
        } catch (Exception | Error e) {
            orthanc.close();
            if (fhir != null) {
                fhir.close();
            }
            throw e;
        }
    }

    LocalOrthanc orthanc() {
        return orthanc;
    }

    TestFhirServer fhir() {
        return fhir;
    }

    TestMllpListener mllp() {
        return mllp;
    }

    /** The config's {@code outputs:} block: PACS (Orthanc), {@code ris-fhir} and {@code ris-hl7}. */
    String outputs() {
        return outputs(orthanc.dicomPort(), LocalOrthanc.AE_TITLE, "");
    }

    /**
     * The same with PACS at another port and AE title (a PACS that is down), and lines added to the
     * FHIR output (indented by four spaces, e.g. {@code "    priorityBy: serviceRequest\n"}).
     */
    String outputs(int pacsPort, String pacsAeTitle, String moreFhirLines) {
        return """
                outputs:
                  pacs: {type: pacs, host: 127.0.0.1, port: %d, aeTitle: %s, timeoutSeconds: 20}
                  ris-fhir:
                    type: fhir
                    baseUrl: %s
                    patientIdentifierSystem: %s
                    accessionSystem: %s
                %s  ris-hl7: {type: hl7, host: 127.0.0.1, port: %d, receivingApplication: RIS}
                """.formatted(pacsPort, pacsAeTitle, fhir.baseUrl(), PATIENT_SYSTEM, ACCESSION_SYSTEM, moreFhirLines,
                mllp.port());
    }

    /** One generated CT thorax (24 slices, 256x256) with a 10 mm nodule planted at {@code positiveRate}. */
    static Path generateCt(Path out, long seed, double positiveRate) throws IOException {
        StudyGenerator.generate(out, new GeneratorOptions(StudyKind.CT_THORAX, 1, seed, 24, 256)
                .planting(new PlantOptions(Finding.NODULE, 10, positiveRate)));
        return out;
    }

    /** dcmtk's storescu (AE MODALITY) sends the study's DICOM files to the gateway; its Study Instance UID. */
    static String send(Gateway gateway, Path study, Path workDir) throws Exception {
        // the DICOM files only: the generator writes its ground truth (JSON) beside them
        List<String> command = new ArrayList<>(List.of("storescu", "-aet", "MODALITY", "-aec", "VARDE",
                "127.0.0.1", String.valueOf(gateway.dicomPort())));
        try (var files = Files.walk(study)) {
            files.filter(p -> p.toString().endsWith(".dcm")).sorted().forEach(p -> command.add(p.toString()));
        }
        Processes.Result sent = Processes.run(command, workDir);
        assertEquals(0, sent.exitCode(), sent.output());
        return firstHeader(study).getString(Tag.StudyInstanceUID);
    }

    static Attributes firstHeader(Path study) throws IOException {
        try (var files = Files.walk(study)) {
            return DicomFiles.header(files.filter(p -> p.toString().endsWith(".dcm")).sorted().findFirst().orElseThrow());
        }
    }

    /** The study's series in Orthanc (QIDO-RS, PS3.18 10.6); empty when Orthanc does not hold the study. */
    JsonArray series(String studyUid) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(orthanc.baseUrl()
                        + "/dicom-web/studies/" + studyUid + "/series")).header("Accept", DICOM_JSON)
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 404 || response.statusCode() == 204 || response.body().isBlank()) {
            return new JsonArray();
        }
        assertEquals(200, response.statusCode(), response.body());
        return new JsonArray(response.body());
    }

    /** The SR series of the study in Orthanc, or null when Orthanc has none (or not the study). */
    JsonObject srSeries(String studyUid) throws Exception {
        JsonArray series = series(studyUid);
        for (int i = 0; i < series.size(); i++) {
            if ("SR".equals(value(series.getJsonObject(i), "00080060"))) {
                return series.getJsonObject(i);
            }
        }
        return null;
    }

    /** The instances of one series in Orthanc, in the DICOM JSON model. */
    JsonArray instances(String studyUid, String seriesUid) throws Exception {
        return new JsonArray(orthanc.get("/dicom-web/studies/" + studyUid + "/series/" + seriesUid + "/instances",
                DICOM_JSON));
    }

    /** WADO-RS (PS3.18 10.4): the instance as multipart/related; type="application/dicom", its one part saved in {@code dir}. */
    Path wadoRs(String study, String series, String instance, Path dir) throws Exception {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(orthanc.baseUrl() + "/dicom-web/studies/"
                        + study + "/series/" + series + "/instances/" + instance))
                .header("Accept", "multipart/related; type=\"application/dicom\"").timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode());
        String contentType = response.headers().firstValue("Content-Type").orElseThrow();
        String boundary = contentType.replaceAll(".*boundary=\"?([^\";]+)\"?.*", "$1");
        byte[] body = response.body();
        String latin = new String(body, StandardCharsets.ISO_8859_1);
        int partStart = latin.indexOf("--" + boundary);
        int dataStart = latin.indexOf("\r\n\r\n", partStart) + 4;
        int dataEnd = latin.indexOf("\r\n--" + boundary, dataStart);
        assertTrue(partStart >= 0 && dataStart > 4 && dataEnd > dataStart, "one DICOM part in " + contentType);
        Path file = dir.resolve(instance + ".dcm");
        Files.write(file, Arrays.copyOfRange(body, dataStart, dataEnd));
        return file;
    }

    /** The first value of an attribute in the DICOM JSON model (PS3.18 F.2). */
    static String value(JsonObject dataSet, String tag) {
        JsonObject attribute = dataSet.getJsonObject(tag);
        return attribute == null || attribute.getJsonArray("Value") == null ? null
                : String.valueOf(attribute.getJsonArray("Value").getValue(0));
    }

    @Override
    public void close() throws Exception {
        try {
            orthanc.close();
        } finally {
            try {
                fhir.close();
            } finally {
                mllp.close();
            }
        }
    }
}
