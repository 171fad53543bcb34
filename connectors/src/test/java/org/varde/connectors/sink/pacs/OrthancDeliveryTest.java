package org.varde.connectors.sink.pacs;

import java.util.Optional;

import org.varde.connectors.algorithm.AdapterEnvironment;
import org.varde.connectors.result.WorklistPriority;
import org.varde.connectors.sink.DeliveryContent;
import org.varde.connectors.sink.PreparedDelivery;
import org.varde.connectors.sink.ResultSink;
import org.varde.connectors.sink.SinkFailure;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.varde.connectors.result.AlgorithmResult;
import org.varde.dicom.net.DicomClient;
import org.varde.dicom.net.StoreOutcome;
import org.varde.dicom.net.StoreScu;
import org.varde.testdata.peer.LocalOrthanc;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real Orthanc as the PACS: it receives the source study, then the SR and the summary image by
 * Varde's own C-STORE SCU, files them under the source study and returns them by its DICOMweb API
 * (QIDO-RS series, WADO-RS metadata). A resend of the same result leaves one instance, not two.
 */
class OrthancDeliveryTest {
    private static final String DICOM_JSON = "application/dicom+json";
    @TempDir
    static Path dir;
    private static Vertx vertx;
    private static LocalOrthanc orthanc;
    private static StoreScu scu;

    @BeforeAll
    static void startOrthanc() throws Exception {
        assertTrue(LocalOrthanc.installed(), "Orthanc and orthanc-dicomweb are needed: run scripts/install-test-deps.sh");
        orthanc = LocalOrthanc.start(dir.resolve("orthanc"), Duration.ofSeconds(90));
        vertx = Vertx.vertx();
        scu = new StoreScu(vertx, DicomClient.create(vertx));
    }

    @AfterAll
    static void stop() throws Exception {
        if (orthanc != null) {
            orthanc.close();
        }
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void srAndSummaryImageAreStoredUnderTheSourceStudyAndReturnedByDicomWeb() throws Exception {
        SampleResults.Source source = SampleResults.ctThorax(dir.resolve("source"), 31);
        send(source.files());
        AlgorithmResult result = SampleResults.measuredNodules(source);
        org.varde.connectors.result.ReportKey key = SampleResults.key("job-orthanc-1", 1);
        PacsWriterOptions options = PacsWriterOptions.defaults("test-node", "0.1.0-test");
        PacsObject sr = new SrWriter(options).write(key, result, source.study(), SampleResults.PRODUCED_AT);
        PacsObject sc = new SummaryImageWriter(options).write(key, result, source.study(), SampleResults.PRODUCED_AT);
        Path srFile = dir.resolve("sr.dcm");
        Path scFile = dir.resolve("sc.dcm");
        sr.writeTo(srFile);
        sc.writeTo(scFile);
        send(List.of(srFile, scFile));

        String studyUid = source.study().studyInstanceUid();
        JsonArray series = new JsonArray(orthanc.get("/dicom-web/studies/" + studyUid + "/series", DICOM_JSON));
        List<String> seriesUids = new ArrayList<>();
        List<String> modalities = new ArrayList<>();
        for (int i = 0; i < series.size(); i++) {
            seriesUids.add(value(series.getJsonObject(i), "0020000E"));
            modalities.add(value(series.getJsonObject(i), "00080060"));
        }
        assertTrue(seriesUids.contains(sr.seriesInstanceUid()), seriesUids.toString());
        assertTrue(seriesUids.contains(sc.seriesInstanceUid()), seriesUids.toString());
        assertTrue(modalities.contains("SR") && modalities.contains("CT"), modalities.toString());

        String metadata = orthanc.get("/dicom-web/studies/" + studyUid + "/series/" + sr.seriesInstanceUid()
                + "/instances/" + sr.sopInstanceUid() + "/metadata", DICOM_JSON);
        assertNotNull(metadata, "WADO-RS metadata of the SR");
        JsonObject srJson = new JsonArray(metadata).getJsonObject(0);
        assertEquals("UNVERIFIED", value(srJson, "0040A493"));
        assertEquals("1.2.840.10008.5.1.4.1.1.88.34", value(srJson, "00080016"));
        assertEquals(source.headers().get(0).getString(org.varde.dicom.data.Tag.PatientID), value(srJson, "00100020"));
    }

    @Test
    void aResendOfTheSameResultLeavesOneInstanceInTheSrSeries() throws Exception {
        SampleResults.Source source = SampleResults.ctThorax(dir.resolve("resend"), 32);
        send(source.files().subList(0, 1));
        AlgorithmResult result = SampleResults.pulmonaryEmbolism(source);
        SrWriter writer = new SrWriter(PacsWriterOptions.defaults("test-node", "0.1.0-test"));
        Path first = dir.resolve("resend-1.dcm");
        Path again = dir.resolve("resend-2.dcm");
        PacsObject sr = writer.write(SampleResults.key("job-orthanc-2", 1), result, source.study(), SampleResults.PRODUCED_AT);
        sr.writeTo(first);
        writer.write(SampleResults.key("job-orthanc-2", 1), result, source.study(), SampleResults.PRODUCED_AT).writeTo(again);
        send(List.of(first));
        send(List.of(again));
        String instances = orthanc.get("/dicom-web/studies/" + source.study().studyInstanceUid() + "/series/"
                + sr.seriesInstanceUid() + "/instances", DICOM_JSON);
        assertNotNull(instances, "QIDO-RS instances of the SR series");
        JsonArray list = new JsonArray(instances);
        assertEquals(1, list.size(), instances);
        assertEquals(sr.sopInstanceUid(), value(list.getJsonObject(0), "00080018"));
    }

    @Test
    void thePacsSinkStoresTheSrAndTheSummaryByItsOwnStoreAndNamesWhatWasStored() throws Exception {
        SampleResults.Source source = SampleResults.ctThorax(dir.resolve("sink"), 33);
        send(source.files().subList(0, 1));
        PacsTarget target = new PacsTarget("127.0.0.1", orthanc.dicomPort(), LocalOrthanc.AE_TITLE, null, true,
                PacsWriterOptions.defaults("test-node", "0.1.0-test"), Duration.ofSeconds(60));
        ResultSink sink = new PacsProtocol().open(target, new AdapterEnvironment(vertx, "VARDE"));
        DeliveryContent content = new DeliveryContent(SampleResults.key("job-sink", 1), SampleResults.measuredNodules(source),
                source.study(), Optional.of(WorklistPriority.URGENT), SampleResults.PRODUCED_AT.toInstant());
        PreparedDelivery prepared = sink.prepare(content);
        assertTrue(prepared.text().contains("1.2.840.10008.5.1.4.1.1.88.34"), prepared.text());
        String receipt = sink.send(prepared);

        String sr = new SrWriter(target.writer()).sopInstanceUid(SampleResults.key("job-sink", 1));
        assertTrue(receipt.contains("stored " + sr), receipt);
        JsonArray series = new JsonArray(orthanc.get("/dicom-web/studies/" + source.study().studyInstanceUid() + "/series", DICOM_JSON));
        assertEquals(3, series.size(), "CT, SR and summary image series: " + series);
    }

    @Test
    void aPacsNobodyListensOnIsUnreachableAndRetryable() throws Exception {
        SampleResults.Source source = SampleResults.ctThorax(dir.resolve("nowhere"), 34);
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        PacsTarget target = new PacsTarget("127.0.0.1", port, "PACS", null, false,
                PacsWriterOptions.defaults("test-node", "0.1.0-test"), Duration.ofSeconds(20));
        ResultSink sink = new PacsProtocol().open(target, new AdapterEnvironment(vertx, "VARDE"));
        PreparedDelivery prepared = sink.prepare(new DeliveryContent(SampleResults.key("job-nowhere", 1),
                SampleResults.negative(source), source.study(), Optional.empty(), SampleResults.PRODUCED_AT.toInstant()));
        SinkFailure failure = org.junit.jupiter.api.Assertions.assertThrows(SinkFailure.class, () -> sink.send(prepared));
        assertTrue(failure.retryable(), failure.toString());
        assertTrue(failure.getMessage().contains("PACS@127.0.0.1:" + port), failure.getMessage());
    }

    private static void send(List<Path> files) throws Exception {
        List<StoreOutcome> outcomes = scu.send("127.0.0.1", orthanc.dicomPort(), "VARDE", LocalOrthanc.AE_TITLE, files)
                .toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
        assertEquals(files.size(), outcomes.size());
        for (StoreOutcome o : outcomes) {
            assertTrue(o.isSuccess(), o.toString());
        }
    }

    /** The first value of an attribute in the DICOM JSON model (PS3.18 F.2). */
    private static String value(JsonObject dataSet, String tag) {
        JsonObject attribute = dataSet.getJsonObject(tag);
        return attribute == null || attribute.getJsonArray("Value") == null ? null
                : String.valueOf(attribute.getJsonArray("Value").getValue(0));
    }
}
