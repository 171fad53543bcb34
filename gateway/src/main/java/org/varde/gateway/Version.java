package org.varde.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The build's version, filled in by Maven resource filtering. */
public final class Version {
    public static final String CURRENT = load();

    private Version() {
    }

    private static String load() {
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
