package org.varde.gateway.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.varde.gateway.access.Role;
import org.varde.gateway.jobs.Job;
import org.varde.gateway.jobs.JobState;
import org.varde.gateway.routing.RouteMode;
import org.varde.gateway.routing.AlgorithmCatalogue;
import org.varde.gateway.routing.RouteSet;
import org.varde.gateway.routing.RoutingConfig;
import org.varde.gateway.usage.UsageLedger;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code /api/usage} (JSON and CSV) and {@code /api/usage/invoice} priced by the catalogue's contract. */
class UsageApiTest {
    @TempDir
    Path tmp;
    ApiFixture api;

    @BeforeEach
    void start() throws Exception {
        api = new ApiFixture(tmp);
    }

    @AfterEach
    void stop() throws Exception {
        api.close();
    }

    private static Job job(String id, String study, JobState state) {
        Instant t = Instant.parse("2026-01-10T08:00:00Z");
        return new Job(id, study, "lung-nodules", "ct", RouteMode.CLINICAL, 1, "k-" + id, state, 0, 3, t, null, null,
                null, List.of("1.2.3.100"), t, t, 1);
    }

    @Test
    void usageRowsAndAnInvoicePricedPerTier() throws Exception {
        UsageLedger ledger = new UsageLedger(api.journal.dataSource(),
                Clock.fixed(Instant.parse("2026-01-10T08:00:00Z"), ZoneOffset.UTC));
        for (int i = 1; i <= 3; i++) {
            ledger.moved(job("j" + i, "1.2.9." + i, JobState.WAITING_RESULT), JobState.DISPATCHING, "node", "sent");
        }
        ledger.moved(job("j1", "1.2.9.1", JobState.RESULT_RECEIVED), JobState.WAITING_RESULT, "results", "ok");
        ledger.moved(job("j2", "1.2.9.2", JobState.DEAD_LETTER), JobState.WAITING_RESULT, "results", "timeout");
        AlgorithmCatalogue catalogue = AlgorithmCatalogue.fromTree(new com.fasterxml.jackson.dataformat.yaml.YAMLMapper()
                .readTree("""
                algorithms:
                  - id: lung-nodules
                    vendor: V
                    product: P
                    approvedVersion: "1"
                    regulatoryStatus: research
                    intendedUse: {modalities: [CT]}
                    endpoint: {protocol: dicom, host: 127.0.0.1, port: 11121, aeTitle: CTAI}
                    contract:
                      reference: C-9
                      currency: NOK
                      tiers: [{upTo: 1, price: 100}, {price: 50}]
                """));
        api.pipeline = new StubPipeline(api.jobs, new RoutingConfig(catalogue,
                new RouteSet(List.of())));
        api.pipeline.usage = ledger;
        api.start();
        String viewer = api.token(Role.VIEWER);

        JsonArray rows = new JsonArray(api.get("/api/usage?from=2026-01-01&to=2026-02-01", viewer).body());
        assertEquals(3, rows.size(), rows.encodePrettily());
        assertEquals(List.of("RECEIVED", "NO_RESULT", "PENDING"), rows.stream()
                .map(r -> ((JsonObject) r).getString("resultStatus")).toList());
        assertEquals("unassigned", rows.getJsonObject(0).getString("site"));
        assertEquals(0, new JsonArray(api.get("/api/usage?from=2026-02-01", viewer).body()).size());

        HttpResponse<String> csv = api.get("/api/usage?format=csv", viewer);
        assertEquals(200, csv.statusCode());
        assertTrue(csv.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
        assertEquals(4, csv.body().split("\r\n").length, csv.body());
        assertTrue(csv.body().startsWith("algorithm,study_instance_uid,generation,"), csv.body());

        // two billable (the unanswered one is not): the first at 100.00, the second at 50.00
        JsonObject invoice = new JsonObject(api.get("/api/usage/invoice?month=2026-01", viewer).body());
        JsonObject lung = invoice.getJsonArray("algorithms").getJsonObject(0);
        assertEquals("150.00", lung.getString("total"), invoice.encodePrettily());
        assertEquals("C-9", lung.getString("contract"));
        String invoiceCsv = api.get("/api/usage/invoice?month=2026-01&format=csv", viewer).body();
        assertTrue(invoiceCsv.contains("2026-01,lung-nodules,C-9,NOK,2,2,,1,0,50.00,0,50.00\r\n"), invoiceCsv);

        assertEquals(400, api.get("/api/usage/invoice?month=January", viewer).statusCode());
        assertEquals(400, api.get("/api/usage?format=xml", viewer).statusCode());
        assertEquals(404, api.get("/api/usage/invoice?month=2026-01&algorithm=nope", viewer).statusCode());
        assertEquals(401, api.get("/api/usage", null).statusCode());
    }
}
