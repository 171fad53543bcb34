package org.varde.gateway.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** review: required and its terms, read from the routes file and the catalogue (issue 12). */
class ReviewPolicyTest {
    @TempDir
    Path dir;

    private static final String ALGORITHM = """
            algorithms:
              - id: lung-nodules
                vendor: Sandbox
                product: PulmoSpot
                approvedVersion: "2.1.0"
                regulatoryStatus: ce-marked
                ceClass: IIa
                notifiedBody: NB 0000 Sandbox
                certificateId: SANDBOX-1
                intendedUse: {modalities: [CT]}
                endpoint: {protocol: dicom, host: 127.0.0.1, port: 11112, aeTitle: PULMOSPOT}
            %s
            """;

    private RoutingConfig load(String algorithmExtra, String routeExtra) throws Exception {
        Path algorithms = Files.writeString(dir.resolve("algorithms.yaml"), ALGORITHM.formatted(algorithmExtra));
        Path routes = Files.writeString(dir.resolve("routes.yaml"), """
                routes:
                  - name: ct
                    algorithms: [lung-nodules]
                    mode: clinical
                %s
                """.formatted(routeExtra));
        return RoutingConfig.load(algorithms, routes, Set.of());
    }

    private ReviewPolicy policy(RoutingConfig config) {
        Route route = config.routes().routes().get(0);
        return route.reviewFor(config.catalogue().find("lung-nodules").orElseThrow());
    }

    @Test
    void withoutReviewKeysNothingIsHeld() throws Exception {
        assertFalse(policy(load("", "")).required());
    }

    @Test
    void aRouteThatRequiresReviewHoldsWithItsTerms() throws Exception {
        ReviewPolicy p = policy(load("", """
                    review: required
                    reviewAlertMinutes: 45
                    onTimeout: release
                    reviewOrganisation: Varde University Hospital
                """));
        assertTrue(p.required());
        assertEquals(Duration.ofMinutes(45), p.alertAfter());
        assertEquals(ReviewPolicy.OnTimeout.RELEASE, p.onTimeout());
        assertEquals("Varde University Hospital", p.organisation());
    }

    @Test
    void anAlgorithmThatRequiresReviewHoldsOnEveryRouteWithHoldAndAnHourByDefault() throws Exception {
        ReviewPolicy p = policy(load("""
                    review: required
                    reviewOrganisation: Sandbox Radiology
                """, ""));
        assertTrue(p.required());
        assertEquals(Duration.ofMinutes(60), p.alertAfter());
        assertEquals(ReviewPolicy.OnTimeout.HOLD, p.onTimeout());
        assertEquals("Sandbox Radiology", p.organisation());
    }

    @Test
    void wrongReviewKeysAreRefusedNamingTheKey() {
        RoutingConfigException noOrg = assertThrows(RoutingConfigException.class, () -> load("", "    review: required\n"));
        assertTrue(noOrg.getMessage().contains("reviewOrganisation"), noOrg.getMessage());
        RoutingConfigException word = assertThrows(RoutingConfigException.class, () -> load("", """
                    review: maybe
                """));
        assertTrue(word.getMessage().contains("review"), word.getMessage());
        RoutingConfigException timeout = assertThrows(RoutingConfigException.class, () -> load("", """
                    review: required
                    onTimeout: drop
                    reviewOrganisation: X
                """));
        assertTrue(timeout.getMessage().contains("onTimeout"), timeout.getMessage());
        RoutingConfigException orphan = assertThrows(RoutingConfigException.class, () -> load("", """
                    onTimeout: release
                """));
        assertTrue(orphan.getMessage().contains("review: required"), orphan.getMessage());
        assertThrows(RoutingConfigException.class, () -> load("", """
                    review: required
                    reviewAlertMinutes: 0
                    reviewOrganisation: X
                """));
    }
}
