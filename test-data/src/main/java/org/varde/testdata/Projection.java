package org.varde.testdata;

/**
 * A radiographic view: its View Position term (PS3.3 C.8.11.5) and its code from CID 4010 "DX View"
 * (PS3.16), which DX puts in the View Code Sequence.
 */
record Projection(String viewPosition, String snomedCode, String meaning) {

    static final Projection POSTERO_ANTERIOR = new Projection("PA", "272479007", "postero-anterior");
    static final Projection LEFT_LATERAL = new Projection("LL", "399173006", "left lateral");
    /**
     * The View Position defined terms name chest and trunk views only (AP, PA, LL, RL, ...); an
     * extremity lateral or oblique has none, so these use the plain words, as DX rooms do.
     */
    static final Projection LATERAL = new Projection("LATERAL", "399067008", "lateral");
    static final Projection OBLIQUE = new Projection("OBLIQUE", "399182000", "oblique");
}
