package org.varde.gateway.routing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.varde.dicom.deident.DateHandling;
import org.varde.dicom.deident.PrivateElementKey;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The catalogue's {@code privacy:} block: read per algorithm, refused with the key at fault. */
class AlgorithmPrivacyTest {

    private static Algorithm withPrivacy(String block) throws RoutingConfigException {
        return RoutingFixtures.catalogue("algorithms:\n" + RoutingFixtures.CT_ADULT_CHEST + block).algorithms().get(0);
    }

    @Test
    void anAlgorithmWithoutABlockGetsTheStudiesAsTheyAre() throws RoutingConfigException {
        assertFalse(withPrivacy("").privacy().pseudonymize());
    }

    @Test
    void theBlockNamesPseudonymisationDatesAndKeptPrivateElements() throws RoutingConfigException {
        AlgorithmPrivacy privacy = withPrivacy("""
                    privacy:
                      pseudonymize: true
                      dates: remove
                      keepPrivate:
                        - {creator: "ACME CT 1.0", tag: "0019,xx10"}
                """).privacy();
        assertTrue(privacy.pseudonymize());
        assertEquals(DateHandling.REMOVE, privacy.deidentification().dates());
        assertEquals(Set.of(new PrivateElementKey("ACME CT 1.0", 0x0019, 0x10)), privacy.deidentification().keepPrivate());
        assertEquals(DateHandling.SHIFT, withPrivacy("    privacy: {pseudonymize: true}\n").privacy()
                .deidentification().dates(), "dates shift unless told otherwise");
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "'    privacy: {pseudonymize: true, dates: blur}\\n'|algorithms[0].privacy.dates: must be one of shift, remove",
            "'    privacy: {pseudonymize: yes please}\\n'|algorithms[0].privacy.pseudonymize: must be true or false",
            "'    privacy: {pseudonymize: true, keepPrivate: [{creator: ACME, tag: \"0018,xx10\"}]}\\n'|algorithms[0].privacy.keepPrivate[0].tag: group 0018 is not a private group",
            "'    privacy: {pseudonymize: true, keepPrivate: [{creator: ACME, tag: \"0019,1010\"}]}\\n'|algorithms[0].privacy.keepPrivate[0].tag: expected a private tag",
            "'    privacy: {pseudonymize: true, keepPrivate: [{tag: \"0019,xx10\"}]}\\n'|algorithms[0].privacy.keepPrivate[0].creator: is required",
            "'    privacy: {pseudonymise: true}\\n'|algorithms[0].privacy.pseudonymise: unknown key",
            "'    privacy: {dates: remove}\\n'|algorithms[0].privacy.pseudonymize: must be true when dates or keepPrivate are given"})
    void anInvalidBlockIsRefusedNamingTheKey(String block, String expectedStart) {
        RoutingConfigException e = assertThrows(RoutingConfigException.class,
                () -> withPrivacy(block.replace("\\n", "\n")));
        assertTrue(e.getMessage().startsWith(expectedStart), "message was: " + e.getMessage());
    }
}
