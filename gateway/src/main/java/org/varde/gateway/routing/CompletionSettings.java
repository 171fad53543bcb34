package org.varde.gateway.routing;

/**
 * When a study is complete enough to route, as one route wants it; plain data for the study
 * assembler. {@code idleSeconds} null means the gateway default; {@code expectedSeries} null means
 * no expected-series trigger; {@code seriesSettleSeconds} is how long the study must stay quiet once
 * the expected series is there (null: the gateway default) — an expected series has arrived only when
 * it stopped growing, never on its first slice; {@code acceptUpdates} says whether instances arriving
 * after completion are routed again to this route's algorithms.
 */
public record CompletionSettings(Integer idleSeconds, Condition expectedSeries, Integer seriesSettleSeconds,
                                 boolean acceptUpdates) {

    public static final CompletionSettings DEFAULTS = new CompletionSettings(null, null, null, false);

    /** With the gateway's default settle time. */
    public CompletionSettings(Integer idleSeconds, Condition expectedSeries, boolean acceptUpdates) {
        this(idleSeconds, expectedSeries, null, acceptUpdates);
    }

    static CompletionSettings read(YamlMapping yaml) throws RoutingConfigException {
        Integer idle = yaml.has("idleSeconds") ? yaml.integer("idleSeconds", 0, 1, 86_400) : null;
        Condition expected = yaml.has("expectedSeries")
                ? ConditionReader.read(yaml.keyPath("expectedSeries"), yaml.raw("expectedSeries")) : null;
        Integer settle = yaml.has("seriesSettleSeconds") ? yaml.integer("seriesSettleSeconds", 0, 1, 3_600) : null;
        boolean acceptUpdates = yaml.bool("acceptUpdates", false);
        yaml.refuseUnknownKeys();
        return new CompletionSettings(idle, expected, settle, acceptUpdates);
    }
}
