package org.varde.dicom.net;

import io.vertx.core.buffer.Buffer;
import org.varde.dicom.dimse.Command;
import org.varde.dicom.net.pdu.AAssociateAC;
import org.varde.dicom.net.pdu.AAssociateRQ;
import org.varde.dicom.net.pdu.PDataTF;
import org.varde.dicom.net.pdu.Pdu;
import org.varde.dicom.net.pdu.PduDecoder;
import org.varde.dicom.net.pdu.PduEncoder;
import org.varde.dicom.net.pdu.PresentationContext;
import org.varde.dicom.net.pdu.UserInformation;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.List;

/** A peer on a plain blocking socket that sends exactly the bytes a test wants, well-formed or not. */
final class RawPeer implements AutoCloseable {
    static final String VERIFICATION = "1.2.840.10008.1.1";
    static final String CT_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.2";
    static final String MR_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.4";

    private final Socket socket;
    private final DataInputStream in;

    RawPeer(int port) throws IOException {
        this(port, "127.0.0.1");
    }

    /** From {@code localAddress} (any 127.x.y.z on Linux): another remote host as the server sees it. */
    RawPeer(int port, String localAddress) throws IOException {
        socket = new Socket(java.net.InetAddress.getByName("127.0.0.1"), port,
                java.net.InetAddress.getByName(localAddress), 0);
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(15_000);
        in = new DataInputStream(socket.getInputStream());
    }

    static AAssociateRQ request(String calling, String called, List<PresentationContext> contexts) {
        return AAssociateRQ.of(calling, called, contexts, UserInformation.of(16384, "1.2.3.4", "RAWPEER"));
    }

    static AAssociateRQ echoRequest(String calling, String called) {
        return request(calling, called, List.of(PresentationContext.offer(1, VERIFICATION, List.of(TestImages.IMPLICIT_LE))));
    }

    void send(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
    }

    void send(Pdu pdu) throws IOException {
        send(PduEncoder.encode(pdu).getBytes());
    }

    /** Sends the request and returns the A-ASSOCIATE-AC, failing on anything else. */
    AAssociateAC associate(AAssociateRQ rq) throws IOException {
        send(rq);
        Pdu answer = new PduDecoder(0).decode(Buffer.buffer(readPdu()));
        if (!(answer instanceof AAssociateAC ac)) {
            throw new AssertionError("expected A-ASSOCIATE-AC, got " + answer);
        }
        return ac;
    }

    void sendCommand(int contextId, Command command) throws IOException {
        Buffer c = command.encode();
        send(PduEncoder.pDataHeader(contextId, true, true, c.length()).appendBuffer(c).getBytes());
    }

    void sendData(int contextId, byte[] data, boolean last) throws IOException {
        send(PduEncoder.pDataHeader(contextId, false, last, data.length).appendBytes(data).getBytes());
    }

    Command readCommand() throws Exception {
        PDataTF p = (PDataTF) new PduDecoder(0).decode(Buffer.buffer(readPdu()));
        return Command.decode(p.values().get(0).data());
    }

    /** The next whole PDU, header included; null when the peer closed the connection first. */
    byte[] readPdu() throws IOException {
        byte[] header = new byte[6];
        try {
            in.readFully(header);
        } catch (EOFException e) {
            return null;
        }
        int length = Buffer.buffer(header).getInt(2);
        byte[] pdu = Arrays.copyOf(header, 6 + length);
        in.readFully(pdu, 6, length);
        return pdu;
    }

    /** True when the server closed the connection (EOF or reset) before the timeout. */
    boolean closedByPeer() throws IOException {
        try {
            while (in.read() >= 0) {
                // drain whatever is still in flight
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
