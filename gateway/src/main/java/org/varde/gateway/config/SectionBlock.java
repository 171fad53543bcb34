package org.varde.gateway.config;

import org.varde.connectors.config.ConfigBlock;
import org.varde.connectors.config.ConfigBlockException;

import java.nio.file.Path;
import java.util.Map;

/**
 * A section of the main config as a connector reads it: an {@code outputs:} block handed to its sink
 * protocol. The section's own checks (types, ranges, unknown keys) are kept; only the exception is
 * the connectors' kind, turned back into a {@link ConfigException} by the caller.
 */
final class SectionBlock implements ConfigBlock {
    private final ConfigSection section;
    private final Path baseDir;

    SectionBlock(ConfigSection section, Path baseDir) {
        this.section = section;
        this.baseDir = baseDir;
    }

    @Override
    public String keyPath(String key) {
        return section.keyPath(key);
    }

    @Override
    public boolean has(String key) {
        return section.has(key);
    }

    @Override
    public String requiredText(String key) throws ConfigBlockException {
        String text = optionalText(key);
        if (text == null) {
            throw problem(key, "is required");
        }
        return text;
    }

    @Override
    public String optionalText(String key) throws ConfigBlockException {
        String text;
        try {
            text = section.string(key, null);
        } catch (ConfigException e) {
            throw translated(e);
        }
        if (text == null) {
            return null;
        }
        if (text.isBlank()) {
            throw problem(key, "must not be empty");
        }
        return text.trim();
    }

    @Override
    public int integer(String key, int dflt, int min, int max) throws ConfigBlockException {
        try {
            return section.integer(key, dflt, min, max);
        } catch (ConfigException e) {
            throw translated(e);
        }
    }

    @Override
    public boolean bool(String key, boolean dflt) throws ConfigBlockException {
        try {
            return section.bool(key, dflt);
        } catch (ConfigException e) {
            throw translated(e);
        }
    }

    @Override
    public ConfigBlock mapping(String key) throws ConfigBlockException {
        try {
            ConfigSection nested = section.section(key);
            if (!nested.present()) {
                throw problem(key, "is required");
            }
            return new SectionBlock(nested, baseDir);
        } catch (ConfigException e) {
            throw translated(e);
        }
    }

    @Override
    public Map<String, Object> plainMapping(String key) throws ConfigBlockException {
        try {
            return section.plainMapping(key);
        } catch (ConfigException e) {
            throw translated(e);
        }
    }

    @Override
    public Path baseDir() {
        return baseDir;
    }

    @Override
    public void refuseUnknownKeys() throws ConfigBlockException {
        try {
            section.refuseUnknownKeys();
        } catch (ConfigException e) {
            throw translated(e);
        }
    }

    @Override
    public ConfigBlockException problem(String key, String problem) {
        return new ConfigBlockException(keyPath(key), problem);
    }

    private static ConfigBlockException translated(ConfigException e) {
        String prefix = e.key() + ": ";
        String problem = e.getMessage().startsWith(prefix) ? e.getMessage().substring(prefix.length()) : e.getMessage();
        return new ConfigBlockException(e.key(), problem);
    }
}
