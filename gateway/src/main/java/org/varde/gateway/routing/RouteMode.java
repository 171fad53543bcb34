package org.varde.gateway.routing;

/**
 * What a route does with its algorithms' results: {@code clinical} writes them to the worklist,
 * {@code shadow} runs and measures but writes nothing clinical (silent evaluation before go-live),
 * {@code off} sends nothing.
 */
public enum RouteMode implements ConfigWord {
    CLINICAL("clinical"), SHADOW("shadow"), OFF("off");

    private final String word;

    RouteMode(String word) {
        this.word = word;
    }

    @Override
    public String word() {
        return word;
    }
}
