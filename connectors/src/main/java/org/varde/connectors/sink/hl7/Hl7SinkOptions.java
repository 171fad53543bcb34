package org.varde.connectors.sink.hl7;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

import org.varde.connectors.result.WorklistPriority;

/**
 * One RIS reached over MLLP.
 *
 * @param host                 the RIS's MLLP listener
 * @param port                 its port
 * @param sendingApplication   MSH-3, how the RIS knows Varde
 * @param sendingFacility      MSH-4
 * @param receivingApplication MSH-5
 * @param receivingFacility    MSH-6
 * @param ackTimeout           from sending a message to its application acknowledgement
 * @param priorityCodes        TQ1-9 codes (HL7 table 0485: S stat, A ASAP, R routine, ...) per
 *                             priority; table 0485 has no "urgent", so the RIS decides what it maps to
 * @param sendOrderChange      whether the RIS takes a priority change as an order message (OMI^O23 XO)
 */
public record Hl7SinkOptions(String host, int port, String sendingApplication, String sendingFacility,
                             String receivingApplication, String receivingFacility, Duration ackTimeout,
                             Map<WorklistPriority, String> priorityCodes, boolean sendOrderChange) {
    public Hl7SinkOptions {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(ackTimeout, "ackTimeout");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535, was " + port);
        }
        priorityCodes = Map.copyOf(priorityCodes);
        for (WorklistPriority p : WorklistPriority.values()) {
            if (!priorityCodes.containsKey(p)) {
                throw new IllegalArgumentException("no TQ1-9 code for priority " + p.fhirCode());
            }
        }
    }

    /** Table 0485 as most RIS read it; urgent and ASAP share A. */
    public static Map<WorklistPriority, String> defaultPriorityCodes() {
        Map<WorklistPriority, String> codes = new EnumMap<>(WorklistPriority.class);
        codes.put(WorklistPriority.ROUTINE, "R");
        codes.put(WorklistPriority.URGENT, "A");
        codes.put(WorklistPriority.ASAP, "A");
        codes.put(WorklistPriority.STAT, "S");
        return codes;
    }
}
