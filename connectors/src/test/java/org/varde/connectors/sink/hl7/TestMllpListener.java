package org.varde.connectors.sink.hl7;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import ca.uhn.hl7v2.AcknowledgmentCode;
import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.app.HL7Service;
import ca.uhn.hl7v2.llp.ExtendedMinLowerLayerProtocol;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.protocol.ReceivingApplication;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;

/**
 * A RIS's MLLP listener for the sink's tests: HAPI's own server, parsing with HAPI's default
 * validation (a message that fails it is answered AE by HAPI itself), keeping every message it took,
 * and answering AA unless told to answer AE or AR.
 */
public final class TestMllpListener implements AutoCloseable {
    private final HapiContext context;
    private final HL7Service server;
    private final int port;
    private final List<Message> received = new CopyOnWriteArrayList<>();
    private final AtomicReference<AcknowledgmentCode> answer = new AtomicReference<>(AcknowledgmentCode.AA);

    public TestMllpListener() throws Exception {
        context = new DefaultHapiContext(ValidationContextFactory.defaultValidation());
        context.setLowerLayerProtocol(new ExtendedMinLowerLayerProtocol());
        // HAPI's default id generator keeps a counter in ./id_file, wherever the process happens to run
        context.getParserConfiguration().setIdGenerator(new ca.uhn.hl7v2.util.idgenerator.InMemoryIDGenerator());
        // its own pool: HAPI's default one is shared by the JVM and shut down by any context's close()
        context.setExecutorService(java.util.concurrent.Executors.newCachedThreadPool());
        HL7Service started = null;
        int bound = -1;
        // HAPI binds a port it is given; a port found free can be taken before it binds, so try a few
        for (int attempt = 0; attempt < 5 && started == null; attempt++) {
            int candidate = freePort();
            HL7Service service = context.newServer(candidate, false);
            service.registerApplication(new Application());
            try {
                service.startAndWait();
                if (service.isRunning()) {
                    started = service;
                    bound = candidate;
                }
            } catch (RuntimeException e) {
                service.stopAndWait();
            }
        }
        if (started == null) {
            throw new IllegalStateException("MLLP listener could not bind a port");
        }
        server = started;
        port = bound;
    }

    public int port() {
        return port;
    }

    public List<Message> received() {
        return received;
    }

    /** Answer every next message with this code (AA, AE, AR), with an error text for AE/AR. */
    public void answerWith(AcknowledgmentCode code) {
        answer.set(code);
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws IOException {
        server.stopAndWait();
        context.close();
    }

    private final class Application implements ReceivingApplication<Message> {
        @Override
        public Message processMessage(Message message, Map<String, Object> metadata) throws HL7Exception {
            AcknowledgmentCode code = answer.get();
            try {
                if (code == AcknowledgmentCode.AA) {
                    received.add(message);
                    return message.generateACK();
                }
                return message.generateACK(code, new HL7Exception("order unknown to this RIS"));
            } catch (IOException e) {
                throw new HL7Exception(e);
            }
        }

        @Override
        public boolean canProcess(Message message) {
            return true;
        }
    }
}
