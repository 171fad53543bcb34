package org.varde.gateway.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The {@code outputs:} section: the places results are written to (PACS, FHIR server, HL7 listener),
 * each under a name that catalogue entries and routes list. Read by the connectors' sink protocols;
 * the gateway only keeps what they read. Sinks are opened at start: a change needs a restart.
 *
 * @param byName in file order
 */
public record OutputSettings(Map<String, Output> byName) {
    public static final OutputSettings NONE = new OutputSettings(Map.of());

    /**
     * One output.
     *
     * @param type   the sink protocol's name ({@code pacs}, {@code fhir}, {@code hl7})
     * @param target      what that protocol read from the block, handed back to it to open the sink
     * @param concurrency how many deliveries to this output are sent at once ({@code concurrency:},
     *                    else the protocol's default)
     */
    public record Output(String name, String type, Object target, int concurrency) {
        public Output {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(target, "target");
            if (concurrency < 1) {
                throw new IllegalArgumentException("concurrency is at least 1, was " + concurrency);
            }
        }

        /** One delivery at a time. */
        public Output(String name, String type, Object target) {
            this(name, type, target, 1);
        }
    }

    public OutputSettings {
        byName = Collections.unmodifiableMap(new LinkedHashMap<>(byName));
    }

    public Set<String> names() {
        return byName.keySet();
    }

    /** Whether an output of this type is configured (e.g. fhir: warm its validator at start). */
    public boolean hasType(String type) {
        return byName.values().stream().anyMatch(o -> o.type().equals(type));
    }
}
