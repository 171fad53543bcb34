import io.vertx.core.Vertx;
import org.varde.connectors.algorithm.DispatchReceipt;
import org.varde.connectors.algorithm.DispatchRequest;
import org.varde.connectors.algorithm.dicomweb.DicomWebAlgorithmAdapter;
import org.varde.connectors.algorithm.dicomweb.DicomWebEndpoint;
import org.varde.testdata.GeneratorOptions;
import org.varde.testdata.StudyGenerator;
import org.varde.testdata.StudyKind;
import org.varde.testdata.peer.LocalOrthanc;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * bench/dicomweb.sh's harness (run on the runnable jar's class path): one generated CT study sent to
 * the same Orthanc, round after round, alternately by Varde's DICOMweb adapter (one STOW-RS request,
 * streamed from the files) and by dcmtk storescu (C-STORE, TCP_NODELAY=1, the reference), the study
 * deleted from Orthanc between rounds so each send stores it afresh. Prints each round and the ratio
 * of the medians.
 */
public final class DicomWebBench {
    public static void main(String[] args) throws Exception {
        Path work = Path.of(arg(args, "--work", "/tmp/varde-dicomweb-bench"));
        int slices = Integer.parseInt(arg(args, "--slices", "100"));
        int size = Integer.parseInt(arg(args, "--size", "512"));
        int rounds = Integer.parseInt(arg(args, "--rounds", "5"));
        List<Path> study = StudyGenerator.generate(work.resolve("study"),
                new GeneratorOptions(StudyKind.CT_THORAX, 1, 4711, slices, size));
        long bytes = 0;
        for (Path f : study) {
            bytes += Files.size(f);
        }
        System.out.printf("study: %d instances, %.1f MiB; %d rounds each; load %s%n", study.size(),
                bytes / 1048576.0, rounds, Files.readString(Path.of("/proc/loadavg")).strip());
        Vertx vertx = Vertx.vertx();
        HttpClient http = HttpClient.newHttpClient();
        try (LocalOrthanc orthanc = LocalOrthanc.start(work.resolve("orthanc"), Duration.ofSeconds(120))) {
            DicomWebAlgorithmAdapter adapter = new DicomWebAlgorithmAdapter(vertx);
            DicomWebEndpoint endpoint = new DicomWebEndpoint(URI.create(orthanc.baseUrl() + "/dicom-web"));
            List<Long> stow = new ArrayList<>();
            List<Long> cstore = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                long t0 = System.nanoTime();
                DispatchReceipt receipt = adapter.dispatch(new DispatchRequest("bench-" + round, "bench", "-", study,
                        endpoint, Duration.ofMinutes(10))).toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
                long stowMs = (System.nanoTime() - t0) / 1_000_000;
                check(receipt.acknowledgedSopInstanceUids().size() == study.size(), "STOW-RS stored every instance");
                check(count(orthanc) == study.size(), "Orthanc holds the study after STOW-RS");
                clear(http, orthanc);

                List<String> command = new ArrayList<>(List.of("storescu", "-aec", LocalOrthanc.AE_TITLE, "127.0.0.1",
                        String.valueOf(orthanc.dicomPort())));
                study.forEach(f -> command.add(f.toString()));
                ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(work.resolve("storescu.log").toFile());
                pb.environment().put("TCP_NODELAY", "1");
                long t1 = System.nanoTime();
                int exit = pb.start().waitFor();
                long cstoreMs = (System.nanoTime() - t1) / 1_000_000;
                check(exit == 0, "storescu exited 0");
                check(count(orthanc) == study.size(), "Orthanc holds the study after C-STORE");
                clear(http, orthanc);
                stow.add(stowMs);
                cstore.add(cstoreMs);
                System.out.printf("round %d: STOW-RS %d ms, C-STORE %d ms%n", round, stowMs, cstoreMs);
            }
            long s = median(stow);
            long c = median(cstore);
            System.out.printf("median: STOW-RS (Varde's adapter) %d ms, C-STORE (storescu) %d ms; ratio STOW-RS / C-STORE = %.2f%n",
                    s, c, (double) s / c);
            System.out.printf("throughput: STOW-RS %.1f MiB/s, C-STORE %.1f MiB/s%n", bytes / 1048576.0 / (s / 1000.0),
                    bytes / 1048576.0 / (c / 1000.0));
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    private static int count(LocalOrthanc orthanc) throws Exception {
        return new io.vertx.core.json.JsonArray(orthanc.get("/instances", null)).size();
    }

    private static void clear(HttpClient http, LocalOrthanc orthanc) throws Exception {
        for (Object id : new io.vertx.core.json.JsonArray(orthanc.get("/patients", null))) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(orthanc.baseUrl() + "/patients/" + id))
                    .DELETE().build(), HttpResponse.BodyHandlers.ofString());
            check(r.statusCode() == 200, "Orthanc deleted the study: " + r.statusCode());
        }
        check(count(orthanc) == 0, "Orthanc is empty again");
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static void check(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException("failed: " + what);
        }
    }

    private static String arg(String[] args, String name, String dflt) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return dflt;
    }
}
