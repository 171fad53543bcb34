package org.varde.connectors.sink.hl7;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.varde.connectors.result.ReportKey;
import org.varde.connectors.result.Results;
import org.varde.connectors.result.WorklistPriority;
import org.varde.connectors.sink.SinkFailure;

import ca.uhn.hl7v2.AcknowledgmentCode;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.v251.message.ORU_R01;
import ca.uhn.hl7v2.util.Terser;

/** ORU^R01 and OMG^O19 over MLLP to HAPI's own listener, which parses, validates and acknowledges. */
class Hl7SinkTest {
    private static final Instant AT = Instant.parse("2026-12-01T10:15:30Z");

    private TestMllpListener listener;
    private MllpSender sender;
    private Hl7SinkOptions options;

    @BeforeEach
    void start() throws Exception {
        listener = new TestMllpListener();
        options = options(listener.port(), Duration.ofSeconds(30));
        sender = new MllpSender(options);
    }

    @AfterEach
    void stop() throws Exception {
        sender.close();
        listener.close();
    }

    private static Hl7SinkOptions options(int port, Duration ackTimeout) {
        return new Hl7SinkOptions("127.0.0.1", port, "VARDE", "HOSPITAL", "RIS", "HOSPITAL", ackTimeout,
                Hl7SinkOptions.defaultPriorityCodes(), true);
    }

    private ORU_R01 noduleOru(String resultId) throws Exception {
        return new OruBuilder(options).build(new ReportKey(resultId, 1), Results.nodule(9.5, 0.91), Results.study(),
                Optional.of(WorklistPriority.URGENT), AT);
    }

    @Test
    void aNoduleOruIsAcknowledgedAndCarriesPatientOrderPriorityAndFindings() throws Exception {
        Message ack = sender.send(noduleOru("r-oru"));
        assertEquals("AA", new Terser(ack).get("/MSA-1"));

        assertEquals(1, listener.received().size());
        Terser t = new Terser(listener.received().get(0));
        assertEquals("ORU", t.get("/MSH-9-1"));
        assertEquals("R01", t.get("/MSH-9-2"));
        assertEquals("2.5.1", t.get("/MSH-12"));
        assertEquals("01017012345", t.get("/.PID-3-1"));
        assertEquals("NO-FNR", t.get("/.PID-3-4-1"));
        assertEquals("Ærø", t.get("/.PID-5-1"), "UTF-8 name survives MLLP");
        assertEquals("Bjørn Åge", t.get("/.PID-5-2"));
        assertEquals("19700101", t.get("/.PID-7"));
        assertEquals("RE", t.get("/.ORC-1"));
        assertEquals("PL-778899", t.get("/.ORC-2"));
        assertEquals("FL-445566", t.get("/.ORC-3"));
        assertEquals("PL-778899", t.get("/.OBR-2"));
        assertEquals("FL-445566", t.get("/.OBR-3"));
        assertEquals("ACC20261201", t.get("/.OBR-18"));
        assertEquals("P", t.get("/.OBR-25"));
        assertEquals("A", t.get("/.TQ1-9-1"));

        List<String[]> obx = observations(listener.received().get(0));
        // conclusion TX, the finding CE, its probability NM, its long axis NM
        assertEquals(4, obx.size(), "OBX segments");
        String[] finding = obx.stream().filter(o -> o[1].equals("786838002")).findFirst().orElseThrow();
        assertEquals("CE", finding[0]);
        assertEquals("52101004", finding[2]);
        assertEquals("AA", finding[3], "a finding that raised the priority is flagged very abnormal");
        String[] size = obx.stream().filter(o -> o[1].equals("103339001")).findFirst().orElseThrow();
        assertEquals("NM", size[0]);
        assertEquals("9.5", size[2]);
        assertEquals("mm", size[4]);
        assertTrue(obx.get(0)[2].contains("not verified by a radiologist"), obx.get(0)[2]);
    }

    @Test
    void anApprovedResultIsFinalAndSaysWhoApprovedIt() throws Exception {
        ORU_R01 oru = new OruBuilder(options).build(new ReportKey("r-approved", 1), Results.nodule(9.5, 0.91),
                Results.study(), Optional.empty(), AT,
                org.varde.connectors.sink.HumanReview.approved("Ingrid Berg", "Varde University Hospital", AT));
        sender.send(oru);
        Terser t = new Terser(listener.received().get(0));
        assertEquals("F", t.get("/.OBR-25"));   // table 0123: final
        assertEquals("F", t.get("/.OBSERVATION(0)/OBX-11"));
        assertTrue(t.get("/.OBSERVATION(0)/OBX-5").contains("approved by Ingrid Berg"), t.get("/.OBSERVATION(0)/OBX-5"));
        ORU_R01 unreviewed = new OruBuilder(options).build(new ReportKey("r-unreviewed", 1), Results.negative(),
                Results.study(), Optional.empty(), AT);
        assertEquals("P", new Terser(unreviewed).get("/.OBR-25"));
    }

    @Test
    void aNegativeResultWithoutPriorityHasNoTimingAndNoAbnormalFlag() throws Exception {
        ORU_R01 oru = new OruBuilder(options).build(new ReportKey("r-neg", 1), Results.negative(), Results.study(),
                Optional.empty(), AT);
        sender.send(oru);
        Terser t = new Terser(listener.received().get(0));
        assertNull(t.get("/.TQ1-9-1"));
        List<String[]> obx = observations(listener.received().get(0));
        assertEquals(1, obx.size());
        assertTrue(obx.get(0)[2].contains("no finding"), obx.get(0)[2]);
    }

    @Test
    void aResendCarriesTheSameMessageControlIdAndANewVersionAnother() throws Exception {
        sender.send(noduleOru("r-same"));
        sender.send(noduleOru("r-same"));
        ORU_R01 next = new OruBuilder(options).build(new ReportKey("r-same", 2), Results.nodule(9.5, 0.91), Results.study(),
                Optional.of(WorklistPriority.URGENT), AT);
        sender.send(next);
        String first = new Terser(listener.received().get(0)).get("/MSH-10");
        assertEquals(first, new Terser(listener.received().get(1)).get("/MSH-10"));
        assertNotEquals(first, new Terser(listener.received().get(2)).get("/MSH-10"));
        assertTrue(first.length() <= 20, "MSH-10 is at most 20 characters: " + first);
    }

    @Test
    void aPriorityChangeGoesAsAnOrderChangeWithTheNewPriority() throws Exception {
        sender.send(new OrderChangeBuilder(options).build(new ReportKey("r-xo", 1), Results.study(), WorklistPriority.STAT, AT));
        Terser t = new Terser(listener.received().get(0));
        assertEquals("OMG", t.get("/MSH-9-1"));
        assertEquals("O19", t.get("/MSH-9-2"));
        assertEquals("XO", t.get("/.ORC-1"));
        assertEquals("PL-778899", t.get("/.ORC-2"));
        assertEquals("S", t.get("/.TQ1-9-1"));
        assertEquals("ACC20261201", t.get("/.OBR-18"));
    }

    @Test
    void anApplicationErrorIsRetryableAndSaysWhy() {
        listener.answerWith(AcknowledgmentCode.AE);
        SinkFailure failure = assertThrows(SinkFailure.class, () -> sender.send(noduleOru("r-ae")));
        assertEquals(SinkFailure.Kind.REFUSED_TRANSIENT, failure.kind());
        assertTrue(failure.retryable());
        assertTrue(failure.getMessage().contains("MSA-1 AE"), failure.getMessage());
        assertTrue(failure.getMessage().contains("order unknown to this RIS"), failure.getMessage());
    }

    @Test
    void anApplicationRejectIsRetryable() {
        listener.answerWith(AcknowledgmentCode.AR);
        SinkFailure failure = assertThrows(SinkFailure.class, () -> sender.send(noduleOru("r-ar")));
        assertEquals(SinkFailure.Kind.REFUSED_TRANSIENT, failure.kind());
        assertTrue(failure.getMessage().contains("MSA-1 AR"), failure.getMessage());
    }

    @Test
    void aMessageThatFailsValidationIsNeverSent() throws Exception {
        ORU_R01 oru = noduleOru("r-invalid");
        // no message type: no receiver could tell what this is; the validating re-parse refuses it
        oru.getMSH().getMessageType().getMessageCode().setValue("");
        oru.getMSH().getMessageType().getTriggerEvent().setValue("");
        oru.getMSH().getMessageType().getMessageStructure().setValue("");
        SinkFailure failure = assertThrows(SinkFailure.class, () -> sender.send(oru));
        assertEquals(SinkFailure.Kind.INVALID, failure.kind());
        assertFalse(failure.retryable());
        assertTrue(listener.received().isEmpty());
    }

    @Test
    void aListenerThatDropsTheConnectionIsAProtocolFailure() throws Exception {
        try (ServerSocket raw = new ServerSocket(0); MllpSender toRaw = new MllpSender(options(raw.getLocalPort(), Duration.ofSeconds(30)))) {
            Thread dropper = new Thread(() -> {
                try (Socket s = raw.accept(); InputStream in = s.getInputStream()) {
                    readFrame(in);   // take the message, then hang up without an ACK
                } catch (Exception ignored) {
                    // the test asserts on the sender's side
                }
            });
            dropper.start();
            SinkFailure failure = assertThrows(SinkFailure.class, () -> toRaw.send(noduleOru("r-drop")));
            assertTrue(failure.retryable(), failure.toString());
            assertTrue(failure.kind() == SinkFailure.Kind.PROTOCOL || failure.kind() == SinkFailure.Kind.TIMEOUT, failure.toString());
            dropper.join();
        }
    }

    @Test
    void aListenerThatNeverAcknowledgesEndsInATimeout() throws Exception {
        try (ServerSocket raw = new ServerSocket(0); MllpSender toRaw = new MllpSender(options(raw.getLocalPort(), Duration.ofSeconds(1)))) {
            List<Socket> held = new ArrayList<>();
            Thread silent = new Thread(() -> {
                try {
                    held.add(raw.accept());   // keep the connection open, answer nothing
                } catch (Exception ignored) {
                    // closed by the test
                }
            });
            silent.start();
            SinkFailure failure = assertThrows(SinkFailure.class, () -> toRaw.send(noduleOru("r-silent")));
            assertEquals(SinkFailure.Kind.TIMEOUT, failure.kind(), failure.toString());
            silent.join();
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void nobodyListeningIsUnreachable() throws Exception {
        int port = TestMllpListener.freePort();
        try (MllpSender nowhere = new MllpSender(options(port, Duration.ofSeconds(5)))) {
            SinkFailure failure = assertThrows(SinkFailure.class, () -> nowhere.send(noduleOru("r-nowhere")));
            assertEquals(SinkFailure.Kind.UNREACHABLE, failure.kind(), failure.toString());
        }
    }

    /** Per OBX: value type, OBX-3 code, OBX-5 first component, OBX-8, OBX-6 unit. */
    private static List<String[]> observations(Message m) throws Exception {
        Terser t = new Terser(m);
        List<String[]> out = new ArrayList<>();
        for (int i = 0; ; i++) {
            String path = "/PATIENT_RESULT/ORDER_OBSERVATION/OBSERVATION(" + i + ")/OBX-";
            String type = t.get(path + "2");
            if (type == null) {
                return out;
            }
            out.add(new String[] {type, t.get(path + "3-1"), t.get(path + "5-1"), t.get(path + "8"), t.get(path + "6-1")});
        }
    }

    private static void readFrame(InputStream in) throws Exception {
        int b;
        while ((b = in.read()) != -1) {
            if (b == 0x1C) {   // MLLP end block
                in.read();
                return;
            }
        }
    }
}
