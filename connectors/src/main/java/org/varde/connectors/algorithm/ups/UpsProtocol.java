package org.varde.connectors.algorithm.ups;

import org.varde.connectors.algorithm.AdapterEnvironment;
import org.varde.connectors.algorithm.AlgorithmAdapter;
import org.varde.connectors.algorithm.AlgorithmEndpoint;
import org.varde.connectors.algorithm.AlgorithmProtocol;
import org.varde.connectors.config.ConfigBlock;
import org.varde.connectors.config.ConfigBlockException;
import org.varde.connectors.config.HttpUrl;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * IHE AIW-I over UPS-RS, pull model. Its catalogue block:
 * <pre>
 * endpoint:
 *   protocol: ups
 *   priority: MEDIUM                               # optional: HIGH | MEDIUM | LOW (0074,1200)
 *   retrieveUrl: https://varde.example/dicomweb    # optional: Varde's WADO-RS base as the vendor reaches it
 * </pre>
 * The vendor authenticates with a {@code vendor} token named after the algorithm's id.
 */
public final class UpsProtocol implements AlgorithmProtocol {
    public static final String NAME = "ups";
    private static final Set<String> PRIORITIES = Set.of("HIGH", "MEDIUM", "LOW");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public AlgorithmEndpoint readEndpoint(ConfigBlock block) throws ConfigBlockException {
        String priority = block.optionalText("priority");
        priority = priority == null ? UpsEndpoint.DEFAULT_PRIORITY : priority.toUpperCase(Locale.ROOT);
        if (!PRIORITIES.contains(priority)) {
            throw block.problem("priority", "must be HIGH, MEDIUM or LOW (PS3.3 Scheduled Procedure Step Priority)");
        }
        var retrieve = block.has("retrieveUrl") ? HttpUrl.read(block, "retrieveUrl") : null;
        block.refuseUnknownKeys();
        return new UpsEndpoint(priority, retrieve);
    }

    /** Only where the gateway keeps a worklist: without one, jobs of this protocol are dead-lettered. */
    @Override
    public Optional<AlgorithmAdapter> adapter(AdapterEnvironment environment) {
        return Optional.ofNullable(environment.workitemsOrNull())
                .map(board -> new UpsAlgorithmAdapter(environment.vertx(), board));
    }
}
