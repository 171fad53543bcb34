package org.varde.gateway.cli;

import org.varde.connectors.sink.pacs.PacsTarget;
import org.varde.gateway.Gateway;
import org.varde.gateway.config.GatewayConfig;
import org.varde.gateway.config.OutputSettings;
import org.varde.gateway.delivery.Delivery;
import org.varde.gateway.jobs.Job;
import org.varde.gateway.jobs.JobState;

import java.io.PrintStream;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/**
 * The demo's way back: a sandbox PACS at each loopback {@code pacs} output (so a delivery needs no
 * network), a wait for the vendors' results and their deliveries, and a table of what was delivered
 * where, with the priority asked for. Ids only, no patient identity.
 */
final class DemoDeliveries {
    private static final String FORMAT = "%-14s %-20s %-10s %-9s %-12s %-8s %s%n";
    private static final Duration RESULTS = Duration.ofSeconds(60);
    private static final Set<JobState> ON_THE_WAY_BACK = EnumSet.of(JobState.WAITING_RESULT, JobState.RESULT_RECEIVED,
            JobState.DELIVERING);

    private DemoDeliveries() {
    }

    /** Starts the demo PACS for each loopback pacs output; the output points where it really listens. */
    static GatewayConfig withDemoPacs(GatewayConfig config, DemoVendors vendors) throws Exception {
        Map<String, OutputSettings.Output> outputs = new LinkedHashMap<>(config.outputs().byName());
        for (OutputSettings.Output o : config.outputs().byName().values()) {
            if (o.target() instanceof PacsTarget p && p.host().equals("127.0.0.1")) {
                int port = vendors.startPacs(p.aeTitle(), p.port());
                outputs.put(o.name(), new OutputSettings.Output(o.name(), o.type(), new PacsTarget(p.host(), port,
                        p.aeTitle(), p.tls(), p.summaryImage(), p.writer(), p.timeout()), o.concurrency()));
            }
        }
        return config.withOutputs(new OutputSettings(outputs));
    }

    /** Waits (bounded) until no job of the studies waits for its result or its deliveries. */
    static void awaitResults(Gateway gateway, List<String> studies) {
        long deadline = System.nanoTime() + RESULTS.toNanos();
        while (System.nanoTime() < deadline && studies.stream().flatMap(s -> gateway.jobStore().forStudy(s).stream())
                .map(Job::state).anyMatch(ON_THE_WAY_BACK::contains)) {
            // the command's own thread, never an event loop
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
        }
    }

    static void print(Gateway gateway, List<String> studies, DemoVendors vendors, PrintStream out) {
        out.println();
        out.printf(FORMAT, "STUDY", "ALGORITHM", "OUTPUT", "MODE", "DELIVERY", "PRIORITY", "RECEIPT / ERROR");
        int rows = 0;
        for (String study : studies) {
            for (Delivery d : gateway.delivery().store().forStudy(study)) {
                out.printf(FORMAT, RoutingTable.shortUid(study), d.algorithmId(), d.sink(),
                        d.mode().name().toLowerCase(java.util.Locale.ROOT), d.state().name(),
                        d.priority().map(p -> p.fhirCode()).orElse("-"),
                        d.lastError() != null && d.receipt() == null ? d.lastError()
                                : d.receipt() != null ? d.receipt() : "built and kept (shadow): GET /api/deliveries/" + d.id());
                rows++;
            }
        }
        if (rows == 0) {
            out.println("(no deliveries: no output is configured for the algorithms that ran)");
        }
        out.printf("demo PACS stored %d objects%n", vendors.pacsStored());
    }
}
