package org.varde.gateway.config;

import org.varde.connectors.SinkProtocols;
import org.varde.connectors.config.ConfigBlockException;
import org.varde.connectors.sink.SinkProtocol;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads the {@code outputs:} section: each key a name, each value a block whose {@code type} picks
 * the sink protocol from the connectors' registry, which reads the rest (and refuses keys it does
 * not know). The gateway knows no sink type by name.
 */
final class OutputsReader {
    // names appear in delivery rows (64 characters), metrics labels and URLs: a safe alphabet
    /** Deliveries to one output sent at once: each holds a worker thread and a connection to the peer. */
    static final int MAX_CONCURRENCY = 32;
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    private OutputsReader() {
    }

    static OutputSettings read(ConfigSection section, Path baseDir) throws ConfigException {
        return read(section, baseDir, SinkProtocols.standard());
    }

    static OutputSettings read(ConfigSection section, Path baseDir, SinkProtocols protocols) throws ConfigException {
        if (!section.present()) {
            return OutputSettings.NONE;
        }
        Map<String, OutputSettings.Output> outputs = new LinkedHashMap<>();
        for (String name : section.keys()) {
            if (!NAME.matcher(name).matches()) {
                throw new ConfigException(section.keyPath(name), "an output name is 1..64 of a-z, 0-9, '.', '_', '-' "
                        + "starting with a letter or digit");
            }
            ConfigSection block = section.section(name);
            if (!block.present()) {
                throw new ConfigException(section.keyPath(name), "must be a mapping with a type ("
                        + String.join(", ", protocols.names()) + ")");
            }
            SectionBlock reader = new SectionBlock(block, baseDir);
            try {
                String type = reader.requiredText("type");
                SinkProtocol protocol = protocols.find(type).orElseThrow(() -> reader.problem("type",
                        "must be one of " + String.join(", ", protocols.names()) + ", was \"" + type + "\""));
                // read here, before the protocol refuses keys it does not know: every output type has it
                int concurrency = reader.integer("concurrency", protocol.defaultConcurrency(), 1, MAX_CONCURRENCY);
                outputs.put(name, new OutputSettings.Output(name, type, protocol.readTarget(reader), concurrency));
            } catch (ConfigBlockException e) {
                throw new ConfigException(e.keyPath(), e.problem());
            }
        }
        return new OutputSettings(outputs);
    }
}
