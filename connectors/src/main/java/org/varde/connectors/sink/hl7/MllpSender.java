package org.varde.connectors.sink.hl7;

import java.io.IOException;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.varde.connectors.sink.SinkFailure;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.app.Connection;
import ca.uhn.hl7v2.app.Initiator;
import ca.uhn.hl7v2.llp.ExtendedMinLowerLayerProtocol;
import ca.uhn.hl7v2.llp.LLPException;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.v251.segment.ERR;
import ca.uhn.hl7v2.model.v251.segment.MSA;
import ca.uhn.hl7v2.parser.PipeParser;
import ca.uhn.hl7v2.util.Terser;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;

/**
 * Sends HL7 v2 messages over MLLP and waits for the application acknowledgement. Blocking: call it
 * from a worker thread. A message that does not survive its own encoding and a validating re-parse
 * is never sent.
 */
public final class MllpSender implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MllpSender.class);

    private final Hl7SinkOptions options;
    private final HapiContext context;
    private final PipeParser validating;

    public MllpSender(Hl7SinkOptions options) {
        this.options = options;
        this.context = new DefaultHapiContext();
        // HAPI's default executor is one static pool for the whole JVM, and closing a context shuts it
        // down for every other context too: each sender has its own
        context.setExecutorService(Executors.newCachedThreadPool(daemon("varde-mllp-" + options.host() + ":" + options.port())));
        // MLLP frames encoded in the charset MSH-18 names (UTF-8 here), not the platform's
        context.setLowerLayerProtocol(new ExtendedMinLowerLayerProtocol());
        // HAPI's default id generator keeps a counter in ./id_file, wherever the process happens to run
        context.getParserConfiguration().setIdGenerator(new ca.uhn.hl7v2.util.idgenerator.InMemoryIDGenerator());
        HapiContext checking = new DefaultHapiContext(ValidationContextFactory.defaultValidation());
        this.validating = checking.getPipeParser();
    }

    /** The message as it goes on the wire, after a validating round trip; refused before sending otherwise. */
    public String encode(Message message) throws SinkFailure {
        try {
            String wire = message.encode();
            validating.parse(wire);
            return wire;
        } catch (HL7Exception | RuntimeException e) {
            // HAPI's parser also throws unchecked exceptions on some malformed headers
            throw new SinkFailure(SinkFailure.Kind.INVALID, "HL7 message fails validation, not sent: " + e, e);
        }
    }

    /**
     * Sends and waits for the ACK.
     *
     * @return the acknowledgement (MSA-1 AA or CA)
     */
    public Message send(Message message) throws SinkFailure {
        encode(message);
        String where = options.host() + ":" + options.port();
        Connection connection;
        try {
            connection = context.newClient(options.host(), options.port(), false);
        } catch (HL7Exception e) {
            throw new SinkFailure(SinkFailure.Kind.UNREACHABLE, "HL7 listener " + where + " unreachable: " + rootMessage(e), e);
        }
        try {
            Initiator initiator = connection.getInitiator();
            initiator.setTimeout(options.ackTimeout().toMillis(), TimeUnit.MILLISECONDS);
            Message ack = initiator.sendAndReceive(message);
            return accepted(ack, where);
        } catch (HL7Exception e) {
            boolean timeout = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("timeout");
            throw new SinkFailure(timeout ? SinkFailure.Kind.TIMEOUT : SinkFailure.Kind.PROTOCOL,
                    "HL7 listener " + where + (timeout ? " sent no ACK in time: " : " broke the exchange: ") + rootMessage(e), e);
        } catch (LLPException | IOException e) {
            throw new SinkFailure(SinkFailure.Kind.PROTOCOL, "HL7 listener " + where + " dropped the connection before its ACK: "
                    + rootMessage(e), e);
        } finally {
            closeQuietly(connection);
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (IOException e) {
            LOG.debug("closing an MLLP connection", e);
        }
    }

    /** {@code AA for R1234...}: what a delivery's history says of an acknowledgement. */
    public static String acknowledged(Message ack) {
        try {
            Terser t = new Terser(ack);
            return t.get("/MSA-1") + " for " + t.get("/MSA-2");
        } catch (HL7Exception e) {
            return "acknowledged";
        }
    }

    private static Message accepted(Message ack, String where) throws SinkFailure, HL7Exception {
        Terser terser = new Terser(ack);
        String code = terser.get("/MSA-1");
        if ("AA".equals(code) || "CA".equals(code)) {
            return ack;
        }
        String text = SinkFailure.excerpt(words(ack), 300);
        LOG.warn("hl7 delivery refused by {}: MSA-1 {} {}", where, code, text);
        if (code == null) {
            throw new SinkFailure(SinkFailure.Kind.PROTOCOL, "HL7 listener " + where + " answered without MSA-1");
        }
        // AE (error) and AR (reject) are both retried: a RIS answers AR while its database is down
        return refuse(where, code, text);
    }

    private static Message refuse(String where, String code, String text) throws SinkFailure {
        throw new SinkFailure(SinkFailure.Kind.REFUSED_TRANSIENT, "HL7 listener " + where + " answered MSA-1 " + code
                + (text.isEmpty() ? "" : ": " + text));
    }

    private static String words(Message ack) throws HL7Exception {
        StringBuilder b = new StringBuilder();
        MSA msa = (MSA) firstOrNull(ack, "MSA");
        if (msa != null && msa.getTextMessage().getValue() != null) {
            b.append(msa.getTextMessage().getValue());
        }
        ERR err = (ERR) firstOrNull(ack, "ERR");
        if (err != null) {
            String user = err.getUserMessage().getValue();
            String diag = err.getDiagnosticInformation().getValue();
            String hl7Code = err.getHL7ErrorCode().getText().getValue();
            // ERR-3.9 original text: where HAPI and many RIS put their own words
            String original = err.getHL7ErrorCode().getOriginalText().getValue();
            for (String s : new String[] {hl7Code, original, diag, user}) {
                if (s != null && !s.isBlank()) {
                    b.append(b.length() > 0 ? "; " : "").append(s);
                }
            }
        }
        return b.toString();
    }

    private static ca.uhn.hl7v2.model.Structure firstOrNull(Message ack, String name) {
        try {
            return ack.get(name);
        } catch (HL7Exception e) {
            return null;
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + t + ")";
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void close() {
        try {
            context.close();
        } catch (IOException e) {
            LOG.debug("closing the HL7 context", e);
        }
    }
}
