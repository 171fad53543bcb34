package org.varde.gateway.cli;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.varde.connectors.sink.fhir.FhirSinkOptions;
import org.varde.connectors.sink.hl7.Hl7SinkOptions;
import org.varde.connectors.sink.pacs.PacsTarget;
import org.varde.gateway.config.GatewayConfig;
import org.varde.gateway.config.OutputSettings;
import org.varde.testdata.peer.LocalOrthanc;
import org.varde.testdata.sandbox.ris.RisReceipt;
import org.varde.testdata.sandbox.ris.SandboxFhirRis;
import org.varde.testdata.sandbox.ris.SandboxMllpRis;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Where the demo's results go, all on loopback: for each loopback {@code pacs} output, Orthanc as the
 * PACS where it is installed (its own storage under the demo's folder, free ports, its Explorer to look
 * at the SRs) and the sandbox PACS otherwise; for each loopback {@code fhir} output the sandbox RIS's
 * FHIR server, for each loopback {@code hl7} output its MLLP listener. Each output is pointed where its
 * receiver really listens (a configured port that is taken is replaced by a free one).
 */
final class DemoReceivers implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DemoReceivers.class);
    private static final String LOOPBACK = "127.0.0.1";

    private final Vertx vertx = Vertx.vertx();
    private final DemoVendors vendors;
    private final Path orthancWork;
    private LocalOrthanc orthanc;
    private SandboxFhirRis fhir;
    private SandboxMllpRis mllp;
    private int mllpPort;

    /**
     * @param vendors     whose sandbox PACS serves when Orthanc does not
     * @param orthancWork Orthanc's folder, or null for the sandbox PACS even where Orthanc is installed
     */
    DemoReceivers(DemoVendors vendors, Path orthancWork) {
        this.vendors = vendors;
        this.orthancWork = orthancWork;
    }

    /** Starts a receiver for each loopback output; the config with those outputs pointed where they listen. */
    GatewayConfig connect(GatewayConfig config) throws Exception {
        Map<String, OutputSettings.Output> outputs = new LinkedHashMap<>(config.outputs().byName());
        for (OutputSettings.Output o : config.outputs().byName().values()) {
            Object target = o.target();
            if (target instanceof PacsTarget p && p.host().equals(LOOPBACK)) {
                target = pacs(p);
            } else if (target instanceof FhirSinkOptions f && LOOPBACK.equals(f.baseUrl().getHost())) {
                target = fhir(f);
            } else if (target instanceof Hl7SinkOptions h && h.host().equals(LOOPBACK)) {
                target = hl7(h);
            }
            outputs.put(o.name(), new OutputSettings.Output(o.name(), o.type(), target, o.concurrency()));
        }
        return config.withOutputs(new OutputSettings(outputs));
    }

    private PacsTarget pacs(PacsTarget p) throws Exception {
        if (orthanc == null && orthancWork != null && LocalOrthanc.installed()) {
            orthanc = LocalOrthanc.start(orthancWork, Duration.ofSeconds(60));
            System.out.printf("demo PACS: Orthanc, its Explorer at %s/app/explorer.html%n", orthanc.baseUrl());
        }
        if (orthanc != null) {
            // Orthanc answers to its own AE title (and does not check the called one)
            return new PacsTarget(LOOPBACK, orthanc.dicomPort(), LocalOrthanc.AE_TITLE, p.tls(), p.summaryImage(),
                    p.writer(), p.timeout());
        }
        int port = vendors.startPacs(p.aeTitle(), p.port());
        System.out.printf("demo PACS: the sandbox PACS (%s), %s at %s:%d%n", orthancWork == null ? "--sandbox-pacs"
                : "Orthanc is not installed", p.aeTitle(), LOOPBACK, port);
        return new PacsTarget(LOOPBACK, port, p.aeTitle(), p.tls(), p.summaryImage(), p.writer(), p.timeout());
    }

    private FhirSinkOptions fhir(FhirSinkOptions f) throws Exception {
        if (fhir == null) {
            fhir = new SandboxFhirRis(vertx);
            listen(f.baseUrl().getPort(), fhir::listen, "FHIR");
        }
        return new FhirSinkOptions(URI.create(fhir.baseUrl()), f.bearerToken(), f.patientIdentifierSystem(),
                f.accessionSystem(), f.connectTimeout(), f.requestTimeout(), f.priorityBy());
    }

    private Hl7SinkOptions hl7(Hl7SinkOptions h) throws Exception {
        if (mllp == null) {
            mllp = new SandboxMllpRis(vertx);
            mllpPort = listen(h.port(), mllp::listen, "HL7");
        }
        return new Hl7SinkOptions(LOOPBACK, mllpPort, h.sendingApplication(), h.sendingFacility(), h.receivingApplication(),
                h.receivingFacility(), h.ackTimeout(), h.priorityCodes(), h.sendOrderChange());
    }

    private static int listen(int port, IntFunction<Future<Integer>> listen,
                              String what) throws Exception {
        try {
            return RunningGateway.await(listen.apply(port));
        } catch (Exception taken) {
            LOG.info("sandbox RIS ({}): port {} is taken ({}), listening on a free one", what, port, taken.toString());
            return RunningGateway.await(listen.apply(0));
        }
    }

    /** Objects the demo PACS stored: Orthanc's instance count, or the sandbox PACS's. */
    int pacsStored() {
        if (orthanc == null) {
            return vendors.pacsStored();
        }
        try {
            String statistics = orthanc.get("/statistics", "application/json");
            return statistics == null ? -1 : new JsonObject(statistics).getInteger("CountInstances", -1);
        } catch (Exception e) {
            LOG.warn("demo PACS (Orthanc): statistics unavailable: {}", e.toString());
            return -1;
        }
    }

    /** Which PACS the demo delivers to, for the details. */
    String pacsName() {
        return orthanc != null ? "Orthanc (" + orthanc.baseUrl() + "/app/explorer.html)" : "the sandbox PACS";
    }

    /** The Tasks the sandbox RIS took over FHIR, in order; empty when no fhir output is on loopback. */
    List<RisReceipt> fhirTasks() {
        return fhir == null ? List.of() : fhir.tasks();
    }

    /** The ORU^R01 messages the sandbox RIS acknowledged over MLLP, in order. */
    List<RisReceipt> hl7Reports() {
        return mllp == null ? List.of() : mllp.acknowledged();
    }

    @Override
    public void close() throws Exception {
        try {
            if (fhir != null) {
                fhir.close();
            }
            if (mllp != null) {
                mllp.close();
            }
        } finally {
            if (orthanc != null) {
                orthanc.close();
            }
            RunningGateway.await(vertx.close());
        }
    }
}
