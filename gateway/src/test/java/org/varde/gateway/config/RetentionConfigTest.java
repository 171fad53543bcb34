package org.varde.gateway.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code retention:} block: its defaults, durations with units, and refusals that name the key and why. */
class RetentionConfigTest {
    @TempDir
    Path dir;

    private ConfigException refused(String yaml) {
        return assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml, dir));
    }

    @Test
    void withoutTheBlockTheDocumentedDefaultsHold() throws Exception {
        RetentionSettings r = ConfigLoader.parse("", dir).retention();
        assertEquals(Duration.ofHours(24), r.grace());
        assertEquals(Duration.ofDays(7), r.hardLimit());
        assertEquals(Duration.ofMinutes(1), r.checkInterval());
        assertEquals(2L << 30, r.pressureBelowFreeBytes(ConfigLoader.parse("", dir).storage()),
                "twice storage.minFreeBytes (1 GiB)");
    }

    @Test
    void durationsTakeTheirUnits() throws Exception {
        GatewayConfig config = ConfigLoader.parse("""
                storage: {minFreeBytes: 0}
                retention:
                  grace: 90m
                  hardLimit: 2d
                  checkInterval: 30s
                  diskPressureFreeBytes: 5000000000
                """, dir);
        RetentionSettings r = config.retention();
        assertEquals(Duration.ofMinutes(90), r.grace());
        assertEquals(Duration.ofDays(2), r.hardLimit());
        assertEquals(Duration.ofSeconds(30), r.checkInterval());
        assertEquals(5_000_000_000L, r.pressureBelowFreeBytes(config.storage()));
        assertEquals(0, ConfigLoader.parse("storage: {minFreeBytes: 0}", dir).retention()
                .pressureBelowFreeBytes(ConfigLoader.parse("storage: {minFreeBytes: 0}", dir).storage()),
                "no guard, no threshold: disk pressure never purges");
    }

    @Test
    void badValuesAreRefusedNamingTheKeyAndWhy() {
        ConfigException bare = refused("retention:\n  grace: 24\n");
        assertEquals("retention.grace", bare.key());
        assertTrue(bare.getMessage().contains("a whole number and a unit"), bare.getMessage());
        assertEquals("retention.hardLimit", refused("retention:\n  hardLimit: 3 weeks\n").key());
        ConfigException tooLong = refused("retention:\n  hardLimit: 400d\n");
        assertTrue(tooLong.getMessage().contains("1h..365d"), tooLong.getMessage());
        ConfigException order = refused("retention:\n  grace: 8d\n");
        assertEquals("retention.grace", order.key());
        assertTrue(order.getMessage().contains("shorter than retention.hardLimit (7d)"), order.getMessage());
        assertEquals("retention.checkInterval", refused("retention:\n  checkInterval: 2h\n").key());
        assertEquals("retention.diskPressureFreeBytes", refused("retention:\n  diskPressureFreeBytes: -1\n").key());
        assertEquals("retention.graceHours", refused("retention:\n  graceHours: 24\n").key(), "a misspelt key is named");
    }
}
