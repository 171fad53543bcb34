package org.varde.gateway.orchestration;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.varde.gateway.Gateway;
import org.varde.gateway.Main;
import org.varde.gateway.audit.AuditAction;
import org.varde.gateway.audit.AuditEvent;
import org.varde.gateway.config.ConfigLoader;
import org.varde.gateway.config.GatewayConfig;
import org.varde.gateway.jobs.Job;
import org.varde.gateway.jobs.JobState;
import org.varde.gateway.store.JdbcJournal;
import org.varde.gateway.testing.Poll;
import org.varde.gateway.testing.Processes;
import org.varde.testdata.GeneratorOptions;
import org.varde.testdata.StudyGenerator;
import org.varde.testdata.StudyKind;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Accountability through the running gateway, against real peers: a study sent by dcmtk storescu
 * from a site's modality gets the site at arrival; its dispatch to the vendor (dcmtk storescp) is an
 * audit event naming the job, the vendor's endpoint and the site; {@code ./varde audit verify}
 * proves the chain intact, and after one row is changed in the database names that row.
 */
class AccountabilityPipelineTest {
    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path dir;
    Vertx vertx;
    Vendor vendor;
    Gateway gateway;
    Path configFile;

    @BeforeEach
    void open() throws Exception {
        vertx = Vertx.vertx();
        vendor = new Vendor("PULMOSPOT", dir).start();
        writeConfig();
    }

    @AfterEach
    void close() throws Exception {
        stopGateway();
        PipelineContract.await(vertx.close());
        vendor.close();
    }

    @Test
    void aDispatchIsAnAuditedDisclosureWithItsSiteAndTheChainProvesTampering() throws Exception {
        start();
        Path ct = dir.resolve("ct");
        StudyGenerator.generate(ct, new GeneratorOptions(StudyKind.CT_THORAX, 1, 21, 6, 64));
        send(ct);
        String study = PipelineContract.studyUid(ct);
        Job job = awaitJob(study, JobState.WAITING_RESULT);

        // the accountability rows follow the job's move (listeners after its commit): wait for them
        assertTrue(Poll.until(WAIT, () -> {
            try {
                return !gateway.usage().between(java.time.Instant.EPOCH, java.time.Instant.now().plusSeconds(60),
                        null, null).isEmpty() && !gateway.auditLog().forStudy(study).isEmpty();
            } catch (java.sql.SQLException e) {
                return false;
            }
        }), "usage row and audit event written");
        List<AuditEvent> events = gateway.auditLog().forStudy(study);
        AuditEvent disclosure = events.stream().filter(e -> e.entry().action() == AuditAction.DISCLOSURE_TO_VENDOR)
                .findFirst().orElseThrow(() -> new AssertionError("no disclosure event: " + events));
        assertEquals(job.id(), disclosure.entry().jobId());
        assertEquals("lung-nodules", disclosure.entry().algorithmId());
        assertEquals("nordby", disclosure.site(), "the site the study was given at arrival (calling AE MODALITY)");
        assertTrue(disclosure.entry().target().contains("PULMOSPOT"), disclosure.entry().target());
        assertTrue(disclosure.entry().detail().contains("vendor acknowledged"), disclosure.entry().detail());
        assertEquals("test-node", disclosure.node());

        // the vendor processed it: one usage row, with the site, waiting for its result
        List<org.varde.gateway.usage.UsageRow> usage = gateway.usage().between(java.time.Instant.EPOCH,
                java.time.Instant.now().plusSeconds(60), null, null);
        assertEquals(1, usage.size(), usage.toString());
        assertEquals(study, usage.get(0).studyInstanceUid());
        assertEquals("lung-nodules", usage.get(0).algorithmId());
        assertEquals("nordby", usage.get(0).site());
        assertEquals("CLINICAL", usage.get(0).mode());
        assertEquals(org.varde.gateway.usage.UsageStatus.PENDING, usage.get(0).resultStatus());
        stopGateway();

        Cli intact = cli("audit", "verify", "--config", configFile.toString());
        assertEquals(0, intact.exit(), intact.out());
        assertTrue(intact.out().contains("audit chain intact"), intact.out());

        GatewayConfig config = ConfigLoader.load(configFile);
        JdbcJournal store = JdbcJournal.open(config.store());
        try (Connection c = store.dataSource().getConnection(); Statement s = c.createStatement()) {
            assertEquals(1, s.executeUpdate("UPDATE audit_events SET site = 'sorvik' WHERE seq = "
                    + disclosure.seq()));
        } finally {
            store.close();
        }
        Cli broken = cli("audit", "verify", "--config", configFile.toString());
        assertEquals(1, broken.exit(), broken.out());
        assertTrue(broken.out().contains("BROKEN at seq " + disclosure.seq()), broken.out());

        Cli export = cli("audit", "export", "--config", configFile.toString());
        assertEquals(0, export.exit());
        assertTrue(export.out().lines().anyMatch(l -> l.contains("\"action\":\"DISCLOSURE_TO_VENDOR\"")), export.out());
    }

    private record Cli(int exit, String out) {
    }

    private static Cli cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream original = System.out;
        int exit;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            exit = Main.run(args);
        } finally {
            System.setOut(original);
        }
        return new Cli(exit, out.toString(StandardCharsets.UTF_8));
    }

    private void writeConfig() throws Exception {
        Files.writeString(dir.resolve("algorithms.yaml"), """
                algorithms:
                  - id: lung-nodules
                    vendor: Nordlys Diagnostics AS (sandbox)
                    product: PulmoSpot CT
                    approvedVersion: "3.2.0"
                    ceClass: IIa
                    notifiedBody: "NB 9901 Sandbox Certification Body"
                    certificateId: SANDBOX-MDR-9901-0417
                    regulatoryStatus: ce-marked
                    intendedUse:
                      modalities: [CT]
                      bodyParts: [CHEST]
                      minAgeYears: 18
                      minSliceThicknessMm: 0.5
                      maxSliceThicknessMm: 2.5
                    endpoint: {protocol: dicom, host: 127.0.0.1, port: %d, aeTitle: PULMOSPOT}
                    timeoutSeconds: 60
                """.formatted(vendor.port));
        Files.writeString(dir.resolve("routes.yaml"), """
                routes:
                  - name: ct-thorax-nodules
                    match: {attribute: Modality, equals: CT}
                    series: {attribute: ImageType, equals: AXIAL}
                    algorithms: [lung-nodules]
                    mode: clinical
                    completion: {idleSeconds: 1}
                """);
        configFile = dir.resolve("varde.yaml");
        Files.writeString(configFile, """
                dicom: {aeTitle: VARDE, allowedCallers: ["MODALITY@127.0.0.1"]}
                storage: {dir: ./var}
                node: {id: test-node}
                routing: {algorithms: ./algorithms.yaml, routes: ./routes.yaml}
                jobs: {leaseSeconds: 4, maxAttempts: 3, backoffBaseSeconds: 1, backoffCapSeconds: 1}
                sites:
                  - name: nordby
                    callingAeTitles: [MODALITY]
                  - name: sorvik
                    institutionNames: ["Sørvik Hospital"]
                """);
    }

    private void start() throws Exception {
        GatewayConfig config = ConfigLoader.load(configFile);
        config = config.withDicom(config.dicom().withPort(0)).withHttp(config.http().withPort(0));
        gateway = PipelineContract.await(Gateway.start(vertx, config));
    }

    private void stopGateway() throws Exception {
        if (gateway != null) {
            PipelineContract.await(gateway.stop());
            gateway = null;
        }
    }

    private void send(Path folder) throws Exception {
        Processes.Result r = Processes.run(List.of("storescu", "-aet", "MODALITY", "-aec", "VARDE", "+sd", "+r",
                "127.0.0.1", String.valueOf(gateway.dicomPort()), folder.toString()), dir);
        assertEquals(0, r.exitCode(), r.output());
    }

    private Job awaitJob(String study, JobState state) {
        Job[] last = new Job[1];
        boolean reached = Poll.until(WAIT, () -> {
            List<Job> jobs = gateway.jobStore().forStudy(study);
            last[0] = jobs.isEmpty() ? null : jobs.get(0);
            return last[0] != null && last[0].state() == state;
        });
        assertTrue(reached, "expected a job in " + state + ", had " + last[0]);
        return last[0];
    }
}
