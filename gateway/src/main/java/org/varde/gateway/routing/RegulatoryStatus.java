package org.varde.gateway.routing;

/** Whether a product may inform clinical work ({@code ce-marked}) or is for evaluation only ({@code research}). */
public enum RegulatoryStatus implements ConfigWord {
    CE_MARKED("ce-marked"), RESEARCH("research");

    private final String word;

    RegulatoryStatus(String word) {
        this.word = word;
    }

    @Override
    public String word() {
        return word;
    }
}
