package org.varde.testdata;

/**
 * What every study of one examination shares.
 *
 * @param studyDescription Study Description, in the department's language
 * @param minAge           youngest patient, years
 * @param maxAge           oldest patient, years
 * @param equipment        the (synthetic) modality that acquires it
 */
record ExaminationProfile(String studyDescription, int minAge, int maxAge, Equipment equipment) {

    /** Every modality here is made by the same obviously synthetic manufacturer. */
    static Equipment syntheticEquipment(String modelName, String stationName) {
        return new Equipment("Varde Synthetic Imaging", modelName, stationName, "VARDE-GEN 1.0");
    }
}
