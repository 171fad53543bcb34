package org.varde.gateway.routing;

/** Medical device risk class under the EU MDR (Annex VIII), as printed on the CE certificate. */
public enum CeClass implements ConfigWord {
    I("I"), IIA("IIa"), IIB("IIb"), III("III");

    private final String word;

    CeClass(String word) {
        this.word = word;
    }

    @Override
    public String word() {
        return word;
    }
}
