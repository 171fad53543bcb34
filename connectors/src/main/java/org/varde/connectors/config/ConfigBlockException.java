package org.varde.connectors.config;

/**
 * A block of configuration that cannot be used. Carries the key path at fault
 * ({@code algorithms[2].endpoint.port}) and the problem, so the operator can find the line.
 */
public class ConfigBlockException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String keyPath;
    private final String problem;

    public ConfigBlockException(String keyPath, String problem) {
        this(keyPath, problem, keyPath.isEmpty() ? problem : keyPath + ": " + problem);
    }

    /** For subclasses that word the whole message themselves (a file name before the key path). */
    protected ConfigBlockException(String keyPath, String problem, String message) {
        super(message);
        this.keyPath = keyPath;
        this.problem = problem;
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
