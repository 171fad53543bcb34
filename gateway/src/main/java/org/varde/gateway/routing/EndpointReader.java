package org.varde.gateway.routing;

import org.varde.connectors.AlgorithmProtocols;
import org.varde.connectors.algorithm.AlgorithmEndpoint;
import org.varde.connectors.algorithm.AlgorithmProtocol;
import org.varde.connectors.config.ConfigBlockException;

/**
 * Reads a catalogue entry's {@code endpoint:} block: its {@code protocol} picks the protocol from the
 * connectors' registry, which reads the rest. The gateway knows no protocol by name.
 */
final class EndpointReader {
    private EndpointReader() {
    }

    static AlgorithmEndpoint read(YamlMapping yaml, AlgorithmProtocols protocols) throws RoutingConfigException {
        String name = yaml.requiredText("protocol");
        AlgorithmProtocol protocol = protocols.find(name).orElseThrow(() -> new RoutingConfigException(
                yaml.keyPath("protocol"), "must be one of " + String.join(", ", protocols.names())
                + ", was \"" + name + "\""));
        try {
            return protocol.readEndpoint(yaml);
        } catch (RoutingConfigException e) {
            throw e;
        } catch (ConfigBlockException e) {
            // a protocol that words its own exception rather than asking the block for one
            throw new RoutingConfigException(e.keyPath(), e.problem());
        }
    }
}
