package org.varde.testdata;

/**
 * A Body Part Examined term with its SNOMED CT code, as PS3.16 Annex L pairs them, for the
 * Anatomic Region Sequence of projection radiographs.
 */
record AnatomicRegion(String bodyPartExamined, String snomedCode, String meaning) {

    static final AnatomicRegion CHEST = new AnatomicRegion("CHEST", "43799004", "Chest");
    static final AnatomicRegion WRIST = new AnatomicRegion("WRIST", "74670003", "Wrist joint");
}
