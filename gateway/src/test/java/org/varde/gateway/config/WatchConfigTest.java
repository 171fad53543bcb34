package org.varde.gateway.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.varde.gateway.value.WatchSettings;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code value.watch:} block: defaults, every key read, and refusals that name the key and why. */
class WatchConfigTest {
    @TempDir
    Path dir;

    private ConfigException refused(String watchBlock) {
        return assertThrows(ConfigException.class,
                () -> ConfigLoader.parse("value:\n  watch:\n" + watchBlock.indent(4), dir));
    }

    @Test
    void withoutTheBlockTheDocumentedDefaultsHold() throws Exception {
        assertEquals(WatchSettings.DEFAULTS, ConfigLoader.parse("", dir).watch());
        assertEquals(WatchSettings.DEFAULTS, ConfigLoader.parse("value: {}", dir).watch());
        WatchSettings d = WatchSettings.DEFAULTS;
        assertEquals(Duration.ofHours(24), d.driftWindow());
        assertEquals(Duration.ofDays(28), d.driftBaseline());
        assertEquals(3.0, d.driftSigmas());
        assertEquals(Duration.ofHours(2), d.silenceWindow());
        assertEquals(Duration.ofMinutes(30), d.resultGrace());
        assertEquals(3, d.minSilentStudies());
    }

    @Test
    void everyKeyIsRead() throws Exception {
        WatchSettings w = ConfigLoader.parse("""
                value:
                  watch:
                    every: 30s
                    driftWindow: 7d
                    driftBaseline: 90d
                    driftSigmas: 2.5
                    minBaselineResults: 200
                    minWindowResults: 40
                    silenceWindow: 6h
                    resultGrace: 1h
                    minSilentStudies: 5
                """, dir).watch();
        assertEquals(new WatchSettings(Duration.ofSeconds(30), Duration.ofDays(7), Duration.ofDays(90), 2.5, 200, 40,
                Duration.ofHours(6), Duration.ofHours(1), 5), w);
    }

    @Test
    void badValuesAreRefusedNamingTheKeyAndWhy() {
        ConfigException bare = refused("driftWindow: 24");
        assertEquals("value.watch.driftWindow", bare.key());
        assertTrue(bare.getMessage().contains("a whole number and a unit"), bare.getMessage());
        ConfigException order = refused("driftWindow: 7d\ndriftBaseline: 3d");
        assertEquals("value.watch.driftBaseline", order.key());
        assertTrue(order.getMessage().contains("at least value.watch.driftWindow (7d), was 3d"), order.getMessage());
        ConfigException grace = refused("silenceWindow: 30m\nresultGrace: 30m");
        assertEquals("value.watch.resultGrace", grace.key());
        assertTrue(grace.getMessage().contains("shorter than value.watch.silenceWindow (30m)"), grace.getMessage());
        ConfigException sigmas = refused("driftSigmas: 0");
        assertEquals("value.watch.driftSigmas", sigmas.key());
        assertEquals("value.watch.driftSigmas", refused("driftSigmas: three").key());
        ConfigException every = refused("every: 1s");
        assertTrue(every.getMessage().contains("10s..1h, was 1s"), every.getMessage());
        assertEquals("value.watch.minSilentStudies", refused("minSilentStudies: 0").key());
        assertEquals("value.watch.driftBaseline", refused("driftBaseline: 400d").key());
        ConfigException unknown = refused("driftWindows: 24h");
        assertTrue(unknown.getMessage().contains("driftWindows"), unknown.getMessage());
        ConfigException unknownInValue = assertThrows(ConfigException.class,
                () -> ConfigLoader.parse("value:\n  wacth: {}\n", dir));
        assertTrue(unknownInValue.getMessage().contains("wacth"), unknownInValue.getMessage());
    }
}
