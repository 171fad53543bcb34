package org.varde.gateway.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.varde.gateway.Gateway;
import org.varde.gateway.access.Role;
import org.varde.gateway.config.ConfigLoader;
import org.varde.gateway.config.GatewayConfig;
import org.varde.gateway.jobs.JobState;
import org.varde.gateway.testing.Poll;
import org.varde.gateway.testing.Processes;
import org.varde.testdata.GeneratorOptions;
import org.varde.testdata.StudyGenerator;
import org.varde.testdata.StudyKind;
import org.varde.testdata.sandbox.dicom.ReportedFinding;
import org.varde.testdata.sandbox.dicom.ResultsAnswer;
import org.varde.testdata.sandbox.dicom.ResultsAnswer.Misbehaviour;
import org.varde.testdata.sandbox.dicom.SandboxDicomVendor;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * The reviewer's web page (issue 12) against a real gateway: dcmtk's storescu sends two CT studies
 * on a {@code review: required} route, a sandbox vendor answers each with a TID 1500 SR over DICOM,
 * both wait for review; then review.test.mjs in Debian's chromium logs in as a reviewer, defers one and
 * undoes the deferral (another reviewer may not), approves it with a priority of its own and rejects the
 * other with a reason, checking the page against the API.
 * Kept apart from {@link OperatorSurfaceTest} because its gateway needs a route that holds results.
 */
class ReviewPageBrowserTest {
    private static final Duration WAIT = Duration.ofSeconds(120);

    @TempDir
    static Path dir;
    private static Vertx vertx;
    private static SandboxDicomVendor vendor;
    private static Gateway gateway;

    @BeforeAll
    static void holdTwoResults() throws Exception {
        vertx = Vertx.vertx();
        vendor = new SandboxDicomVendor(vertx);
        int vendorPort = await(vendor.listen("PULMOSPOT", "127.0.0.1", 0));
        Files.writeString(dir.resolve("algorithms.yaml"), """
                algorithms:
                  - id: lung-nodules
                    vendor: Sandbox
                    product: PulmoSpot
                    approvedVersion: "2.1.0"
                    regulatoryStatus: ce-marked
                    ceClass: IIa
                    notifiedBody: NB 0000 Sandbox
                    certificateId: SANDBOX-PULMO-1
                    intendedUse: {modalities: [CT]}
                    endpoint: {protocol: dicom, host: 127.0.0.1, port: %d, aeTitle: PULMOSPOT}
                    timeoutSeconds: 60
                    resultTimeoutSeconds: 120
                """.formatted(vendorPort));
        Files.writeString(dir.resolve("routes.yaml"), """
                routes:
                  - name: ct-thorax
                    match: {attribute: Modality, equals: CT}
                    algorithms: [lung-nodules]
                    mode: clinical
                    completion: {idleSeconds: 1}
                    review: required
                    reviewAlertMinutes: 30
                    reviewOrganisation: Varde University Hospital
                """);
        Path configFile = Files.writeString(dir.resolve("varde.yaml"), """
                dicom: {aeTitle: VARDE, allowedCallers: ["MODALITY@127.0.0.1", "PULMOSPOT@127.0.0.1"]}
                storage: {dir: ./var, fsync: false}
                node: {id: ui-review-test}
                routing: {algorithms: ./algorithms.yaml, routes: ./routes.yaml}
                jobs: {leaseSeconds: 30, maxAttempts: 1, backoffBaseSeconds: 1, backoffCapSeconds: 1}
                """);
        GatewayConfig config = ConfigLoader.load(configFile);
        config = config.withDicom(config.dicom().withPort(0)).withHttp(config.http().withPort(0));
        gateway = await(Gateway.start(vertx, config));
        vendor.answering(new ResultsAnswer("127.0.0.1", gateway.dicomPort(), "VARDE_RESULTS", "PULMOSPOT",
                "PulmoSpot", "2.1.0", List.of(new ReportedFinding(new BigDecimal("8.5"))), Misbehaviour.NONE));
        Path studies = dir.resolve("studies");
        StudyGenerator.generate(studies.resolve("a"), new GeneratorOptions(StudyKind.CT_THORAX, 1, 91, 4, 64));
        StudyGenerator.generate(studies.resolve("b"), new GeneratorOptions(StudyKind.CT_THORAX, 1, 92, 4, 64));
        Processes.Result sent = Processes.run(List.of("storescu", "-aet", "MODALITY", "-aec", "VARDE", "+sd", "+r",
                "127.0.0.1", String.valueOf(gateway.dicomPort()), studies.toString()), dir);
        assertEquals(0, sent.exitCode(), sent.output());
        assertTrue(Poll.until(WAIT, () -> gateway.jobStore().countsByState().getOrDefault(JobState.AWAITING_REVIEW, 0L) == 2),
                () -> "two results should wait for review: " + gateway.jobStore().countsByState());
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            await(gateway.stop());
        }
        await(vendor.close());
        await(vertx.close());
    }

    @Test
    void aReviewerApprovesOneAndRejectsOneOnTheReviewPage() throws Exception {
        BrowserWalk.run("review.test.mjs", Map.of("VARDE_URL", "http://127.0.0.1:" + gateway.httpPort(),
                "VARDE_REVIEWER_TOKEN", gateway.tokens().create("ui-reviewer", Role.REVIEWER, "test"),
                "VARDE_OTHER_REVIEWER_TOKEN", gateway.tokens().create("ui-reviewer-2", Role.REVIEWER, "test"),
                "VARDE_OPERATOR_TOKEN", gateway.tokens().create("ui-operator", Role.OPERATOR, "test")));
        BrowserWalk.screenshotsSaved(10_000, "09-reviews", "10-reviews-decided");
        // what the page did, as the gateway has it: one approved and delivered (no outputs: DONE), one rejected
        assertTrue(Poll.until(WAIT, () -> gateway.jobStore().countsByState().getOrDefault(JobState.DONE, 0L) == 2),
                () -> "both jobs should end: " + gateway.jobStore().countsByState());
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
}
