package org.varde.gateway.routing;

import org.varde.connectors.config.ConfigBlockException;

import java.nio.file.Path;

/**
 * A catalogue or route file that cannot be used. The message starts with the key path at fault
 * ({@code algorithms[2].intendedUse.minAgeYears: must be >= 0}), after the file name when known,
 * so the operator can find the line.
 */
public class RoutingConfigException extends ConfigBlockException {
    private static final long serialVersionUID = 1L;

    public RoutingConfigException(String keyPath, String problem) {
        this(null, keyPath, problem);
    }

    private RoutingConfigException(Path file, String keyPath, String problem) {
        super(keyPath, problem,
                (file == null ? "" : file.getFileName() + ": ") + (keyPath.isEmpty() ? problem : keyPath + ": " + problem));
    }

    /** The same problem, said to be in {@code file}. */
    RoutingConfigException inFile(Path file) {
        RoutingConfigException located = new RoutingConfigException(file, keyPath(), problem());
        located.initCause(this);
        return located;
    }
}
