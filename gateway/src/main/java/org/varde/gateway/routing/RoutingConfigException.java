package org.varde.gateway.routing;

/**
 * A catalogue or route file that cannot be used. The message starts with the key path at fault
 * ({@code algorithms[2].intendedUse.minAgeYears: must be >= 0}) so the operator can find the line.
 */
public class RoutingConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String keyPath;

    public RoutingConfigException(String keyPath, String problem) {
        super(keyPath.isEmpty() ? problem : keyPath + ": " + problem);
        this.keyPath = keyPath;
    }

    /** The key path at fault, empty for the file as a whole. */
    public String keyPath() {
        return keyPath;
    }
}
