package org.varde.gateway.results;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.varde.gateway.jobs.JobState;
import org.varde.gateway.worklist.ProcedureStepState;
import org.varde.testdata.StudyGenerator;
import org.varde.testdata.StudyKind;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * UPS event subscriptions (PS3.18 11.10-11.12, 8.10) seen by clients that are not Varde's code: the
 * JDK's WebSocket client holds the event channel, curl subscribes, claims, completes and cancels. A
 * Worklist Subscription reports a created, claimed, completed and a cancel-requested workitem with the
 * event types and attributes of PS3.4 Table CC.2.4-1; it survives a restart of the gateway; suspended,
 * it reports no new workitem; the channel and the subscriptions deny a caller without a vendor token.
 */
class UpsEventChannelTest {
    private static final String GLOBAL = "1.2.840.10008.5.1.4.34.5";
    private static final String UPS_PUSH = "1.2.840.10008.5.1.4.34.6.1";
    private static final Duration EVENT_WAIT = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    private int step;

    @Test
    void aWorklistSubscriberHearsEachStateChangeAndCancelRequestAcrossARestart() throws Exception {
        try (UpsRoundTrip trip = UpsRoundTrip.start(dir, 600, null)) {
            String base = trip.baseUrl();
            String before = base;
            String watch = base + "/workitems/" + GLOBAL + "/subscribers/WATCHER";

            // deny by default: no token, a role that is not a vendor's, a bad AE Title
            assertEquals("401", curl(null, "POST", watch, null).status());
            assertEquals("403", curl(trip.operatorToken, "POST", watch, null).status());
            assertEquals("400", curl(trip.vendorToken, "POST", base + "/workitems/" + GLOBAL
                    + "/subscribers/A%5CB", null).status(), "a backslash is not in an AE Title");
            assertEquals("400", curl(trip.vendorToken, "POST", watch + "?deletionlock=maybe", null).status());
            CompletionException refused = assertThrows(CompletionException.class,
                    () -> Channel.open(before, null, "WATCHER"), "no channel without a token");
            assertEquals(401, ((java.net.http.WebSocketHandshakeException) refused.getCause()).getResponse().statusCode());

            Channel channel = Channel.open(base, trip.vendorToken, "WATCHER");
            assertScpRestarted(channel.next());
            Curl.Answer subscribed = curl(trip.vendorToken, "POST", watch, null);
            assertEquals("201", subscribed.status(), subscribed.body());
            assertEquals("ws://127.0.0.1:" + trip.gateway.httpPort() + "/subscribers/WATCHER",
                    subscribed.header("Content-Location"));

            // created, claimed, completed
            String first = scheduled(trip, "one", 7001);
            assertState(channel.next(), first, "SCHEDULED");
            String txn = "2.25.7001";
            assertEquals("200", curl(trip.vendorToken, "PUT", base + "/workitems/" + first + "/state",
                    state("IN PROGRESS", txn)).status());
            assertState(channel.next(), first, "IN PROGRESS");
            assertEquals("200", curl(trip.vendorToken, "PUT", base + "/workitems/" + first + "/state",
                    state("COMPLETED", txn)).status());
            assertState(channel.next(), first, "COMPLETED");

            // claimed, an operator asks for cancellation, the performer cancels
            String second = scheduled(trip, "two", 7002);
            assertState(channel.next(), second, "SCHEDULED");
            assertEquals("200", curl(trip.vendorToken, "PUT", base + "/workitems/" + second + "/state",
                    state("IN PROGRESS", txn)).status());
            assertState(channel.next(), second, "IN PROGRESS");
            assertEquals("202", curl(trip.operatorToken, "POST", base + "/workitems/" + second + "/cancelrequest",
                    "[{\"00741238\":{\"vr\":\"LT\",\"Value\":[\"wrong side\"]},"
                            + "\"0074100C\":{\"vr\":\"LO\",\"Value\":[\"Dr Ops\"]}}]").status());
            JsonObject asked = channel.next();
            assertEvent(asked, second, 2);
            assertEquals("VARDE", value(asked, "00741236"), "the Requesting AE");
            assertTrue(value(asked, "00741238").contains("wrong side"), asked.encode());
            assertEquals("Dr Ops", value(asked, "0074100C"));
            assertEquals("200", curl(trip.vendorToken, "PUT", base + "/workitems/" + second + "/state",
                    stateWithReason("CANCELED", txn, "as asked")).status());
            JsonObject canceled = channel.next();
            assertState(canceled, second, "CANCELED");
            assertEquals("as asked", value(canceled, "00741238"));

            // another vendor cannot subscribe to this vendor's workitem
            assertEquals("404", curl(trip.otherToken, "POST", base + "/workitems/" + second + "/subscribers/SPY",
                    null).status());

            // the subscription is in the database: after a restart the reconnected channel hears a new workitem
            channel.close();
            trip.restartGateway();
            base = trip.baseUrl();
            channel = Channel.open(base, trip.vendorToken, "WATCHER");
            assertScpRestarted(channel.next());
            String third = scheduled(trip, "three", 7003);
            assertState(channel.next(), third, "SCHEDULED");

            // suspended: a new workitem is not reported; a Workitem Subscription then sends its state at once,
            // and being the next frame on the channel it shows nothing came before it
            assertEquals("200", curl(trip.vendorToken, "POST", base + "/workitems/" + GLOBAL
                    + "/subscribers/WATCHER/suspend", null).status());
            String fourth = scheduled(trip, "four", 7004);
            assertEquals("201", curl(trip.vendorToken, "POST", base + "/workitems/" + fourth
                    + "/subscribers/WATCHER?deletionlock=true", null).status());
            assertState(channel.next(), fourth, "SCHEDULED");
            // the third workitem's subscription outlived the suspension
            assertEquals("202", curl(trip.operatorToken, "POST", base + "/workitems/" + third + "/cancelrequest",
                    null).status());
            assertEvent(channel.next(), third, 2);
            assertState(channel.next(), third, "CANCELED");

            // unsubscribing from the worklist ends every subscription of the AE Title
            assertEquals("404", curl(trip.vendorToken, "DELETE", base + "/workitems/" + GLOBAL
                    + "/subscribers/WATCHER", null).status(), "suspended: there is no global subscription");
            assertEquals("200", curl(trip.vendorToken, "DELETE", base + "/workitems/" + fourth
                    + "/subscribers/WATCHER", null).status());
            assertEquals("404", curl(trip.vendorToken, "DELETE", base + "/workitems/" + fourth
                    + "/subscribers/WATCHER", null).status());
            channel.close();
        }
    }

    private String scheduled(UpsRoundTrip trip, String name, int seed) throws Exception {
        Path study = dir.resolve(name);
        StudyGenerator.generate(study, StudyKind.CXR, 1, seed);
        String studyUid = SandboxRoundTrip.studyUid(study);
        trip.send(study);
        trip.awaitJob(studyUid, JobState.WAITING_RESULT);
        return trip.awaitWorkitem(studyUid, w -> w.state() == ProcedureStepState.SCHEDULED, "SCHEDULED").uid();
    }

    private static void assertScpRestarted(JsonObject event) {
        assertEvent(event, GLOBAL, 4);
        assertEquals("RESTARTED", value(event, "00741242"));
        assertEquals("WARM START", value(event, "00741244"));
        assertEquals("WARM START", value(event, "00741246"));
    }

    private static void assertState(JsonObject event, String workitem, String state) {
        assertEvent(event, workitem, 1);
        assertEquals(state, value(event, "00741000"), event.encode());
        assertEquals("READY", value(event, "00404041"), event.encode());
    }

    private static void assertEvent(JsonObject event, String instance, int type) {
        assertEquals(UPS_PUSH, value(event, "00000002"), event.encode());
        assertEquals(instance, value(event, "00001000"), event.encode());
        assertEquals(type, event.getJsonObject("00001002").getJsonArray("Value").getInteger(0), event.encode());
        assertNotNull(event.getJsonObject("00000110"), "a Message ID");
    }

    private Curl.Answer curl(String token, String method, String url, String body) throws Exception {
        return Curl.run(dir.resolve("curl-" + step++), token, method, url, body);
    }

    private static String state(String state, String transactionUid) {
        return stateWithReason(state, transactionUid, null);
    }

    private static String stateWithReason(String state, String transactionUid, String reason) {
        JsonObject o = new JsonObject()
                .put("00741000", new JsonObject().put("vr", "CS").put("Value", new JsonArray().add(state)))
                .put("00081195", new JsonObject().put("vr", "UI").put("Value", new JsonArray().add(transactionUid)));
        if (reason != null) {
            o.put("00741238", new JsonObject().put("vr", "LT").put("Value", new JsonArray().add(reason)));
        }
        return new JsonArray().add(o).encode();
    }

    private static String value(JsonObject dataSet, String tag) {
        JsonObject element = dataSet.getJsonObject(tag);
        assertNotNull(element, tag + " in " + dataSet.encode());
        return String.valueOf(element.getJsonArray("Value").getValue(0));
    }

    /** An event channel held by the JDK's WebSocket client; each text message one DICOM JSON data set. */
    private static final class Channel implements WebSocket.Listener, AutoCloseable {
        private final BlockingQueue<JsonObject> events = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        private WebSocket socket;

        static Channel open(String base, String token, String aeTitle) {
            Channel channel = new Channel();
            WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder()
                    .connectTimeout(Duration.ofSeconds(10));
            if (token != null) {
                builder.header("Authorization", "Bearer " + token);
            }
            channel.socket = builder.buildAsync(URI.create(base.replace("http://", "ws://") + "/subscribers/"
                    + aeTitle), channel).join();
            return channel;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                events.add(new JsonObject(partial.toString()));
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        JsonObject next() throws InterruptedException {
            JsonObject event = events.poll(EVENT_WAIT.toSeconds(), TimeUnit.SECONDS);
            assertNotNull(event, "no event report within " + EVENT_WAIT);
            return event;
        }

        @Override
        public void close() {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
        }
    }
}
