package org.varde.gateway.cli;

import org.varde.gateway.Gateway;
import org.varde.gateway.delivery.Delivery;
import org.varde.gateway.jobs.Job;
import org.varde.gateway.jobs.JobState;
import org.varde.testdata.sandbox.ris.RisReceipt;

import java.io.PrintStream;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/**
 * The demo's way back: a wait for the vendors' results and their deliveries, and a table of what was
 * delivered where ({@link DemoReceivers} receives), with the priority asked for and what the sandbox
 * RIS took. Ids and the demo's labels only, no patient identity.
 */
final class DemoDeliveries {
    private static final String FORMAT = "%-14s %-20s %-10s %-9s %-12s %-8s %s%n";
    private static final Duration RESULTS = Duration.ofSeconds(60);
    private static final Set<JobState> ON_THE_WAY_BACK = EnumSet.of(JobState.WAITING_RESULT, JobState.RESULT_RECEIVED,
            JobState.DELIVERING);

    private DemoDeliveries() {
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

    /** @param labels accession number to the study's label in the table, to name what the RIS took */
    static void print(Gateway gateway, List<String> studies, DemoReceivers receivers, Map<String, String> labels,
                      PrintStream out) {
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
        out.printf("demo PACS, %s, stored %d objects%n", receivers.pacsName(), receivers.pacsStored());
        printRis("FHIR: Task", receivers.fhirTasks(), labels, out);
        printRis("HL7: ORU^R01 acknowledged AA", receivers.hl7Reports(), labels, out);
    }

    /** What the sandbox RIS took, per report: which study (by its label) and the priority asked for. */
    private static void printRis(String what, List<RisReceipt> receipts, Map<String, String> labels, PrintStream out) {
        for (RisReceipt r : receipts) {
            out.printf("sandbox RIS %s for %s, priority %s%n", what,
                    labels.getOrDefault(r.accessionNumber(), "an order unknown to the demo"),
                    r.priority().isEmpty() ? "none (no change asked)" : r.priority());
        }
    }
}
