package org.varde.gateway.api;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.varde.gateway.cleaner.HeldStudy;
import org.varde.gateway.cleaner.PurgeClaims;
import org.varde.gateway.cleaner.RetentionStatus;
import org.varde.gateway.config.RetentionSettings;
import org.varde.gateway.routing.RoutingConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code GET /api/privacy}'s answer from known inputs: the oldest image's deadline and reason, the
 * pseudonymisation per algorithm of the catalogue, and every form validating against the documented
 * Privacy schema (openapi.json), which refuses a wrong one. RetentionGatewayTest calls it over HTTP.
 */
class PrivacyApiTest {
    @TempDir
    Path dir;

    private RoutingConfig catalogue() throws Exception {
        Files.writeString(dir.resolve("algorithms.yaml"), """
                algorithms:
                  - id: lung-nodules
                    vendor: Nordlys Diagnostics AS (sandbox)
                    product: PulmoSpot CT
                    approvedVersion: "3.2.0"
                    ceClass: IIa
                    notifiedBody: "NB 9901"
                    certificateId: SANDBOX-1
                    regulatoryStatus: ce-marked
                    intendedUse: {modalities: [CT], bodyParts: [CHEST]}
                    endpoint: {protocol: dicom, host: 127.0.0.1, port: 11121, aeTitle: PULMOSPOT}
                    privacy: {pseudonymize: true, dates: remove}
                """);
        Files.writeString(dir.resolve("routes.yaml"), """
                routes:
                  - name: ct-thorax-nodules
                    match: {attribute: Modality, equals: CT}
                    algorithms: [lung-nodules]
                    mode: clinical
                """);
        return RoutingConfig.load(dir.resolve("algorithms.yaml"), dir.resolve("routes.yaml"));
    }

    @Test
    void theOldestImageSaysWhenAndWhyItGoesAndTheAnswerMatchesItsSchema() throws Exception {
        RetentionSettings policy = RetentionSettings.DEFAULTS;
        Instant arrived = Instant.parse("2026-12-01T08:00:00Z");
        Instant finished = Instant.parse("2026-12-01T09:00:00Z");
        HeldStudy done = new HeldStudy("1.2.3.4", arrived, 10, 5000, 1, 700, finished);
        HeldStudy open = new HeldStudy("1.2.3.5", arrived.plusSeconds(60), 4, 2000, 0, 0, null);
        RetentionStatus status = new RetentionStatus(policy, 2L << 30, 2, 14, 1, 7700, 1, done,
                finished.plus(Duration.ofHours(24)), new PurgeClaims.Counts(5, 0), finished);
        JsonObject answer = PrivacyApi.json(status, catalogue());

        JsonObject oldest = answer.getJsonObject("oldestImage");
        assertEquals("2026-12-02T09:00:00Z", oldest.getString("goesAt"), "finished: its grace after finishing");
        assertEquals("GRACE_ELAPSED", oldest.getString("goesBecause"));
        assertEquals("2026-12-08T08:00:00Z", oldest.getString("hardLimitAt"));
        assertEquals(open.hardLimitAt(policy), open.dueAt(policy), "unfinished: the hard limit");
        assertEquals(86_400, answer.getJsonObject("policy").getLong("graceSeconds"));
        JsonObject lung = answer.getJsonObject("policy").getJsonArray("pseudonymisation").getJsonObject(0);
        assertEquals(true, lung.getBoolean("pseudonymize"));
        assertEquals("remove", lung.getString("dates"));
        assertEquals(7700, answer.getJsonObject("held").getLong("bytes"));
        assertEquals(Optional.empty(), OpenApiSchemas.problem("GET", "/api/privacy", 200, answer.encode()));

        JsonObject empty = PrivacyApi.json(new RetentionStatus(policy, 0, 0, 0, 0, 0, 0, null, null,
                new PurgeClaims.Counts(0, 0), null), catalogue());
        assertEquals(Optional.empty(), OpenApiSchemas.problem("GET", "/api/privacy", 200, empty.encode()));

        JsonObject wrong = answer.copy();
        wrong.getJsonObject("policy").put("imagesUsedForTraining", true);
        assertTrue(OpenApiSchemas.problem("GET", "/api/privacy", 200, wrong.encode()).isPresent(),
                "the schema refuses an answer that says images are used for training");
    }
}
