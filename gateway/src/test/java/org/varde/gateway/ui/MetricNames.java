package org.varde.gateway.ui;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Metric names in a Prometheus scrape, and the {@code varde_*} names a dashboard or rule file uses. */
public final class MetricNames {
    /** Exported only by a gateway with TLS on (the certificates' expiry). */
    public static final String TLS_PREFIX = "varde_tls_";
    private static final Pattern VARDE_NAME = Pattern.compile("\\bvarde_[a-z0-9_]+");

    private MetricNames() {
    }

    /** Every series name in a text-format scrape (histograms list their _bucket, _count and _sum). */
    public static Set<String> exported(String scrape) {
        Set<String> names = new TreeSet<>();
        for (String line : scrape.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int end = line.indexOf('{');
            names.add(line.substring(0, end >= 0 ? end : line.indexOf(' ')));
        }
        return names;
    }

    public static Set<String> used(String text) {
        Set<String> names = new TreeSet<>();
        Matcher m = VARDE_NAME.matcher(text);
        while (m.find()) {
            names.add(m.group());
        }
        return names;
    }
}
