package org.varde.gateway.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.varde.gateway.jobs.JobState;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/**
 * The demo's one table, a row per study printed as the study settles (every job finished, every
 * delivery done), read from the API as any client would ({@code GET /api/studies/{uid}} with the
 * demo token): which algorithms it went to, what they found, the priority asked of the worklist,
 * whether the SR reached the PACS and the report the RIS (FHIR, HL7 v2), and how many seconds after
 * the last instance was sent. Ids and labels only, no patient identity.
 */
final class DemoTable {
    static final String FORMAT = "%-24s %-34s %-28s %-8s %-5s %-5s %-5s %7s%n";
    private static final Duration POLL = Duration.ofMillis(300);

    /** A study to wait for: its label and UID. */
    record Row(String label, String studyInstanceUid) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;
    private final String token;
    /** Output name to its type (pacs, fhir, hl7), from the config. */
    private final Map<String, String> sinkTypes;

    DemoTable(String base, String token, Map<String, String> sinkTypes) {
        this.base = base;
        this.token = token;
        this.sinkTypes = sinkTypes;
    }

    static void header(PrintStream out) {
        out.printf(FORMAT, "STUDY", "ALGORITHMS", "FINDING", "PRIORITY", "SR", "FHIR", "HL7", "SECONDS");
    }

    /**
     * Prints each study's row when it settles, in the order they settle; after {@code timeout} the rest
     * as they stand (marked "still running"). Returns the number of rows printed as settled.
     */
    int print(List<Row> rows, long sentAtNanos, Duration timeout, PrintStream out) {
        Map<String, Row> waiting = new LinkedHashMap<>();
        rows.forEach(r -> waiting.put(r.studyInstanceUid(), r));
        long deadline = System.nanoTime() + timeout.toNanos();
        int settled = 0;
        while (!waiting.isEmpty() && System.nanoTime() < deadline) {
            for (Row row : List.copyOf(waiting.values())) {
                JsonObject study = study(row.studyInstanceUid());
                if (study != null && assembling(study)) {
                    // instances after completion opened a new generation (a series that came a moment late):
                    // completed as an operator would, rather than waiting for the route's idle timer
                    complete(row.studyInstanceUid());
                }
                if (study != null && settled(study)) {
                    out.printf(FORMAT, cell(row.label(), 24), cell(algorithms(study), 34), cell(finding(study), 28),
                            priority(study), sink(study, "pacs"), sink(study, "fhir"), sink(study, "hl7"),
                            String.format(Locale.ROOT, "%.1f", (System.nanoTime() - sentAtNanos) / 1e9));
                    out.flush();
                    waiting.remove(row.studyInstanceUid());
                    settled++;
                }
            }
            // the command's own thread, never an event loop
            LockSupport.parkNanos(POLL.toNanos());
        }
        for (Row row : waiting.values()) {
            JsonObject study = study(row.studyInstanceUid());
            out.printf(FORMAT, cell(row.label(), 24), cell(study == null ? "-" : algorithms(study), 34),
                    "still running", "-", "-", "-", "-", "-");
        }
        return settled;
    }

    private JsonObject study(String uid) {
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(base + "/api/studies/" + uid))
                    .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return answer.statusCode() == 200 ? new JsonObject(answer.body()) : null;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return null;
        }
    }

    private static boolean assembling(JsonObject study) {
        JsonObject completion = study.getJsonObject("completion");
        return completion != null && "ASSEMBLING".equals(completion.getString("state"));
    }

    private void complete(String uid) {
        try {
            http.send(HttpRequest.newBuilder(URI.create(base + "/api/studies/" + uid + "/complete"))
                    .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody())
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.discarding());
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Routed, every job final (or waiting for a retry that the demo's vendors will not answer), every delivery done. */
    static boolean settled(JsonObject study) {
        JsonObject completion = study.getJsonObject("completion");
        if (completion == null || !"COMPLETE".equals(completion.getString("state")) || !completion.getBoolean("routed", false)) {
            return false;
        }
        for (JsonObject job : objects(study.getJsonArray("jobs"))) {
            JobState state = JobState.valueOf(job.getString("state"));
            boolean gaveUpForNow = state == JobState.PENDING && job.getInteger("attempts", 0) > 0;
            if (!state.isFinal() && state != JobState.AWAITING_REVIEW && !gaveUpForNow) {
                return false;
            }
        }
        return objects(study.getJsonArray("deliveries")).stream().allMatch(d -> d.getString("finishedAt") != null);
    }

    /**
     * The algorithms it was sent to, clinical ones by name and shadow ones counted (they write nothing
     * clinical); when none, those whose intended use refused it (the details say why).
     */
    private static String algorithms(JsonObject study) {
        Set<String> sent = new LinkedHashSet<>();
        Set<String> refused = new LinkedHashSet<>();
        for (JsonObject d : objects(study.getJsonArray("routingDecisions"))) {
            if ("SEND".equals(d.getString("outcome"))) {
                sent.add(d.getString("algorithm"));
            } else if ("GUARD_REFUSED".equals(d.getString("outcome"))) {
                refused.add(d.getString("algorithm"));
            }
        }
        Set<String> shadow = new LinkedHashSet<>();
        for (JsonObject job : objects(study.getJsonArray("jobs"))) {
            if ("shadow".equals(job.getString("mode"))) {
                shadow.add(job.getString("algorithm"));
            }
        }
        Set<String> clinical = new LinkedHashSet<>(sent);
        clinical.removeAll(shadow);
        if (!sent.isEmpty()) {
            shadow.retainAll(sent);
            return String.join(", ", clinical) + (shadow.isEmpty() ? "" : (clinical.isEmpty() ? "" : " ")
                    + "+" + shadow.size() + " shadow");
        }
        return refused.isEmpty() ? "none (no route fits)" : "refused: " + String.join(", ", refused);
    }

    /** The first finding present in a received result, with the algorithm's name; "none" when results found nothing. */
    private static String finding(JsonObject study) {
        List<JsonObject> results = objects(study.getJsonArray("results"));
        if (results.isEmpty()) {
            return "-";
        }
        List<String> found = new ArrayList<>();
        for (JsonObject r : results) {
            if (!"RECEIVED".equals(r.getString("status"))) {
                continue;
            }
            JsonObject result = r.getJsonObject("result");
            for (JsonObject f : objects(result == null ? null : result.getJsonArray("findings"))) {
                if (!"absent".equals(f.getString("presence"))) {
                    JsonObject code = f.getJsonObject("code");
                    found.add((code == null ? "finding" : code.getString("meaning")) + measurement(f));
                }
            }
        }
        return found.isEmpty() ? "none" : found.get(0) + (found.size() > 1 ? " +" + (found.size() - 1) : "");
    }

    private static String measurement(JsonObject finding) {
        List<JsonObject> m = objects(finding.getJsonArray("measurements"));
        return m.isEmpty() ? "" : " " + m.get(0).getValue("value") + " " + m.get(0).getString("unit", "");
    }

    private static String priority(JsonObject study) {
        List<String> order = List.of("routine", "urgent", "asap", "stat");
        String highest = null;
        for (JsonObject d : objects(study.getJsonArray("deliveries"))) {
            String p = d.getString("priority");
            if (p != null && (highest == null || order.indexOf(p) > order.indexOf(highest))) {
                highest = p;
            }
        }
        return highest == null ? "-" : highest;
    }

    /** yes (delivered), kept (built on a shadow route), failed (gave up), or - (none of that kind). */
    private String sink(JsonObject study, String type) {
        String shown = "-";
        for (JsonObject d : objects(study.getJsonArray("deliveries"))) {
            if (!type.equals(sinkTypes.get(d.getString("sink")))) {
                continue;
            }
            switch (d.getString("state")) {
                case "DELIVERED" -> shown = "yes";
                case "KEPT" -> shown = "yes".equals(shown) ? shown : "kept";
                case "DEAD_LETTER" -> shown = "-".equals(shown) ? "failed" : shown;
                default -> { }
            }
        }
        return shown;
    }

    private static String cell(String text, int width) {
        return text.length() <= width ? text : text.substring(0, width - 1) + "…";
    }

    private static List<JsonObject> objects(JsonArray array) {
        List<JsonObject> list = new ArrayList<>();
        if (array != null) {
            array.forEach(o -> list.add((JsonObject) o));
        }
        return list;
    }
}
