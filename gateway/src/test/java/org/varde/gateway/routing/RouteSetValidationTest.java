package org.varde.gateway.routing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An unusable route file is refused with the key path at fault. */
class RouteSetValidationTest {

    private static final String VALID_FIRST = "  - {name: first, algorithms: [cxr-adult], mode: clinical}\n";

    private static RouteSet load(String secondRoute) throws RoutingConfigException {
        return RoutingFixtures.routes("routes:\n" + VALID_FIRST + secondRoute, RoutingFixtures.smallCatalogue());
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "'  - {name: first, algorithms: [cxr-adult], mode: clinical}'|routes[1].name: duplicate route name \"first\" (already used by routes[0])",
            "'  - {name: b, algorithms: [cxr-adult, mr-magic], mode: clinical}'|routes[1].algorithms[1]: unknown algorithm \"mr-magic\"",
            "'  - {name: b, algorithms: [], mode: clinical}'|routes[1].algorithms: is required",
            "'  - {name: b, algorithms: [cxr-adult]}'|routes[1].mode: is required",
            "'  - {name: b, algorithms: [cxr-adult], mode: live}'|routes[1].mode: must be one of clinical, shadow, off, was \"live\"",
            "'  - {name: b, algorithms: [cxr-adult], mode: clinical, target: x}'|routes[1].target: unknown key",
            "'  - {name: b, algorithms: [cxr-adult], mode: clinical, match: {attribute: Modality}}'|routes[1].match: needs exactly one operator",
            "'  - {name: b, algorithms: [cxr-adult], mode: clinical, match: {attribute: Modality, equals: CT, in: [CT]}}'|routes[1].match: needs exactly one operator",
            "'  - {name: b, algorithms: [cxr-adult], mode: clinical, match: {attribute: Modality, equal: CT}}'|routes[1].match: needs exactly one operator",
            "'  - {name: b, algorithms: [cxr-adult], mode: clinical, match: {attribute: \"Body Part\", equals: CT}}'|routes[1].match.attribute: must be a DICOM keyword",
            "'  - {name: b, algorithms: [cxr-adult], mode: clinical, match: {all: [{attribute: Modality, regex: \"(CT\"}]}}'|routes[1].match.all[0].regex: not a valid RE2 regular expression",
            "'  - {name: b, algorithms: [cxr-adult], mode: clinical, match: {all: []}}'|routes[1].match.all: must be a non-empty list",
            "'  - {name: b, algorithms: [cxr-adult], mode: clinical, match: {any: [{not: {attribute: PatientAge, range: {}}}]}}'|routes[1].match.any[0].not.range: needs min, max or both",
            "'  - {name: b, algorithms: [cxr-adult], mode: clinical, match: {attribute: PatientAge, range: {min: 65, max: 18}}}'|routes[1].match.range.max: must be >= min (65)",
            "'  - {name: b, algorithms: [cxr-adult], mode: clinical, match: {attribute: PatientAge, range: {min: 1, upto: 2}}}'|routes[1].match.range.upto: unknown key",
            "'  - {name: b, algorithms: [cxr-adult], mode: clinical, match: {all: [], attribute: Modality}}'|routes[1].match: a combinator (all, any, not) must be the only key",
            "'  - {name: b, algorithms: [cxr-adult], mode: clinical, series: {attribute: Modality, in: []}}'|routes[1].series.in: must be a non-empty list",
            "'  - {name: b, algorithms: [cxr-adult], mode: clinical, completion: {idleSeconds: 0}}'|routes[1].completion.idleSeconds: must be an integer 1..86400",
            "'  - {name: b, algorithms: [cxr-adult], mode: clinical, completion: {expectedSeries: {regex: x}}}'|routes[1].completion.expectedSeries.attribute: is required",
            "'  - {name: b, algorithms: [cxr-adult], mode: clinical, completion: {acceptUpdates: maybe}}'|routes[1].completion.acceptUpdates: must be true or false",
            "'  - {name: b, algorithms: [cxr-adult], mode: clinical, match: {attribute: BurnedInAnnotation, equals: NO}}'|routes[1].match.equals: must be a string, was the boolean false (quote it"})
    void invalidRouteIsRefusedNamingTheKey(String secondRoute, String expectedStart) {
        RoutingConfigException e = assertThrows(RoutingConfigException.class, () -> load(secondRoute + "\n"));

        assertTrue(e.getMessage().startsWith(expectedStart), "message was: " + e.getMessage());
    }

    @Test
    void routeReadsItsConditionsModeAndCompletionSettings() throws Exception {
        RouteSet routes = load("""
                  - name: second
                    match: {attribute: Modality, equals: DX}
                    series: {not: {attribute: ViewPosition, in: [LL, RL]}}
                    algorithms: [cxr-adult]
                    mode: off
                    completion:
                      idleSeconds: 45
                      expectedSeries: {attribute: SeriesDescription, regex: "(?i)pa"}
                      acceptUpdates: true
                """);

        Route second = routes.routes().get(1);
        assertEquals(new Condition.Equals("Modality", "DX"), second.match());
        assertEquals(RouteMode.OFF, second.mode(), "a bare YAML off means the mode off");
        assertEquals(45, second.completion().idleSeconds());
        assertTrue(second.completion().acceptUpdates());
        assertTrue(second.completion().expectedSeries() instanceof Condition.Regex);
        assertTrue(second.seriesFilter() instanceof Condition.Not);
        Route first = routes.routes().get(0);
        assertNull(first.match());
        assertEquals(CompletionSettings.DEFAULTS, first.completion());
    }
}
