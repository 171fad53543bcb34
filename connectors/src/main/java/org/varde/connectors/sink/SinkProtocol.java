package org.varde.connectors.sink;

import org.varde.connectors.algorithm.AdapterEnvironment;
import org.varde.connectors.config.ConfigBlock;
import org.varde.connectors.config.ConfigBlockException;

/**
 * One kind of result destination: reads its {@code outputs:} block and opens its sink. Registered once
 * in {@link org.varde.connectors.SinkProtocols}; the gateway only looks a type up by name.
 */
public interface SinkProtocol {
    /** The word in {@code outputs.<name>.type}. */
    String name();

    /** Reads the rest of the block ({@code type} has been read), refusing unknown keys. */
    Object readTarget(ConfigBlock block) throws ConfigBlockException;

    /** A sink for a target this protocol read; the environment is the one adapters get. */
    ResultSink open(Object target, AdapterEnvironment environment);

    /**
     * Loads what the first delivery would otherwise wait for (FHIR's structure definitions take
     * seconds to a minute). Blocking: the gateway calls it on a worker at start when an output of
     * this type is configured.
     */
    default void warmUp() {
    }

    /**
     * How many deliveries to one output of this type are sent at once unless its block says
     * {@code concurrency}: the sink must be safe to call from that many threads.
     */
    default int defaultConcurrency() {
        return 4;
    }
}
