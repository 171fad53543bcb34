package org.varde.dicom.mpps;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.Tag;
import org.varde.dicom.data.UID;
import org.varde.dicom.data.VR;
import org.varde.dicom.dimse.DimseException;
import org.varde.dicom.dimse.MppsRules;
import org.varde.dicom.dimse.Status;
import org.varde.dicom.net.Await;
import org.varde.dicom.net.ClientAssociation;
import org.varde.dicom.net.DicomClient;
import org.varde.dicom.net.DicomServer;
import org.varde.dicom.net.DicomServerOptions;
import org.varde.dicom.net.NormalizedResponse;
import org.varde.dicom.net.pdu.AAssociateAC;
import org.varde.dicom.net.pdu.AAssociateRQ;
import org.varde.dicom.net.pdu.PduEncoder;
import org.varde.dicom.net.pdu.PresentationContext;
import org.varde.dicom.net.pdu.UserInformation;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * N-CREATE and N-SET command sets built byte by byte from the PS3.7 tables (E.1, 10.3.5, 10.3.3),
 * never with our {@code Command} encoder, so the SCP and the SCU are checked against the standard's
 * layout rather than against themselves.
 */
@ExtendWith(VertxExtension.class)
class MppsWireFormatTest {
    private static final String MPPS = UID.ModalityPerformedProcedureStep;
    private static final String STEP = MppsScpTest.STEP;

    // ---- PS3.7 6.3.1 / E.1: group 0000, Implicit VR Little Endian, tag, 4-byte length, value

    private static void element(ByteArrayOutputStream out, int group, int element, byte[] value) {
        out.write(group & 0xFF);
        out.write(group >> 8);
        out.write(element & 0xFF);
        out.write(element >> 8);
        int length = value.length;
        out.write(length & 0xFF);
        out.write(length >> 8 & 0xFF);
        out.write(length >> 16 & 0xFF);
        out.write(length >>> 24);
        out.writeBytes(value);
    }

    private static byte[] us(int value) {
        return new byte[]{(byte) value, (byte) (value >> 8)};
    }

    /** PS3.5 6.2: a UI value padded with one NUL to even length. */
    private static byte[] ui(String uid) {
        byte[] raw = uid.getBytes(StandardCharsets.US_ASCII);
        return raw.length % 2 == 0 ? raw : Arrays.copyOf(raw, raw.length + 1);
    }

    /** Command Group Length (0000,0000) UL first, its value the length of everything after it. */
    private static byte[] commandSet(ByteArrayOutputStream elements) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int length = elements.size();
        element(out, 0x0000, 0x0000, new byte[]{(byte) length, (byte) (length >> 8), (byte) (length >> 16),
                (byte) (length >>> 24)});
        out.writeBytes(elements.toByteArray());
        return out.toByteArray();
    }

    /** PS3.7 10.3.5: N-CREATE-RQ. */
    private static byte[] nCreateRq(int messageId, String instance) {
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        element(e, 0x0000, 0x0002, ui(MPPS));         // Affected SOP Class UID
        element(e, 0x0000, 0x0100, us(0x0140));       // Command Field: N-CREATE-RQ
        element(e, 0x0000, 0x0110, us(messageId));    // Message ID
        element(e, 0x0000, 0x0800, us(0x0000));       // Command Data Set Type: a data set follows
        element(e, 0x0000, 0x1000, ui(instance));     // Affected SOP Instance UID
        return commandSet(e);
    }

    /** PS3.7 10.3.3: N-SET-RQ names the instance with the Requested UIDs. */
    private static byte[] nSetRq(int messageId, String instance) {
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        element(e, 0x0000, 0x0003, ui(MPPS));         // Requested SOP Class UID
        element(e, 0x0000, 0x0100, us(0x0120));       // Command Field: N-SET-RQ
        element(e, 0x0000, 0x0110, us(messageId));
        element(e, 0x0000, 0x0800, us(0x0000));
        element(e, 0x0000, 0x1001, ui(instance));     // Requested SOP Instance UID
        return commandSet(e);
    }

    /** PS3.7 10.3.5: N-CREATE-RSP without a data set. */
    private static byte[] nCreateRsp(int messageId, String instance) {
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        element(e, 0x0000, 0x0002, ui(MPPS));
        element(e, 0x0000, 0x0100, us(0x8140));
        element(e, 0x0000, 0x0120, us(messageId));    // Message ID Being Responded To
        element(e, 0x0000, 0x0800, us(0x0101));       // no data set
        element(e, 0x0000, 0x0900, us(0x0000));       // Status
        element(e, 0x0000, 0x1000, ui(instance));
        return commandSet(e);
    }

    /** An Implicit VR Little Endian data set: (0008,0060) CS "CT", (0040,0252) CS with the status. */
    private static byte[] stepDataSet(String status) {
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        element(e, 0x0008, 0x0060, "CT".getBytes(StandardCharsets.US_ASCII));
        byte[] value = status.getBytes(StandardCharsets.US_ASCII);
        element(e, 0x0040, 0x0252, value.length % 2 == 0 ? value : (status + " ").getBytes(StandardCharsets.US_ASCII));
        return e.toByteArray();
    }

    // ---- PS3.8 9.3.5 and E.2: P-DATA-TF with one PDV; message control header bit 0 command, bit 1 last

    private static byte[] pData(int contextId, boolean command, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int pdvLength = 2 + payload.length;
        int pduLength = 4 + pdvLength;
        out.writeBytes(new byte[]{4, 0, (byte) (pduLength >>> 24), (byte) (pduLength >> 16), (byte) (pduLength >> 8),
                (byte) pduLength, (byte) (pdvLength >>> 24), (byte) (pdvLength >> 16), (byte) (pdvLength >> 8),
                (byte) pdvLength, (byte) contextId, (byte) (command ? 0x03 : 0x02)});
        out.writeBytes(payload);
        return out.toByteArray();
    }

    private static byte[] readPdu(DataInputStream in) throws IOException {
        byte[] header = new byte[6];
        in.readFully(header);
        int length = (header[2] & 0xFF) << 24 | (header[3] & 0xFF) << 16 | (header[4] & 0xFF) << 8 | header[5] & 0xFF;
        byte[] pdu = Arrays.copyOf(header, 6 + length);
        in.readFully(pdu, 6, length);
        return pdu;
    }

    /** The payload of a P-DATA-TF holding one PDV, checking its control header. */
    private static byte[] pdvPayload(byte[] pdu, boolean command) {
        assertEquals(4, pdu[0], "P-DATA-TF");
        int pdvLength = (pdu[6] & 0xFF) << 24 | (pdu[7] & 0xFF) << 16 | (pdu[8] & 0xFF) << 8 | pdu[9] & 0xFF;
        assertEquals(pdu.length - 10, pdvLength, "one PDV fills the PDU");
        assertEquals(command ? 0x03 : 0x02, pdu[11], "message control header");
        return Arrays.copyOfRange(pdu, 12, pdu.length);
    }

    /** Elements of a command set by tag, after checking the group length and the order. */
    private static Map<Integer, byte[]> parseCommand(byte[] bytes) {
        Map<Integer, byte[]> elements = new TreeMap<>();
        int pos = 0;
        int previous = -1;
        while (pos < bytes.length) {
            int tag = (bytes[pos + 1] & 0xFF) << 24 | (bytes[pos] & 0xFF) << 16 | (bytes[pos + 3] & 0xFF) << 8
                    | bytes[pos + 2] & 0xFF;
            int length = (bytes[pos + 4] & 0xFF) | (bytes[pos + 5] & 0xFF) << 8 | (bytes[pos + 6] & 0xFF) << 16
                    | (bytes[pos + 7] & 0xFF) << 24;
            assertTrue(tag > previous, "ascending tag order");
            elements.put(tag, Arrays.copyOfRange(bytes, pos + 8, pos + 8 + length));
            previous = tag;
            pos += 8 + length;
        }
        byte[] groupLength = elements.get(0x00000000);
        int declared = (groupLength[0] & 0xFF) | (groupLength[1] & 0xFF) << 8 | (groupLength[2] & 0xFF) << 16;
        assertEquals(bytes.length - 12, declared, "Command Group Length counts what follows it");
        return elements;
    }

    @Test
    void theScpAnswersHandBuiltRequestsInTheStandardsLayout(Vertx vertx) throws Exception {
        InMemoryMppsHandler steps = new InMemoryMppsHandler();
        DicomServer server = DicomServer.create(vertx, DicomServerOptions.defaults("VARDE", "127.0.0.1", 0),
                request -> {
                    throw new DimseException(Status.OUT_OF_RESOURCES, "no storage");
                }, steps, null);
        int port = Await.result(server.listen());
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(15_000);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            out.write(PduEncoder.encode(AAssociateRQ.of("MODALITY", "VARDE",
                    List.of(PresentationContext.offer(1, MPPS, List.of(UID.ImplicitVRLittleEndian))),
                    UserInformation.of(16384, "1.2.3.4", "RAWPEER"))).getBytes());
            assertEquals(2, readPdu(in)[0], "A-ASSOCIATE-AC");

            out.write(pData(1, true, nCreateRq(7, STEP)));
            out.write(pData(1, false, stepDataSet(MppsRules.IN_PROGRESS)));
            Map<Integer, byte[]> rsp = parseCommand(pdvPayload(readPdu(in), true));
            assertArrayEquals(us(0x8140), rsp.get(0x00000100), "N-CREATE-RSP");
            assertArrayEquals(us(7), rsp.get(0x00000120), "Message ID Being Responded To");
            assertArrayEquals(us(0x0000), rsp.get(0x00000900), "Status");
            assertArrayEquals(us(0x0101), rsp.get(0x00000800), "no data set follows");
            assertArrayEquals(ui(MPPS), rsp.get(0x00000002), "Affected SOP Class UID");
            assertArrayEquals(ui(STEP), rsp.get(0x00001000), "Affected SOP Instance UID");
            assertEquals("CT", steps.creates.get(0).dataSet().getString(Tag.Modality));
            assertEquals(STEP, steps.creates.get(0).sopInstanceUid());

            out.write(pData(1, true, nSetRq(8, STEP)));
            out.write(pData(1, false, stepDataSet(MppsRules.COMPLETED)));
            rsp = parseCommand(pdvPayload(readPdu(in), true));
            assertArrayEquals(us(0x8120), rsp.get(0x00000100), "N-SET-RSP");
            assertArrayEquals(us(8), rsp.get(0x00000120));
            assertArrayEquals(us(0x0000), rsp.get(0x00000900));
            assertArrayEquals(ui(STEP), rsp.get(0x00001000), "PS3.7 10.3.3: Affected SOP Instance UID in the RSP");
            assertFalse(rsp.containsKey(0x00001001), "the Requested UID belongs to the request only");
            assertEquals(MppsRules.COMPLETED, MppsRules.status(steps.steps.get(STEP)));
        } finally {
            Await.result(server.close());
        }
    }

    @Test
    void theScuSendsTheStandardsLayoutAndReadsAHandBuiltResponse(Vertx vertx) throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Context context = vertx.getOrCreateContext();
            Future<ClientAssociation> opening = Future.future(p -> context.runOnContext(v ->
                    DicomClient.create(vertx).open("127.0.0.1", listener.getLocalPort(), "MODALITY", "RAWSCP",
                            List.of(PresentationContext.offer(1, MPPS, List.of(UID.ImplicitVRLittleEndian))))
                            .onComplete(p)));
            try (Socket socket = listener.accept()) {
                socket.setSoTimeout(15_000);
                DataInputStream in = new DataInputStream(socket.getInputStream());
                OutputStream out = socket.getOutputStream();
                assertEquals(1, readPdu(in)[0], "A-ASSOCIATE-RQ");
                out.write(PduEncoder.encode(new AAssociateAC(1, "RAWSCP", "MODALITY", AAssociateRQ.DICOM_APPLICATION_CONTEXT,
                        List.of(PresentationContext.answer(1, PresentationContext.ACCEPTANCE, UID.ImplicitVRLittleEndian)),
                        UserInformation.of(16384, "1.2.3.4", "RAWSCP"))).getBytes());
                ClientAssociation association = Await.result(opening);

                Attributes ds = new Attributes();
                ds.setString(Tag.Modality, VR.CS, "CT");
                ds.setString(Tag.PerformedProcedureStepStatus, VR.CS, MppsRules.IN_PROGRESS);
                Future<NormalizedResponse> response = Future.future(p -> context.runOnContext(v ->
                        association.nCreate(MPPS, STEP, ds).onComplete(p)));

                byte[] command = pdvPayload(readPdu(in), true);
                assertArrayEquals(nCreateRq(1, STEP), command, "N-CREATE-RQ command set, byte for byte");
                assertArrayEquals(stepDataSet(MppsRules.IN_PROGRESS), pdvPayload(readPdu(in), false),
                        "attribute list in Implicit VR Little Endian");

                out.write(pData(1, true, nCreateRsp(1, STEP)));
                NormalizedResponse created = Await.result(response);
                assertEquals(Status.SUCCESS, created.status());
                assertEquals(STEP, created.affectedSopInstanceUid());
                context.runOnContext(v -> association.abort());
                assertEquals(7, readPdu(in)[0], "A-ABORT");
            }
        }
    }

}
