package org.varde.gateway.api;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.varde.gateway.access.Role;
import org.varde.gateway.cleaner.Cleaner;
import org.varde.gateway.cleaner.HeldStudy;
import org.varde.gateway.cleaner.RetentionStatus;
import org.varde.gateway.config.RetentionSettings;
import org.varde.gateway.routing.Algorithm;
import org.varde.gateway.routing.RoutingConfig;

import java.time.Instant;
import java.util.function.Supplier;

/**
 * {@code GET /api/privacy}: the privacy policy in force (retention grace and hard limit, pseudonymisation
 * per algorithm) and what the spool holds now (studies, instances, bytes), the oldest image held and
 * when it goes. Counts, times and one study UID, never identity: a viewer may read it.
 */
final class PrivacyApi {
    private final Vertx vertx;
    private final Cleaner cleaner;
    private final Supplier<RoutingConfig> routing;

    PrivacyApi(Vertx vertx, Cleaner cleaner, Supplier<RoutingConfig> routing) {
        this.vertx = vertx;
        this.cleaner = cleaner;
        this.routing = routing;
    }

    void mount(ApiRoutes routes) {
        routes.get("/api/privacy", Role.VIEWER, this::privacy);
    }

    private void privacy(RoutingContext ctx) {
        vertx.executeBlocking(cleaner::status, false).onComplete(read -> {
            if (read.failed()) {
                Responses.fail(ctx, read.cause());
                return;
            }
            Responses.json(ctx, json(read.result(), routing.get()).encode());
        });
    }

    static JsonObject json(RetentionStatus s, RoutingConfig routing) {
        RetentionSettings p = s.policy();
        JsonArray pseudonymisation = new JsonArray();
        for (Algorithm a : routing.catalogue().algorithms()) {
            pseudonymisation.add(new JsonObject()
                    .put("algorithm", a.id())
                    .put("pseudonymize", a.privacy().pseudonymize())
                    .put("dates", a.privacy().pseudonymize()
                            ? a.privacy().deidentification().dates().name().toLowerCase(java.util.Locale.ROOT) : null)
                    .put("privateElementsKept", a.privacy().pseudonymize()
                            ? a.privacy().deidentification().keepPrivate().size() : 0));
        }
        JsonObject policy = new JsonObject()
                .put("graceSeconds", p.grace().toSeconds())
                .put("hardLimitSeconds", p.hardLimit().toSeconds())
                .put("checkIntervalSeconds", p.checkInterval().toSeconds())
                .put("diskPressureBelowFreeBytes", s.pressureBelowFreeBytes())
                .put("keptAfterPurge", "study, series and instance UIDs, counts, sizes, modality, body part, times; "
                        + "no patient identity, no image")
                .put("imagesUsedForTraining", false)
                .put("pseudonymisation", pseudonymisation);
        JsonObject held = new JsonObject()
                .put("studies", s.studies())
                .put("unfinishedStudies", s.unfinishedStudies())
                .put("instances", s.instances())
                .put("resultObjects", s.resultObjects())
                .put("bytes", s.bytes());
        return new JsonObject()
                .put("policy", policy)
                .put("held", held)
                .put("oldestImage", oldest(s.oldest(), p))
                .put("nextPurgeAt", text(s.nextPurgeAt()))
                .put("purges", new JsonObject().put("studiesPurged", s.purges().purged())
                        .put("unfinished", s.purges().purging()))
                .put("lastRunAt", text(s.lastRunAt()));
    }

    private static JsonObject oldest(HeldStudy study, RetentionSettings policy) {
        if (study == null) {
            return null;
        }
        return new JsonObject()
                .put("studyInstanceUid", study.studyInstanceUid())
                .put("receivedAt", study.oldestReceivedAt().toString())
                .put("studyFinished", study.finished())
                .put("goesAt", study.dueAt(policy).toString())
                .put("goesBecause", study.dueReason(policy).name())
                .put("hardLimitAt", study.hardLimitAt(policy).toString());
    }

    private static String text(Instant at) {
        return at == null ? null : at.toString();
    }
}
