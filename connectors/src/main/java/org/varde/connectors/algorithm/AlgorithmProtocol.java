package org.varde.connectors.algorithm;

import org.varde.connectors.config.ConfigBlock;
import org.varde.connectors.config.ConfigBlockException;

import java.util.Optional;

/**
 * One way of reaching a vendor's algorithm: it owns its endpoint type, reads its catalogue
 * {@code endpoint:} block and builds its adapter. Registered once in {@link AlgorithmProtocols}; the
 * gateway only ever looks a protocol up by name.
 */
public interface AlgorithmProtocol {
    /** The word in the catalogue's {@code endpoint.protocol}. */
    String name();

    /**
     * Reads the rest of the {@code endpoint:} block ({@code protocol} has been read). Refuses unknown
     * keys, so a misspelt setting names itself.
     */
    AlgorithmEndpoint readEndpoint(ConfigBlock block) throws ConfigBlockException;

    /** The adapter, or empty while Varde cannot send over this protocol yet (its jobs are dead-lettered). */
    Optional<AlgorithmAdapter> adapter(AdapterEnvironment environment);
}
