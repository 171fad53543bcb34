package org.varde.gateway.audit;

import org.varde.gateway.access.Caller;

import java.util.Locale;

/**
 * Who caused an audit event: an API caller (named token, OpenID Connect user, the demo token), the
 * command line, the gateway itself (a stage on a node), or a DICOM peer by its AE title.
 */
public record Actor(Kind kind, String name) {

    public enum Kind {
        TOKEN, OIDC, DEMO, CLI, SYSTEM, PEER
    }

    public Actor {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("an actor has a name");
        }
    }

    public static Actor of(Caller caller) {
        return new Actor(switch (caller.source()) {
            case TOKEN -> Kind.TOKEN;
            case OIDC -> Kind.OIDC;
            case DEMO -> Kind.DEMO;
        }, caller.name());
    }

    /** A stage of the gateway ({@code dispatch on gw-1}). */
    public static Actor system(String what) {
        return new Actor(Kind.SYSTEM, what);
    }

    public static Actor peer(String aeTitle) {
        return new Actor(Kind.PEER, aeTitle);
    }

    public static Actor cli() {
        return new Actor(Kind.CLI, System.getProperty("user.name", "unknown"));
    }

    /**
     * From the actor words a job store records ({@link Caller#describe()}: {@code token alice},
     * {@code oidc j.hansen}); anything else is the gateway itself.
     */
    public static Actor fromDescription(String words) {
        if (words != null) {
            int space = words.indexOf(' ');
            if (space > 0 && space < words.length() - 1) {
                String kind = words.substring(0, space).toUpperCase(Locale.ROOT);
                for (Kind k : new Kind[]{Kind.TOKEN, Kind.OIDC, Kind.DEMO, Kind.CLI}) {
                    if (k.name().equals(kind)) {
                        return new Actor(k, words.substring(space + 1));
                    }
                }
            }
        }
        return system(words == null || words.isBlank() ? "gateway" : words);
    }
}
