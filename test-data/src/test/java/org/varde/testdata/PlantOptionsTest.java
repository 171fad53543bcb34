package org.varde.testdata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PlantOptionsTest {

    @Test
    void aFindingWithOrWithoutASizeInMillimetresIsParsed() {
        assertEquals(new PlantOptions(Finding.NODULE, 10, 1), PlantOptions.parse("nodule:10mm", 1));
        assertEquals(new PlantOptions(Finding.OPACITY, 12.5, 0.5), PlantOptions.parse(" Opacity:12.5MM ", 0.5));
        assertEquals(new PlantOptions(Finding.PE, 0, 0.25), PlantOptions.parse("pe", 0.25));
        assertEquals(new PlantOptions(Finding.FRACTURE, 0, 1), PlantOptions.parse("fracture", 1));
    }

    @Test
    void badSpecificationsAreRefusedWithTheReason() {
        assertMessage("unknown finding 'tumour'; valid findings: nodule (ct-thorax)", () -> PlantOptions.parse("tumour", 1));
        assertMessage("size must be a number of mm such as 10mm", () -> PlantOptions.parse("nodule:10", 1));
        assertMessage("nodule diameter must be 4 to 20 mm, was 30 mm", () -> PlantOptions.parse("nodule:30mm", 1));
        assertMessage("the size of a fracture follows from the anatomy", () -> PlantOptions.parse("fracture:5mm", 1));
        assertMessage("positive rate must be 0 to 1, was 1.5", () -> PlantOptions.parse("nodule", 1.5));
        assertMessage("opacity is planted in cxr studies, not ct-thorax", () -> new GeneratorOptions(
                StudyKind.CT_THORAX, 1, 1, 0, 0, PlantOptions.parse("opacity", 1)));
    }

    @Test
    void exactlyTheRoundedShareOfStudiesIsPositiveSpreadThroughTheSet() {
        assertEquals(10, positives(new PlantOptions(Finding.NODULE, 0, 0.5), 20));
        assertEquals(3, positives(new PlantOptions(Finding.NODULE, 0, 0.3), 10));
        assertEquals(0, positives(new PlantOptions(Finding.NODULE, 0, 0), 7));
        assertEquals(7, positives(new PlantOptions(Finding.NODULE, 0, 1), 7));
        PlantOptions half = new PlantOptions(Finding.NODULE, 0, 0.5);
        assertTrue(half.positive(1) != half.positive(2), "alternating at one half");
    }

    private static int positives(PlantOptions options, int studies) {
        int count = 0;
        for (int i = 1; i <= studies; i++) {
            count += options.positive(i) ? 1 : 0;
        }
        return count;
    }

    private static void assertMessage(String start, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().startsWith(start), e.getMessage());
    }
}
