package org.varde.gateway.cli;

import io.vertx.core.Vertx;
import org.varde.testdata.Finding;
import org.varde.testdata.sandbox.dicom.ResultsAnswer;
import org.varde.testdata.sandbox.dicom.SandboxDicomVendor;
import org.varde.testdata.sandbox.dicomweb.SandboxDicomWebVendor;
import org.varde.testdata.sandbox.dicomweb.WebAnswer;
import org.varde.testdata.sandbox.rest.RestMisbehaviour;
import org.varde.testdata.sandbox.rest.SandboxRestVendor;
import org.varde.testdata.sandbox.ups.SandboxUpsVendor;
import org.varde.testdata.sandbox.ups.UpsMisbehaviour;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The sandbox vendors of {@code test-data}, one per protocol, started on their own for
 * {@code varde sandbox}: each on a real socket, each answering as its algorithm (name, approved
 * version) or misbehaving as told. What each one started says where it listens and how the catalogue
 * reaches it ({@link Started#catalogueEntry()}).
 *
 * <p>One method per protocol. The UPS-RS chest X-ray triage listens nowhere: it pulls its work from
 * Varde (IHE AIW-I), so it needs Varde's HTTP address and a vendor token named after its catalogue id.
 */
final class SandboxVendors implements AutoCloseable {
    /** Where Varde listens, for the vendors that answer on their own initiative. */
    record Varde(String host, int dicomPort, String resultsAeTitle, URI dicomWebUrl, String vendorTokenOrNull) {
    }

    /** One started vendor: its protocol, where it listens (for people) and its catalogue entry (YAML). */
    record Started(SandboxProtocol protocol, String listensAt, String catalogueEntry) {
    }

    static final String NODULE_VERSION = "2.1.0";
    static final String PE_VERSION = "3.2.0";
    static final String FRACTURE_VERSION = "1.4.0";
    static final String CXR_VERSION = "2.1.0";
    /** The UPS vendor's catalogue id: its vendor token must carry this name. */
    static final String CXR_ID = "sandbox-cxr-triage";

    private final Vertx vertx = Vertx.vertx();
    private final List<Runnable> closers = new ArrayList<>();
    private final List<Started> started = new ArrayList<>();

    List<Started> started() {
        return List.copyOf(started);
    }

    /** The CT lung-nodule detector over DICOM: it answers with a TID 1500 SR by C-STORE to Varde's results AE. */
    Started startDicom(String host, int port, String aeTitle, Varde varde, ResultsAnswer.Misbehaviour how) throws Exception {
        SandboxDicomVendor vendor = new SandboxDicomVendor(vertx);
        vendor.answering(ResultsAnswer.detecting(Finding.NODULE, varde.host(), varde.dicomPort(), varde.resultsAeTitle(),
                aeTitle, "PulmoSpot Sandbox", NODULE_VERSION).misbehaving(how));
        int bound = RunningGateway.await(vendor.listen(aeTitle, host, port));
        closers.add(() -> quietly(() -> RunningGateway.await(vendor.close())));
        return add(new Started(SandboxProtocol.DICOM, aeTitle + "@" + host + ":" + bound, """
                  - id: sandbox-lung-nodules
                    vendor: Sandbox
                    product: PulmoSpot Sandbox
                    approvedVersion: "%s"
                %s    intendedUse: {modalities: [CT]}
                    endpoint: {protocol: dicom, host: %s, port: %d, aeTitle: %s}
                    timeoutSeconds: 120
                    resultTimeoutSeconds: 300
                """.formatted(NODULE_VERSION, REGULATORY, host, bound, aeTitle)));
    }

    /**
     * The CT PE detector over DICOMweb: STOW-RS in; its SR pushed to Varde's STOW-RS endpoint with the
     * vendor token, or kept for Varde to poll (QIDO-RS, WADO-RS) when there is no token or when told.
     */
    Started startDicomWeb(String host, int port, Path work, Varde varde, WebAnswer.Misbehaviour how, boolean poll)
            throws Exception {
        SandboxDicomWebVendor vendor = new SandboxDicomWebVendor(vertx, Files.createDirectories(work.resolve("dicomweb")));
        boolean keep = poll || varde.vendorTokenOrNull() == null;
        vendor.answering(keep ? WebAnswer.kept("PE Sandbox", PE_VERSION)
                : new WebAnswer(varde.dicomWebUrl(), varde.vendorTokenOrNull(), "PE Sandbox", PE_VERSION, Duration.ofSeconds(5)))
                .misbehaving(how);
        if (keep) {
            vendor.keepingResults();
        }
        int bound = RunningGateway.await(vendor.listen(host, port));
        closers.add(() -> quietly(() -> RunningGateway.await(vendor.close())));
        String url = "http://" + host + ":" + bound + SandboxDicomWebVendor.ROOT;
        return add(new Started(SandboxProtocol.DICOMWEB, url + (keep ? " (results kept: poll)" : " (results pushed)"), """
                  - id: sandbox-pe
                    vendor: Sandbox
                    product: PE Sandbox
                    approvedVersion: "%s"
                %s    intendedUse: {modalities: [CT]}
                    endpoint: {protocol: dicomweb, url: "%s", results: %s%s}
                    timeoutSeconds: 120
                    resultTimeoutSeconds: 300
                """.formatted(PE_VERSION, REGULATORY, url, keep ? "poll" : "push", keep ? ", pollIntervalSeconds: 2" : "")));
    }

    /** The wrist fracture detector over REST/JSON: asynchronous, with a webhook to Varde's callback URL. */
    Started startRest(String host, int port, Path work, Varde varde, String bearerToken, RestMisbehaviour how)
            throws Exception {
        SandboxRestVendor vendor = new SandboxRestVendor(vertx, Files.createDirectories(work.resolve("rest")),
                "FractureFinder Sandbox", FRACTURE_VERSION, bearerToken).misbehave(how);
        int bound = RunningGateway.await(vendor.listen(host, port));
        closers.add(() -> quietly(() -> RunningGateway.await(vendor.close())));
        String callbacks = "http://" + varde.host() + ":" + varde.dicomWebUrl().getPort() + "/api/callbacks/";
        return add(new Started(SandboxProtocol.REST, vendor.jobsUrl() + " (bearer token \"" + bearerToken + "\")", """
                  - id: sandbox-wrist-fracture
                    vendor: Sandbox
                    product: FractureFinder Sandbox
                    approvedVersion: "%s"
                %s    intendedUse: {modalities: [DX, CR]}
                    timeoutSeconds: 60
                    resultTimeoutSeconds: 300
                    endpoint:
                      protocol: rest
                      url: "%s"
                      auth: {bearerTokenFile: sandbox-rest.token}   # a file holding the token printed above
                      result: webhook
                      callbackBaseUrl: "%s"
                %s""".formatted(FRACTURE_VERSION, REGULATORY, vendor.jobsUrl(), callbacks,
                SandboxRestVendor.CATALOGUE_MAPPING.indent(6))));
    }

    /**
     * The chest X-ray triage over UPS-RS, pull (IHE AIW-I): it subscribes to Varde's worklist as
     * {@code aeTitle} (a WebSocket event channel), queries every {@code queryInterval} as the fallback,
     * claims each workitem, retrieves by WADO-RS, runs the opacity detector and stores a TID 1500 SR by
     * STOW-RS. Until Varde answers, it keeps trying.
     */
    Started startUps(Path work, Varde varde, String aeTitle, Duration queryInterval, UpsMisbehaviour how)
            throws Exception {
        URI base = URI.create(varde.dicomWebUrl().getScheme() + "://" + varde.dicomWebUrl().getAuthority());
        SandboxUpsVendor vendor = new SandboxUpsVendor(base, varde.vendorTokenOrNull(), "CXR Triage Sandbox",
                CXR_VERSION, Files.createDirectories(work.resolve("ups"))).misbehaving(how).subscribing(aeTitle);
        vendor.start(queryInterval);
        closers.add(vendor::close);
        return add(new Started(SandboxProtocol.UPS, "pulls from " + base + "/workitems as " + aeTitle
                + " (event subscription; query every " + queryInterval.toSeconds() + " s)", """
                  - id: %s
                    vendor: Sandbox
                    product: CXR Triage Sandbox
                    approvedVersion: "%s"
                %s    intendedUse: {modalities: [DX, CR]}
                    endpoint: {protocol: ups, priority: HIGH}   # the vendor token must be named %s
                    timeoutSeconds: 60
                    resultTimeoutSeconds: 300
                """.formatted(CXR_ID, CXR_VERSION, REGULATORY, CXR_ID)));
    }

    /** The catalogue's regulatory keys, as every entry needs them; lines at the entry's indentation. */
    private static final String REGULATORY = "    regulatoryStatus: ce-marked\n    ceClass: IIa\n"
            + "    notifiedBody: NB 0000 Sandbox\n    certificateId: SANDBOX-1\n";



    private Started add(Started s) {
        started.add(s);
        return s;
    }

    private interface Step {
        void run() throws Exception;
    }

    private static void quietly(Step step) {
        try {
            step.run();
        } catch (Exception ignored) {
            // closing on the way out: nothing left to tell
        }
    }

    @Override
    public void close() {
        closers.forEach(Runnable::run);
        quietly(() -> RunningGateway.await(vertx.close()));
    }
}
