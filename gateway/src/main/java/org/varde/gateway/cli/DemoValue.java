package org.varde.gateway.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The demo's last table (issue 10): what each algorithm was worth on the generated set, from
 * {@code GET /api/value} as a department would ask it. First the generator's ground truth files of
 * the set are posted ({@code POST /api/value/ground-truth}), so the line can say how often each
 * algorithm was right; then one line per algorithm and mode that received studies: studies, positives,
 * flag rate, turnaround p50 (last instance to result) and sensitivity and specificity against the
 * ground truth, each as successes/n.
 */
final class DemoValue {
    static final String FORMAT = "%-18s %-8s %7s %9s %9s %8s %13s %13s%n";
    /** The generator writes a file beside each study; the demo's set is a few folders deep. */
    private static final int MAX_DEPTH = 4;
    private static final long MAX_FILE_BYTES = 1 << 20;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;
    private final String token;

    DemoValue(String base, String token) {
        this.base = base;
        this.token = token;
    }

    /**
     * Posts the ground truth found under {@code generated}, then prints the table; an API that refuses
     * is said in the table's place (the results table above stands on its own).
     */
    void print(Path generated, PrintStream out) throws IOException, InterruptedException {
        JsonArray truths = groundTruth(generated);
        if (!truths.isEmpty()) {
            HttpResponse<String> posted = send(HttpRequest.newBuilder(uri("/api/value/ground-truth"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(truths.encode())));
            if (posted.statusCode() != 201) {
                out.printf("%nthe ground truth was refused (%d): %s%n", posted.statusCode(), posted.body());
                return;
            }
        }
        HttpResponse<String> algorithms = send(HttpRequest.newBuilder(uri("/api/algorithms")).GET());
        if (algorithms.statusCode() != 200) {
            out.printf("%nGET /api/algorithms answered %d%n", algorithms.statusCode());
            return;
        }
        out.printf("%nwhat each algorithm was worth on this set (GET /api/value; ground truth of %d studies):%n",
                truths.size());
        out.printf(FORMAT, "ALGORITHM", "MODE", "STUDIES", "POSITIVES", "FLAG RATE", "P50 S", "SENSITIVITY",
                "SPECIFICITY");
        for (Object a : new JsonArray(algorithms.body())) {
            String id = ((JsonObject) a).getString("id");
            for (String mode : List.of("clinical", "shadow")) {
                HttpResponse<String> value = send(HttpRequest.newBuilder(uri("/api/value?algorithm="
                        + URLEncoder.encode(id, StandardCharsets.UTF_8) + "&mode=" + mode)).GET());
                if (value.statusCode() != 200) {
                    out.printf("GET /api/value for %s answered %d%n", id, value.statusCode());
                    return;
                }
                line(id, mode, new JsonObject(value.body()), out);
            }
        }
    }

    /** The algorithm's line in this mode, when it was sent studies in it. */
    static void line(String algorithm, String mode, JsonObject value, PrintStream out) {
        JsonObject volumes = value.getJsonObject("volumes");
        long studies = volumes.getLong("dispatched");
        if (studies == 0) {
            return;
        }
        JsonObject truth = value.getJsonObject("groundTruth");
        Double p50 = value.getJsonObject("turnaround").getJsonObject("steps").getJsonObject("lastInstanceToResult")
                .getDouble("p50Seconds");
        out.printf(FORMAT, algorithm, mode, studies, volumes.getLong("positives"), percent(value.getJsonObject("flagRate")),
                p50 == null ? "-" : String.format(Locale.ROOT, "%.1f", p50), ofN(truth.getJsonObject("sensitivity")),
                ofN(truth.getJsonObject("specificity")));
    }

    private static String percent(JsonObject rate) {
        Double v = rate.getDouble("value");
        return v == null ? "-" : String.format(Locale.ROOT, "%.0f %%", v * 100);
    }

    /** {@code 100 % 1/1}; {@code - 0/0} when nothing to rest on. */
    private static String ofN(JsonObject rate) {
        return percent(rate) + " " + rate.getLong("successes") + "/" + rate.getLong("n");
    }

    /** Every ground-truth.json under {@code generated}, as the generator wrote them. */
    static JsonArray groundTruth(Path generated) throws IOException {
        JsonArray truths = new JsonArray();
        if (!Files.isDirectory(generated)) {
            return truths;
        }
        try (Stream<Path> files = Files.walk(generated, MAX_DEPTH)) {
            for (Path file : files.filter(f -> f.getFileName().toString().equals("ground-truth.json")).sorted().toList()) {
                if (Files.size(file) <= MAX_FILE_BYTES) {
                    truths.add(new JsonObject(Files.readString(file)));
                }
            }
        }
        return truths;
    }

    private URI uri(String path) {
        return URI.create(base + path);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
