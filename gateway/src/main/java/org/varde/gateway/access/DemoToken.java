package org.varde.gateway.access;

/**
 * The fixed token of {@code ./varde demo}, printed in the README so the demo's curl lines work as
 * written. Only the demo command turns it on (in code, never from a config file); a gateway started
 * any other way refuses it and logs an ERROR, so a demo config or a copied curl line cannot open a
 * production gateway.
 */
public final class DemoToken {
    public static final String SECRET = "demo-token-not-for-production";
    public static final Caller CALLER = new Caller("demo", Role.ADMIN, Caller.Source.DEMO);

    private DemoToken() {
    }
}
