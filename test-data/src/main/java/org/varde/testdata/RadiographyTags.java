package org.varde.testdata;

/**
 * PS3.6 tags of the DX modules that {@code org.varde.dicom.data.Tag} does not (yet) name; all SQ.
 * Kept here, not guessed elsewhere, so they move to {@code Tag} in one step when it has them.
 */
final class RadiographyTags {

    /** Acquisition Context Sequence (0040,0555), PS3.3 C.7.6.14. */
    static final int ACQUISITION_CONTEXT_SEQUENCE = 0x00400555;
    /** View Code Sequence (0054,0220), PS3.3 C.8.11.5. */
    static final int VIEW_CODE_SEQUENCE = 0x00540220;
    /** View Modifier Code Sequence (0054,0222), PS3.3 C.8.11.5. */
    static final int VIEW_MODIFIER_CODE_SEQUENCE = 0x00540222;

    private RadiographyTags() {
    }
}
