package org.varde.testdata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StudyKindTest {

    @Test
    void everyKindIsFoundByItsCommandLineName() {
        for (StudyKind kind : StudyKind.values()) {
            assertEquals(kind, StudyKind.fromCliName(kind.cliName()));
        }
        assertEquals(StudyKind.CT_THORAX, StudyKind.fromCliName("ct-thorax"));
        assertEquals(StudyKind.MR_HEAD, StudyKind.fromCliName("MR-Head"));
    }

    @Test
    void unknownNameIsRefusedWithTheValidNames() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> StudyKind.fromCliName("pet-brain"));
        for (String valid : new String[] {"ct-thorax", "ctpa", "cxr", "mr-head", "wrist", "pet-brain"}) {
            assertTrue(refused.getMessage().contains(valid), refused.getMessage());
        }
    }

    @Test
    void optionsOutsideTheirRangeAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new GeneratorOptions(StudyKind.CXR, 0, 1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new GeneratorOptions(StudyKind.CXR, 1, 1, -1, 0));
        assertThrows(IllegalArgumentException.class, () -> new GeneratorOptions(StudyKind.CXR, 1, 1, 0, 4));
        assertThrows(IllegalArgumentException.class, () -> new GeneratorOptions(StudyKind.CXR, 1, 1, 0, 8192));
        assertThrows(NullPointerException.class, () -> new GeneratorOptions(null, 1, 1, 0, 0));
    }
}
