package org.varde.connectors.sink.hl7;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.varde.connectors.config.ConfigBlock;
import org.varde.connectors.config.ConfigBlockException;
import org.varde.connectors.result.WorklistPriority;
import org.varde.connectors.sink.DeliveryContent;
import org.varde.connectors.sink.PreparedDelivery;
import org.varde.connectors.sink.ResultSink;
import org.varde.connectors.sink.SinkFailure;
import org.varde.connectors.sink.SinkProtocol;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Message;

/**
 * {@code type: hl7}: {@code host}, {@code port}, {@code sendingApplication} (VARDE),
 * {@code sendingFacility}, {@code receivingApplication}, {@code receivingFacility},
 * {@code ackTimeoutSeconds} (30), {@code priorityCodes} (routine/urgent/asap/stat → TQ1-9 code),
 * {@code sendOrderChange} (false).
 */
public final class Hl7Protocol implements SinkProtocol {
    @Override
    public String name() {
        return "hl7";
    }

    /**
     * One at a time by default: a v2 receiver applies messages in the order they arrive (an ORU and the
     * order change for the same order must not overtake each other), and HL7 has no conditional update
     * that would make the order irrelevant.
     */
    @Override
    public int defaultConcurrency() {
        return 1;
    }

    @Override
    public Hl7SinkOptions readTarget(ConfigBlock block) throws ConfigBlockException {
        String host = block.requiredText("host");
        int port = block.requiredInteger("port", 1, 65535);
        Map<WorklistPriority, String> codes = new EnumMap<>(Hl7SinkOptions.defaultPriorityCodes());
        if (block.has("priorityCodes")) {
            ConfigBlock map = block.mapping("priorityCodes");
            for (WorklistPriority p : WorklistPriority.values()) {
                String code = map.optionalText(p.fhirCode());
                if (code != null) {
                    codes.put(p, code);
                }
            }
            map.refuseUnknownKeys();
        }
        Hl7SinkOptions options = new Hl7SinkOptions(host, port,
                text(block, "sendingApplication", "VARDE"), text(block, "sendingFacility", ""),
                text(block, "receivingApplication", ""), text(block, "receivingFacility", ""),
                Duration.ofSeconds(block.integer("ackTimeoutSeconds", 30, 1, 3600)), codes,
                block.bool("sendOrderChange", false));
        block.refuseUnknownKeys();
        return options;
    }

    private static String text(ConfigBlock block, String key, String dflt) throws ConfigBlockException {
        String value = block.optionalText(key);
        return value == null ? dflt : value;
    }

    @Override
    public ResultSink open(Object target, org.varde.connectors.algorithm.AdapterEnvironment environment) {
        Hl7SinkOptions options = (Hl7SinkOptions) target;
        MllpSender sender = new MllpSender(options);
        OruBuilder oru = new OruBuilder(options);
        OrderChangeBuilder change = new OrderChangeBuilder(options);
        return new ResultSink() {
            @Override
            public PreparedDelivery prepare(DeliveryContent c) throws SinkFailure {
                try {
                    Message result = oru.build(c.key(), c.result(), c.study(), c.priority(), c.at(), c.review());
                    StringBuilder wire = new StringBuilder(sender.encode(result));
                    Message order = null;
                    if (options.sendOrderChange() && c.priority().isPresent()) {
                        order = change.build(c.key(), c.study(), c.priority().get(), c.at());
                        wire.append("\r\r").append(sender.encode(order));
                    }
                    List<Message> messages = order == null ? List.of(result) : List.of(result, order);
                    return new PreparedDelivery("x-application/hl7-v2+er7", wire.toString().replace('\r', '\n'), messages);
                } catch (HL7Exception e) {
                    throw new SinkFailure(SinkFailure.Kind.INVALID, "cannot build the HL7 message: " + e.getMessage(), e);
                }
            }

            @Override
            public String send(PreparedDelivery prepared) throws SinkFailure {
                @SuppressWarnings("unchecked")
                List<Message> messages = (List<Message>) prepared.message();
                StringBuilder acks = new StringBuilder();
                for (Message m : messages) {
                    Message ack = sender.send(m);
                    acks.append(acks.length() > 0 ? ", " : "").append(MllpSender.acknowledged(ack));
                }
                return acks.toString();
            }

            @Override
            public void close() {
                sender.close();
            }
        };
    }
}
