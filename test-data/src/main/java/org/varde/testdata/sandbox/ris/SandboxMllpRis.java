package org.varde.testdata.sandbox.ris;

import ca.uhn.hl7v2.AcknowledgmentCode;
import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.parser.PipeParser;
import ca.uhn.hl7v2.util.Terser;
import ca.uhn.hl7v2.util.idgenerator.InMemoryIDGenerator;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A RIS's HL7 v2 listener over MLLP (HL7 v2.5.1 Transport Specification: MLLP Release 2, a message
 * framed by {@code <VT>} and {@code <FS><CR>}): each ORU^R01 is parsed with HAPI and answered by its
 * application acknowledgment, AA; a message that does not parse, or is no ORU^R01, is answered AE with
 * the reason (an ACK built by hand when not even MSH could be read). A frame longer than
 * {@link #MAX_MESSAGE} closes the connection. Keeps the accession number (OBR-18) and the priority
 * (TQ1-9) of every ORU it acknowledged. Loopback only.
 */
public final class SandboxMllpRis implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SandboxMllpRis.class);
    static final int MAX_MESSAGE = 1024 * 1024;
    private static final byte START = 0x0b;
    private static final byte END = 0x1c;
    private static final byte CR = 0x0d;

    private final Vertx vertx;
    private final HapiContext hapi = new DefaultHapiContext();
    private final List<RisReceipt> acknowledged = new CopyOnWriteArrayList<>();
    private NetServer server;

    public SandboxMllpRis(Vertx vertx) {
        this.vertx = vertx;
        // HAPI's default id generator keeps a counter in ./id_file, wherever the process happens to run
        hapi.getParserConfiguration().setIdGenerator(new InMemoryIDGenerator());
    }

    /** Listens on 127.0.0.1 at {@code port} (0: any free one); the port it listens on. */
    public Future<Integer> listen(int port) {
        server = vertx.createNetServer();
        return server.connectHandler(this::connected).listen(port, "127.0.0.1").map(NetServer::actualPort);
    }

    /** The ORU^R01 messages answered AA, in the order taken. */
    public List<RisReceipt> acknowledged() {
        return List.copyOf(acknowledged);
    }

    private void connected(NetSocket socket) {
        Buffer[] pending = {Buffer.buffer()};
        socket.handler(chunk -> {
            pending[0].appendBuffer(chunk);
            int end;
            while ((end = frameEnd(pending[0])) >= 0) {
                reply(socket, pending[0].getBuffer(0, end));
                pending[0] = pending[0].getBuffer(end + 2, pending[0].length());
            }
            if (pending[0].length() > MAX_MESSAGE) {
                LOG.warn("sandbox RIS (HL7): a frame beyond {} bytes, connection closed", MAX_MESSAGE);
                socket.close();
            }
        });
    }

    /** Index of {@code <FS>} followed by {@code <CR>}, or -1 while the frame is not whole. */
    private static int frameEnd(Buffer pending) {
        for (int i = 0; i + 1 < pending.length(); i++) {
            if (pending.getByte(i) == END && pending.getByte(i + 1) == CR) {
                return i;
            }
        }
        return -1;
    }

    private void reply(NetSocket socket, Buffer frame) {
        int start = frame.length() > 0 && frame.getByte(0) == START ? 1 : 0;
        String text = frame.getString(start, frame.length(), StandardCharsets.UTF_8.name());
        vertx.executeBlocking(() -> acknowledge(text), true)
                .onSuccess(ack -> socket.write(Buffer.buffer().appendByte(START)
                        .appendString(ack, StandardCharsets.UTF_8.name()).appendByte(END).appendByte(CR)))
                .onFailure(e -> {
                    LOG.warn("sandbox RIS (HL7): no acknowledgment could be built ({}), connection closed", e.toString());
                    socket.close();
                });
    }

    private String acknowledge(String text) throws HL7Exception, IOException {
        PipeParser parser = hapi.getPipeParser();
        Message message;
        try {
            message = parser.parse(text);
        } catch (HL7Exception e) {
            LOG.warn("sandbox RIS (HL7): unreadable message answered AE: {}", e.getMessage());
            return parser.encode(parser.parse(minimalHeader(text)).generateACK(
                    AcknowledgmentCode.AE, e));
        }
        Terser terser = new Terser(message);
        String type = terser.get("/MSH-9-1") + "^" + terser.get("/MSH-9-2");
        if (!type.equals("ORU^R01")) {
            return parser.encode(message.generateACK(AcknowledgmentCode.AE,
                    new HL7Exception("this sandbox RIS takes ORU^R01 only, not " + type)));
        }
        acknowledged.add(new RisReceipt(orEmpty(terser.get("/.OBR-18")), orEmpty(terser.get("/.TQ1-9-1"))));
        LOG.info("sandbox RIS (HL7): ORU^R01 {} acknowledged AA", terser.get("/MSH-10"));
        return parser.encode(message.generateACK());
    }

    /** A message that does not parse is still acknowledged from its MSH, or from a bare one when it has none. */
    private static String minimalHeader(String text) {
        String first = text.lines().findFirst().orElse("");
        return first.startsWith("MSH|") && first.length() <= 1000 ? first
                : "MSH|^~\\&|||||||ACK|0|P|2.5.1";
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    @Override
    public void close() throws IOException {
        if (server != null) {
            server.close();
        }
        hapi.close();
    }
}
