package org.varde.gateway.results;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.varde.dicom.data.Part10;
import org.varde.dicom.data.Tag;
import org.varde.dicom.web.MultipartParser;
import org.varde.gateway.jobs.Job;
import org.varde.gateway.jobs.JobState;
import org.varde.gateway.testing.DicomFiles;
import org.varde.gateway.worklist.ProcedureStepState;
import org.varde.gateway.worklist.Workitem;
import org.varde.testdata.StudyGenerator;
import org.varde.testdata.StudyKind;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Varde's UPS-RS worklist and WADO-RS, exercised by a client that is not Varde's code ({@code curl}),
 * as a pull-model vendor would: query, claim (a wrong Transaction UID refused with 400, a second claim
 * with 409, PS3.18 Table 11.7.3-1), retrieve the series, and the operator's cancellation request the
 * performer honours. Another vendor's token sees none of it.
 */
class UpsRsEndpointTest {
    @TempDir
    Path dir;

    @Test
    void curlQueriesClaimsRetrievesAndCancelsAndAnotherVendorSeesNothing() throws Exception {
        Path study = dir.resolve("cxr");
        StudyGenerator.generate(study, StudyKind.CXR, 1, 4242);
        String studyUid = SandboxRoundTrip.studyUid(study);
        TreeSet<String> sent = new TreeSet<>();
        for (Path f : SandboxRoundTrip.dicomFiles(study)) {
            sent.add(DicomFiles.header(f).getString(Tag.SOPInstanceUID));
        }
        try (UpsRoundTrip trip = UpsRoundTrip.start(dir, 600, "https://varde.example/dicomweb")) {
            trip.send(study);
            Workitem scheduled = trip.awaitWorkitem(studyUid, w -> w.state() == ProcedureStepState.SCHEDULED,
                    "SCHEDULED");
            String uid = scheduled.uid();
            String base = trip.baseUrl();
            trip.awaitJob(studyUid, JobState.WAITING_RESULT);

            // no token, another vendor, a role that is not a vendor's
            assertEquals("401", Curl.run(dir.resolve("a0"), null, "GET", base + "/workitems", null).status());
            assertEquals("204", Curl.run(dir.resolve("a1"), trip.otherToken, "GET", base + "/workitems", null).status());
            assertEquals("404", Curl.run(dir.resolve("a2"), trip.otherToken, "GET", base + "/workitems/" + uid, null).status());
            assertEquals("403", Curl.run(dir.resolve("a3"), trip.operatorToken, "GET", base + "/workitems", null).status());

            // query: the vendor's own SCHEDULED workitem, its input and where to retrieve it
            Curl.Answer found = Curl.run(dir.resolve("q"), trip.vendorToken, "GET",
                    base + "/workitems?ProcedureStepState=SCHEDULED&includefield=all", null);
            assertEquals("200", found.status(), found.body());
            assertTrue(found.headers().toLowerCase().contains("content-type: application/dicom+json"), found.headers());
            JsonArray items = new JsonArray(found.body());
            assertEquals(1, items.size());
            JsonObject item = items.getJsonObject(0);
            assertEquals(uid, value(item, "00080018"));
            assertEquals("1.2.840.10008.5.1.4.34.6.1", value(item, "00080016"));
            assertEquals("SCHEDULED", value(item, "00741000"));
            assertEquals("HIGH", value(item, "00741200"));
            assertEquals(UpsRoundTrip.ALGORITHM, value(item, "00741202"));
            assertFalse(item.containsKey("00081195"), "the Transaction UID is never shown");
            java.util.Map<String, TreeSet<String>> bySeries = new java.util.TreeMap<>();
            String series = null;
            for (Object i : item.getJsonObject("00404021").getJsonArray("Value")) {
                JsonObject input = (JsonObject) i;
                assertEquals(studyUid, value(input, "0020000D"));
                String s = value(input, "0020000E");
                series = series == null ? s : series;
                assertEquals("https://varde.example/dicomweb/studies/" + studyUid + "/series/" + s,
                        value(input.getJsonObject("0040E025").getJsonArray("Value").getJsonObject(0), "00081190"));
                TreeSet<String> listed = bySeries.computeIfAbsent(s, k -> new TreeSet<>());
                input.getJsonObject("00081199").getJsonArray("Value")
                        .forEach(r -> listed.add(value((JsonObject) r, "00081155")));
            }
            TreeSet<String> all = new TreeSet<>();
            bySeries.values().forEach(all::addAll);
            assertEquals(sent, all, "the input lists every instance of the selected series");
            assertEquals("400", Curl.run(dir.resolve("q2"), trip.vendorToken, "GET", base + "/workitems?PatientName=X",
                    null).status(), "an unsupported matching key is refused");
            assertEquals("204", Curl.run(dir.resolve("q3"), trip.vendorToken, "GET",
                    base + "/workitems?ProcedureStepState=COMPLETED", null).status());

            // claims: completing before claiming, claiming, a second claim, a wrong Transaction UID
            String txn = "2.25.1111";
            Curl.Answer early = Curl.run(dir.resolve("c0"), trip.vendorToken, "PUT", base + "/workitems/" + uid + "/state",
                    state("COMPLETED", txn));
            assertEquals("400", early.status(), early.body());
            assertEquals("404", Curl.run(dir.resolve("c1"), trip.otherToken, "PUT", base + "/workitems/" + uid + "/state",
                    state("IN PROGRESS", "2.25.3333")).status(), "another vendor cannot claim it");
            assertEquals("200", Curl.run(dir.resolve("c2"), trip.vendorToken, "PUT", base + "/workitems/" + uid + "/state",
                    state("IN PROGRESS", txn)).status());
            Curl.Answer again = Curl.run(dir.resolve("c3"), trip.vendorToken, "PUT", base + "/workitems/" + uid + "/state",
                    state("IN PROGRESS", "2.25.2222"));
            assertEquals("409", again.status(), again.body());
            assertTrue(again.headers().contains("Warning: 299"), again.headers());
            Curl.Answer wrong = Curl.run(dir.resolve("c4"), trip.vendorToken, "PUT", base + "/workitems/" + uid + "/state",
                    state("COMPLETED", "2.25.2222"));
            assertEquals("400", wrong.status(), wrong.body());
            assertTrue(wrong.headers().contains("Transaction UID is incorrect"), wrong.headers());
            assertEquals("400", Curl.run(dir.resolve("c5"), trip.vendorToken, "PUT", base + "/workitems/" + uid + "/state",
                    "{\"00741000\":{\"vr\":\"CS\",\"Value\":[\"COMPLETED\"]}}").status(), "no Transaction UID");
            Curl.Answer claimed = Curl.run(dir.resolve("c6"), trip.vendorToken, "GET", base + "/workitems/" + uid, null);
            assertEquals("IN PROGRESS", value(new JsonArray(claimed.body()).getJsonObject(0), "00741000"));
            assertFalse(claimed.body().contains(txn), "the Transaction UID is never shown");

            // WADO-RS: the series, multipart, one Part 10 file per part; not to another vendor, not as JSON
            String seriesUrl = base + "/dicomweb/studies/" + studyUid + "/series/" + series;
            assertEquals("404", Curl.run(dir.resolve("w0"), trip.otherToken, "GET", seriesUrl, null).status());
            assertEquals("406", Curl.run(dir.resolve("w1"), trip.vendorToken, "GET", seriesUrl, null,
                    "Accept: application/dicom+json").status());
            assertEquals("404", Curl.run(dir.resolve("w2"), trip.vendorToken, "GET", base + "/dicomweb/studies/" + studyUid
                    + "/series/1.2.3.4", null).status(), "a series no workitem lists");
            Curl.Answer wado = Curl.run(dir.resolve("w3"), trip.vendorToken, "GET", seriesUrl, null,
                    "Accept: multipart/related; type=\"application/dicom\"");
            assertEquals("200", wado.status());
            String contentType = wado.header("content-type");
            assertTrue(contentType.startsWith("multipart/related") && contentType.contains("application/dicom"),
                    contentType);
            List<byte[]> parts = parts(MultipartParser.boundary(contentType), Files.readAllBytes(wado.bodyFile()));
            TreeSet<String> got = new TreeSet<>();
            for (byte[] part : parts) {
                got.add(Part10.readHeader(new ByteArrayInputStream(part)).fileMetaInformation()
                        .getString(Tag.MediaStorageSOPInstanceUID));
            }
            assertEquals(bySeries.get(series), got, "every instance of the series in the job, nothing else");

            // the operator asks for cancellation; the performer sees it and cancels with its Transaction UID
            assertEquals("403", Curl.run(dir.resolve("x0"), trip.vendorToken, "POST", base + "/workitems/" + uid
                    + "/cancelrequest", "{}").status(), "a vendor cannot ask to cancel");
            assertEquals("202", Curl.run(dir.resolve("x1"), trip.operatorToken, "POST", base + "/workitems/" + uid
                    + "/cancelrequest", "[{\"00741238\":{\"vr\":\"LT\",\"Value\":[\"wrong patient\"]}}]").status());
            JsonObject asked = new JsonArray(Curl.run(dir.resolve("x2"), trip.vendorToken, "GET", base + "/workitems/" + uid,
                    null).body()).getJsonObject(0);
            String reason = value(asked.getJsonObject("00741002").getJsonArray("Value").getJsonObject(0), "00741238");
            assertTrue(reason.contains("wrong patient"), reason);
            assertEquals("200", Curl.run(dir.resolve("x3"), trip.vendorToken, "PUT", base + "/workitems/" + uid + "/state",
                    state("CANCELED", txn)).status());
            Curl.Answer twice = Curl.run(dir.resolve("x4"), trip.vendorToken, "PUT", base + "/workitems/" + uid + "/state",
                    state("CANCELED", txn));
            assertEquals("200", twice.status());
            assertTrue(twice.headers().contains("already in the requested state of CANCELED"), twice.headers());
            assertEquals("404", Curl.run(dir.resolve("x5"), trip.vendorToken, "GET", seriesUrl, null).status(),
                    "a finished workitem's input is not served any more");

            Job failed = trip.awaitJob(studyUid, JobState.DEAD_LETTER);
            assertTrue(failed.lastError().contains("the vendor canceled workitem " + uid), failed.lastError());
            assertTrue(failed.lastError().contains("wrong patient"), failed.lastError());
        }
    }

    private static String state(String state, String transactionUid) {
        return new JsonArray().add(new JsonObject()
                .put("00741000", new JsonObject().put("vr", "CS").put("Value", new JsonArray().add(state)))
                .put("00081195", new JsonObject().put("vr", "UI").put("Value", new JsonArray().add(transactionUid))))
                .encode();
    }

    private static String value(JsonObject dataSet, String tag) {
        return dataSet.getJsonObject(tag).getJsonArray("Value").getString(0);
    }

    private static List<byte[]> parts(String boundary, byte[] body) throws Exception {
        List<byte[]> parts = new ArrayList<>();
        ByteArrayOutputStream[] current = new ByteArrayOutputStream[1];
        MultipartParser parser = new MultipartParser(boundary, new MultipartParser.Listener() {
            @Override
            public void partBegin(Map<String, String> partHeaders) {
                assertEquals("application/dicom", partHeaders.get("content-type"));
                current[0] = new ByteArrayOutputStream();
            }

            @Override
            public void partData(Buffer data) {
                current[0].writeBytes(data.getBytes());
            }

            @Override
            public void partEnd() {
                parts.add(current[0].toByteArray());
            }
        });
        parser.feed(Buffer.buffer(body));
        parser.end();
        return parts;
    }
}
