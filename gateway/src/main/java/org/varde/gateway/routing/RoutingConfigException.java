package org.varde.gateway.routing;

import java.nio.file.Path;

/**
 * A catalogue or route file that cannot be used. The message starts with the key path at fault
 * ({@code algorithms[2].intendedUse.minAgeYears: must be >= 0}), after the file name when known,
 * so the operator can find the line.
 */
public class RoutingConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String keyPath;
    private final String problem;

    public RoutingConfigException(String keyPath, String problem) {
        this(null, keyPath, problem);
    }

    private RoutingConfigException(Path file, String keyPath, String problem) {
        super((file == null ? "" : file.getFileName() + ": ") + (keyPath.isEmpty() ? problem : keyPath + ": " + problem));
        this.keyPath = keyPath;
        this.problem = problem;
    }

    /** The same problem, said to be in {@code file}. */
    RoutingConfigException inFile(Path file) {
        RoutingConfigException located = new RoutingConfigException(file, keyPath, problem);
        located.initCause(this);
        return located;
    }

    /** The key path at fault, empty for the file as a whole. */
    public String keyPath() {
        return keyPath;
    }

    /** What is wrong, without the key path. */
    public String problem() {
        return problem;
    }
}
