package org.varde.gateway.orchestration;

import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.varde.connectors.SinkProtocols;
import org.varde.connectors.algorithm.AdapterEnvironment;
import org.varde.connectors.sink.ResultSink;
import org.varde.connectors.sink.SinkProtocol;
import org.varde.gateway.config.OutputSettings;

import java.util.LinkedHashMap;
import java.util.Map;

/** Opens the configured outputs' sinks through the connectors' registry; the gateway names no sink type. */
final class Outputs {
    private static final Logger LOG = LoggerFactory.getLogger(Outputs.class);

    private Outputs() {
    }

    static Map<String, ResultSink> open(OutputSettings outputs, AdapterEnvironment environment) {
        SinkProtocols protocols = SinkProtocols.standard();
        Map<String, ResultSink> sinks = new LinkedHashMap<>();
        outputs.byName().forEach((name, output) -> sinks.put(name, protocol(protocols, output).open(output.target(),
                environment)));
        return sinks;
    }

    /** Per output, how many of its deliveries are sent at once. */
    static Map<String, Integer> concurrency(OutputSettings outputs) {
        Map<String, Integer> each = new LinkedHashMap<>();
        outputs.byName().forEach((name, output) -> each.put(name, output.concurrency()));
        return each;
    }

    /** Each configured type's warm-up, on a worker: the first delivery does not wait for it. */
    static void warmUp(Vertx vertx, OutputSettings outputs) {
        SinkProtocols protocols = SinkProtocols.standard();
        outputs.byName().values().stream().map(OutputSettings.Output::type).distinct().forEach(type ->
                vertx.executeBlocking(() -> {
                    long start = System.nanoTime();
                    protocols.find(type).ifPresent(SinkProtocol::warmUp);
                    LOG.info("output type {} warmed up in {} ms", type, (System.nanoTime() - start) / 1_000_000);
                    return null;
                }, false).onFailure(e -> LOG.warn("output type {}: warm-up failed: {}", type, e.toString())));
    }

    private static SinkProtocol protocol(SinkProtocols protocols, OutputSettings.Output output) {
        return protocols.find(output.type()).orElseThrow(() -> new IllegalStateException(
                "output " + output.name() + ": no sink type " + output.type()));
    }
}
