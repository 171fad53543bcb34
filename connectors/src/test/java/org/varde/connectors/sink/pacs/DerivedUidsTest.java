package org.varde.connectors.sink.pacs;

import org.junit.jupiter.api.Test;
import org.varde.dicom.data.UID;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DerivedUidsTest {
    @Test
    void theSamePartsGiveTheSameUidAndOtherPartsAnother() {
        DerivedUids uids = new DerivedUids(DerivedUids.UUID_ROOT);
        assertEquals(uids.derive("sr", "job-1", "1"), new DerivedUids("2.25").derive("sr", "job-1", "1"));
        assertNotEquals(uids.derive("sr", "job-1", "1"), uids.derive("sr", "job-1", "2"));
        // the parts are delimited: moving a character from one part to the next is another name
        assertNotEquals(uids.derive("ab", "c"), uids.derive("a", "bc"));
    }

    @Test
    void uuidRootUidsAreTheDecimalOfAVersion5UuidAsPs35B2Says() {
        String uid = new DerivedUids(DerivedUids.UUID_ROOT).derive("sr", "job-1", "1");
        assertTrue(uid.startsWith("2.25."), uid);
        assertTrue(UID.isSafe(uid), uid);
        java.math.BigInteger value = new java.math.BigInteger(uid.substring(5));
        assertTrue(value.bitLength() <= 128);
        // RFC 4122: version 5 in bits 76-79, variant 10 in bits 62-63
        assertEquals(5, value.shiftRight(76).intValue() & 0xF);
        assertEquals(2, value.shiftRight(62).intValue() & 0x3);
    }

    @Test
    void aSiteRootGivesValidUidsOfAtMost64CharactersWithoutCollisionsInAThousand() {
        String root = "1.2.826.0.1.3680043.10.1234.5678.9012.3456"; // 42 characters
        DerivedUids uids = new DerivedUids(root);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String uid = uids.derive("sr", "job-" + i, "1");
            assertTrue(uid.startsWith(root + "."), uid);
            assertTrue(UID.isSafe(uid) && uid.length() <= 64, uid);
            assertTrue(seen.add(uid), "collision at " + i);
        }
    }

    @Test
    void aRootThatLeavesNoRoomOrIsNoUidIsRefusedWithItsValue() {
        IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class,
                () -> new DerivedUids("1.2.3.4.5.6.7.8.9.10.11.12.13.14.15.16.17.18.19.20"));
        assertTrue(tooLong.getMessage().contains("1.2.3.4.5.6.7.8.9"), tooLong.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new DerivedUids("2.25."));
        assertThrows(IllegalArgumentException.class, () -> new DerivedUids("abc"));
    }
}
