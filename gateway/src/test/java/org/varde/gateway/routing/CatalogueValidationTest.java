package org.varde.gateway.routing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An unusable catalogue is refused with the key path at fault, never half-loaded. */
class CatalogueValidationTest {

    /** A valid third entry (index 2) after two valid ones, with one line replaced or added. */
    private static String withThirdEntry(String from, String escapedTo) {
        String to = escapedTo.replace("\\n", "\n");
        String third = RoutingFixtures.CT_ADULT_CHEST.replace("ct-chest-adult", "third");
        if (!from.isEmpty()) {
            assertTrue(third.contains(from), "fixture has no '" + from + "'");
            third = third.replace(from, to);
        } else {
            third = third + to;
        }
        return "algorithms:\n" + RoutingFixtures.CT_ADULT_CHEST + RoutingFixtures.CXR_ADULT + third;
    }

    @ParameterizedTest(name = "{2}")
    @CsvSource(delimiter = '|', value = {
            "minAgeYears: 18|minAgeYears: -1|algorithms[2].intendedUse.minAgeYears: must be >= 0",
            "minAgeYears: 18|minAgeYears: eighteen|algorithms[2].intendedUse.minAgeYears: must be a number, was \"eighteen\"",
            "maxSliceThicknessMm: 2.5|maxSliceThicknessMm: 0.2|algorithms[2].intendedUse.maxSliceThicknessMm: must be >= minSliceThicknessMm (0.5)",
            "minAgeYears: 18|minAgeYear: 18|algorithms[2].intendedUse.minAgeYear: unknown key",
            "modalities: [CT]|modalities: []|algorithms[2].intendedUse.modalities: is required",
            "sopClasses: [1.2.840.10008.5.1.4.1.1.2]|sopClasses: [CTImageStorage]|algorithms[2].intendedUse.sopClasses[0]: must be a SOP class UID",
            "ceClass: IIa|ceClass: IIc|algorithms[2].ceClass: must be one of I, IIa, IIb, III, was \"IIc\"",
            "ceClass: IIa|ceClass: I|algorithms[2].notifiedBody: class I is self-declared",
            "notifiedBody: NB|# notifiedBody removed|algorithms[2].notifiedBody: is required for class IIa",
            "certificateId: C-1|# certificateId removed|algorithms[2].certificateId: is required",
            "regulatoryStatus: ce-marked|regulatoryStatus: approved|algorithms[2].regulatoryStatus: must be one of ce-marked, research",
            "id: third|id: Third Product|algorithms[2].id: must be 1..64 of a-z",
            "id: third|id: cxr-adult|algorithms[2].id: duplicate id \"cxr-adult\" (already used by algorithms[1])",
            "port: 11121|port: 70000|algorithms[2].endpoint.port: must be an integer 1..65535",
            "aeTitle: CTAI|aeTitle: A_VERY_LONG_AE_TITLE|algorithms[2].endpoint.aeTitle: must be an AE title",
            "'aeTitle: CTAI}'|'aeTitle: CTAI, url: \"http://x\"}'|algorithms[2].endpoint.url: unknown key",
            "'{protocol: dicom, host: 127.0.0.1, port: 11121, aeTitle: CTAI}'|'{protocol: rest, url: \"ftp://host/x\"}'|algorithms[2].endpoint.url: must be an http:// or https:// URL",
            "'{protocol: dicom, host: 127.0.0.1, port: 11121, aeTitle: CTAI}'|'{protocol: grpc}'|algorithms[2].endpoint.protocol: must be one of dicom, dicomweb, rest",
            "''|'    concurrency: 0\\n'|algorithms[2].concurrency: must be an integer 1..1000",
            "''|'    timeout: 30\\n'|algorithms[2].timeout: unknown key",
            "intendedUse:|intendedUsage:|algorithms[2].intendedUse: is required"})
    void invalidEntryIsRefusedNamingTheKey(String from, String to, String expectedStart) {
        RoutingConfigException e = assertThrows(RoutingConfigException.class,
                () -> RoutingFixtures.catalogue(withThirdEntry(from, to)));

        assertTrue(e.getMessage().startsWith(expectedStart), "message was: " + e.getMessage());
    }

    @Test
    void validFixtureLoads() throws Exception {
        AlgorithmCatalogue catalogue = RoutingFixtures.catalogue(withThirdEntry("", ""));

        assertEquals(3, catalogue.algorithms().size());
        Algorithm third = catalogue.find("third").orElseThrow();
        assertEquals(CeClass.IIA, third.ceClass());
        assertEquals(new NumericRange(18.0, null), third.intendedUse().ageYears());
        assertEquals("dicom", third.endpoint().protocol());
        assertEquals(1, third.concurrency());
    }

    @Test
    void duplicateKeyInTheFileIsRefused(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("algorithms.yaml");
        Files.writeString(file, "algorithms:\n" + RoutingFixtures.CT_ADULT_CHEST.replace("    product: P\n", "    product: P\n    product: Q\n"));

        RoutingConfigException e = assertThrows(RoutingConfigException.class, () -> AlgorithmCatalogue.load(file));

        assertTrue(e.getMessage().contains("not valid YAML") && e.getMessage().contains("product"), e.getMessage());
    }

    @Test
    void missingOrEmptyFileIsRefused(@TempDir Path dir) throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.yaml"), "");

        assertThrows(RoutingConfigException.class, () -> AlgorithmCatalogue.load(dir.resolve("absent.yaml")));
        RoutingConfigException e = assertThrows(RoutingConfigException.class, () -> AlgorithmCatalogue.load(empty));
        assertTrue(e.getMessage().startsWith("must be a mapping"), e.getMessage());
    }

    @Test
    void researchEntryNeedsNoCertificate() throws Exception {
        Algorithm research = RoutingFixtures.catalogue("algorithms:\n" + RoutingFixtures.RESEARCH_CT)
                .find("research-ct").orElseThrow();

        assertTrue(research.research());
        assertEquals(null, research.ceClass());
        assertEquals(null, research.certificateId());
    }
}
