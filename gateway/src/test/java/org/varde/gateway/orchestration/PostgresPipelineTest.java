package org.varde.gateway.orchestration;

import org.junit.jupiter.api.Test;
import org.varde.gateway.Gateway;
import org.varde.gateway.config.ConfigLoader;
import org.varde.gateway.config.GatewayConfig;
import org.varde.gateway.config.NodeSettings;
import org.varde.gateway.jobs.Job;
import org.varde.gateway.jobs.JobState;
import org.varde.gateway.testing.PostgresSchema;
import org.varde.gateway.testing.Processes;
import org.varde.testdata.StudyKind;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pipeline on PostgreSQL, configured as the issue writes it ({@code postgresql://host/db?user=}),
 * each test in a fresh schema dropped afterwards. A missing server fails, it never skips.
 */
class PostgresPipelineTest extends PipelineContract {
    private PostgresSchema schema;

    /**
     * Two nodes on one store and one spool: a study split across both completes once and makes one
     * job; each study's selected instances reach the vendor, whichever node received or dispatched.
     */
    @Test
    void twoNodesShareTheWorkAndCompleteAStudySplitAcrossThem() throws Exception {
        writeConfig(2, 60, 5);
        lungVendor.start();
        chestVendor.start();
        start();
        GatewayConfig second = ConfigLoader.load(configFile);
        second = second.withDicom(second.dicom().withPort(0)).withHttp(second.http().withPort(0))
                .withNode(new NodeSettings("node-b"));
        Gateway nodeB = await(Gateway.start(vertx, second));
        try {
            Path ct = generate(StudyKind.CT_THORAX, 1, 61);
            Path cxr = generate(StudyKind.CXR, 1, 62);
            List<Path> seriesFolders;
            try (var folders = Files.list(ct.resolve("1"))) {
                seriesFolders = folders.sorted().toList();
            }
            assertTrue(seriesFolders.size() > 1);
            // half of the CT's series to each node, the radiograph to the second
            for (int i = 0; i < seriesFolders.size(); i++) {
                sendTo(i % 2 == 0 ? gateway : nodeB, seriesFolders.get(i));
            }
            sendTo(nodeB, cxr);

            Job lung = awaitOnlyJob(studyUid(ct), JobState.WAITING_RESULT);
            Job chest = awaitOnlyJob(studyUid(cxr), JobState.WAITING_RESULT);
            assertEquals(instancesOf(instancesBySeries(ct), lung.selectedSeries()), lungVendor.sopInstanceUids());
            assertEquals(instancesOf(instancesBySeries(cxr), chest.selectedSeries()), chestVendor.sopInstanceUids());
            long completions = await(gateway.decisions(studyUid(ct))).stream()
                    .filter(d -> d.algorithm().equals("lung-nodules")).count();
            assertEquals(1, completions, "the split study was completed and routed once");
        } finally {
            await(nodeB.stop());
        }
    }

    private void sendTo(Gateway node, Path folder) throws Exception {
        Processes.Result r = Processes.run(List.of("storescu", "-aet", "MODALITY", "-aec", "VARDE", "+sd", "+r",
                "127.0.0.1", String.valueOf(node.dicomPort()), folder.toString()), dir);
        assertEquals(0, r.exitCode(), r.output());
    }

    @Override
    String storeSection() {
        schema = PostgresSchema.create("pipeline_test");
        return "store: {url: \"postgresql://127.0.0.1:5432/test?user=" + schema.user() + "&currentSchema="
                + schema.name() + "\"}";
    }

    @Override
    void afterGatewayStopped() throws SQLException {
        try (Connection c = PostgresSchema.connect(); Statement s = c.createStatement()) {
            // the gateway really ran on this schema: Flyway migrated it (V1..V4 at least)
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + schema.name()
                    + ".flyway_schema_history WHERE success")) {
                rs.next();
                assertTrue(rs.getInt(1) >= 4, "migrations applied in " + schema.name());
            }
        }
        schema.drop();
    }
}
