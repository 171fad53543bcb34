package org.varde.gateway.cli;

import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.varde.connectors.algorithm.AlgorithmEndpoint;
import org.varde.connectors.algorithm.dicom.DicomEndpoint;
import org.varde.connectors.algorithm.ups.UpsEndpoint;
import org.varde.gateway.Gateway;
import org.varde.gateway.access.Role;
import org.varde.gateway.routing.Algorithm;
import org.varde.gateway.routing.AlgorithmCatalogue;
import org.varde.testdata.Finding;
import org.varde.testdata.sandbox.dicom.ResultsAnswer;
import org.varde.testdata.sandbox.dicom.SandboxDicomVendor;
import org.varde.testdata.sandbox.ups.SandboxUpsVendor;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The demo's stand-in vendors: for every DICOM endpoint of the catalogue, the sandbox DICOM vendor of
 * {@code test-data} at that endpoint's host, port and AE title; for every {@code ups} algorithm, the
 * sandbox UPS-RS vendor (IHE AIW-I, pull), which subscribes to the demo gateway's worklist with a vendor
 * token named after the algorithm and performs its workitems ({@link #pullFrom}). Runs on its own Vert.x.
 */
final class DemoVendors implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DemoVendors.class);

    private final Vertx vertx = Vertx.vertx();
    private final Map<String, SandboxDicomVendor> byAeTitle = new TreeMap<>();
    private final List<String> unavailable = new ArrayList<>();
    /** Vendor AE title → the algorithm it plays (its name and approved version go in its reports). */
    private final Map<String, Algorithm> playing = new TreeMap<>();
    private SandboxDicomVendor pacs;
    /** Configured port → the free port a vendor listens on instead, when the configured one was taken. */
    private final Map<Integer, Integer> movedPorts = new TreeMap<>();
    /** The algorithms a pull-model vendor performs (the {@code ups} protocol), and those vendors once started. */
    private final List<Algorithm> pulling = new ArrayList<>();
    private final List<SandboxUpsVendor> pullers = new ArrayList<>();

    static DemoVendors start(AlgorithmCatalogue catalogue) {
        DemoVendors vendors = new DemoVendors();
        Map<String, DicomEndpoint> endpoints = new TreeMap<>();
        for (Algorithm algorithm : catalogue.algorithms()) {
            AlgorithmEndpoint e = algorithm.endpoint();
            // the demo's catalogue puts every algorithm on DICOM; other protocols get their sandbox with their adapter
            if (e instanceof DicomEndpoint dicom) {
                endpoints.putIfAbsent(dicom.host() + ":" + dicom.port(), dicom);
                vendors.playing.putIfAbsent(dicom.aeTitle(), algorithm);
            } else if (e instanceof UpsEndpoint) {
                vendors.pulling.add(algorithm);
            }
        }
        endpoints.values().forEach(vendors::listen);
        return vendors;
    }

    private void listen(DicomEndpoint endpoint) {
        String ae = endpoint.aeTitle();
        try {
            listen(ae, endpoint.host(), endpoint.port());
        } catch (Exception taken) {
            // a developer machine (or another demo) may use the port: a free one serves the demo as well,
            // and the demo points its copy of the catalogue there (movedPorts)
            try {
                int port = listen(ae, endpoint.host(), 0);
                movedPorts.put(endpoint.port(), port);
                LOG.info("sandbox vendor {}: {}:{} is taken ({}), listening on port {}", ae, endpoint.host(),
                        endpoint.port(), taken.toString(), port);
            } catch (Exception e) {
                LOG.warn("sandbox vendor {} cannot listen on {}: {}", ae, endpoint.host(), e.toString());
                unavailable.add(endpoint.describe());
            }
        }
    }

    private int listen(String ae, String host, int port) throws Exception {
        SandboxDicomVendor vendor = new SandboxDicomVendor(vertx);
        int bound = RunningGateway.await(vendor.listen(ae, host, port));
        byAeTitle.put(ae, vendor);
        return bound;
    }

    /**
     * Every vendor answers its dispatches with a TID 1500 SR to the gateway's results AE title, as its
     * algorithm (name, approved version): a product whose intended use a sandbox detector reads runs
     * that detector on the pixels it was sent ({@link #detects}); the others report no finding.
     */
    void answerTo(int gatewayPort, String resultsAeTitle) {
        byAeTitle.forEach((ae, vendor) -> {
            Algorithm a = playing.get(ae);
            if (a == null) {
                return;
            }
            Finding detects = detects(a);
            vendor.answering(detects != null ? ResultsAnswer.detecting(detects, "127.0.0.1", gatewayPort,
                    resultsAeTitle, ae, a.product(), a.approvedVersion())
                    : new ResultsAnswer("127.0.0.1", gatewayPort, resultsAeTitle, ae, a.product(), a.approvedVersion(),
                    List.of(), ResultsAnswer.Misbehaviour.NONE));
        });
    }

    /**
     * The sandbox detector a product runs, from its intended use: on CT, the embolism detector for a
     * CT pulmonary angiography product (CT alone does not tell a CTPA product from another chest CT
     * product, so its catalogue id or product says PE, embolism or CTPA), the nodule detector for the
     * others; on radiographs (DX, CR), the opacity detector for a chest product and the fracture detector
     * for a product of the wrist, the region the generator draws fractures in. None for other products.
     */
    static Finding detects(Algorithm a) {
        List<String> modalities = a.intendedUse().modalities();
        List<String> bodyParts = a.intendedUse().bodyParts();
        if (modalities.contains("CT")) {
            String names = (a.id() + " " + a.product()).toLowerCase(java.util.Locale.ROOT);
            return names.matches(".*(\\bpe\\b|embol|ctpa).*") ? Finding.PE : Finding.NODULE;
        }
        if (!modalities.contains("DX") && !modalities.contains("CR")) {
            return null;
        }
        return bodyParts.contains("CHEST") ? Finding.OPACITY : bodyParts.contains("WRIST") ? Finding.FRACTURE : null;
    }

    /**
     * Starts the sandbox UPS-RS vendor of each {@code ups} algorithm against the running gateway: a vendor
     * token named after the algorithm (made again when the storage folder already holds one), a
     * subscription to the worklist as the algorithm's own AE Title, the query every few seconds as the fallback.
     */
    void pullFrom(Gateway gateway, URI base, Path work) throws Exception {
        for (Algorithm a : pulling) {
            gateway.tokens().revoke(a.id());
            String token = gateway.tokens().create(a.id(), Role.VENDOR, "varde demo");
            SandboxUpsVendor vendor = new SandboxUpsVendor(base, token, a.product(), a.approvedVersion(),
                    Files.createDirectories(work.resolve("ups-" + a.id())));
            pullers.add(vendor.subscribing(aeTitleOf(a.id())).start(Duration.ofSeconds(5)));
            LOG.info("sandbox UPS vendor {} pulls its workitems from {}", a.id(), base);
        }
    }

    /** An AE Title (16 characters, PS3.5 6.2) made of the catalogue id. */
    private static String aeTitleOf(String id) {
        String ae = id.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
        return ae.length() <= 16 ? ae : ae.substring(0, 16);
    }

    /** Workitems each pull-model vendor completed, by algorithm id. */
    Map<String, Long> performed() {
        Map<String, Long> counts = new TreeMap<>();
        for (int i = 0; i < pullers.size(); i++) {
            counts.put(pulling.get(i).id(), pullers.get(i).log().stream()
                    .filter(p -> p.action().equals("completed") && p.httpStatus() == 200).count());
        }
        return counts;
    }

    /**
     * The demo's PACS: a sandbox storage SCP at a loopback {@code pacs} output, so a delivery needs no
     * network. @return the port it listens on (another one when the configured port is taken)
     */
    int startPacs(String aeTitle, int port) throws Exception {
        pacs = new SandboxDicomVendor(vertx);
        try {
            return RunningGateway.await(pacs.listen(aeTitle, "127.0.0.1", port));
        } catch (Exception taken) {
            LOG.info("demo PACS: port {} is taken ({}), listening on a free one", port, taken.toString());
            return RunningGateway.await(pacs.listen(aeTitle, "127.0.0.1", 0));
        }
    }

    /** Objects the demo PACS stored (the SRs delivered to it). */
    int pacsStored() {
        return pacs == null ? 0 : pacs.stored();
    }

    /** Instances acknowledged per vendor AE title, in name order. */
    Map<String, Integer> received() {
        Map<String, Integer> counts = new TreeMap<>();
        byAeTitle.forEach((ae, vendor) -> counts.put(ae, vendor.stored()));
        return counts;
    }

    /** Configured port → the port the vendor really listens on, for the endpoints whose port was taken. */
    Map<Integer, Integer> movedPorts() {
        return Map.copyOf(movedPorts);
    }

    List<String> unavailable() {
        return List.copyOf(unavailable);
    }

    @Override
    public void close() throws Exception {
        pullers.forEach(SandboxUpsVendor::close);
        for (SandboxDicomVendor vendor : byAeTitle.values()) {
            RunningGateway.await(vendor.close());
        }
        if (pacs != null) {
            RunningGateway.await(pacs.close());
        }
        RunningGateway.await(vertx.close());
    }
}
