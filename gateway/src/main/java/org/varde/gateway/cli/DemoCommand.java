package org.varde.gateway.cli;

import io.vertx.core.json.JsonArray;
import org.varde.gateway.Gateway;
import org.varde.gateway.access.DemoToken;
import org.varde.gateway.config.ConfigException;
import org.varde.gateway.config.ConfigLoader;
import org.varde.gateway.config.GatewayConfig;
import org.varde.gateway.config.RoutingSettings;
import org.varde.gateway.orchestration.RoutingFiles;
import org.varde.gateway.routing.RoutingConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code varde demo}: the gateway on the demo config with the demo catalogue (the example one with every
 * endpoint on DICOM) and the example routes, sandbox vendors (Varde's own storage SCP at each DICOM
 * endpoint of the catalogue, on a free port when that one is taken), Orthanc as the PACS where it is
 * installed (else a sandbox PACS) and the sandbox RIS for FHIR and HL7 ({@link DemoReceivers}); a realistic mix
 * of synthetic studies ({@link DemoStudies}) sent with Varde's own SCU under a progress bar; then one
 * table, a row per study as its results arrive ({@link DemoTable}); the log in a file, the details
 * (every decision with its reasons, jobs, vendors, deliveries) in another. Then it keeps the web UI
 * open, unless {@code --exit}.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start the gateway with sandbox vendors, send it synthetic studies, show what came back, keep the web UI open.")
final class DemoCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(DemoCommand.class);
    /** Each result is validated (FHIR) and delivered three ways: minutes on a loaded machine, not seconds. */
    private static final Duration RESULTS = Duration.ofSeconds(240);

    @Option(names = "--config", defaultValue = "config/demo.yaml", paramLabel = "FILE",
            description = "configuration (default ${DEFAULT-VALUE}; built-in defaults when missing)")
    Path config;

    @Option(names = "--storage-dir", paramLabel = "DIR", description = "storage folder (default: a new temporary one)")
    Path storageDir;

    @Option(names = "--exit", description = "stop after the table (default: keep the gateway and its web UI up until Ctrl-C)")
    boolean exit;

    // the old switch: serving is now what the demo does unless --exit
    @Option(names = "--serve", hidden = true)
    boolean serve;

    @Option(names = "--seed", defaultValue = "42", description = "generator seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--sandbox-pacs", description = "deliver to the sandbox PACS even where Orthanc is installed")
    boolean sandboxPacs;

    @Override
    public Integer call() throws Exception {
        GatewayConfig gatewayConfig;
        try {
            gatewayConfig = Files.exists(config) ? ConfigLoader.load(config) : ConfigLoader.parse("", Path.of("."));
        } catch (ConfigException e) {
            System.err.println("config error: " + e.getMessage());
            return VardeCommand.CONFIG_ERROR;
        }
        Path storage = storageDir != null ? Files.createDirectories(storageDir) : Files.createTempDirectory("varde-demo-");
        // the log goes to a file from here on: the terminal shows the progress and the table only
        Path log = storage.resolve("varde-demo.log");
        Runnable consoleLogBack = DemoLog.toFile(log);
        if (consoleLogBack != null) {
            System.out.println("Varde demo: the log is in " + log);
        }
        // the demo token is turned on here, in code: no config file can turn it on for serve
        gatewayConfig = withExampleRouting(gatewayConfig.withStorageDir(storage))
                .withHttp(gatewayConfig.http().withDemoToken());
        DemoVendors vendors;
        try {
            vendors = DemoVendors.start(RoutingFiles.load(gatewayConfig).catalogue());
        } catch (RoutingConfigException e) {
            System.err.println("config error: " + e.getMessage());
            return VardeCommand.CONFIG_ERROR;
        }
        gatewayConfig = toVendorsWhereTheyListen(gatewayConfig, vendors.movedPorts(), storage);
        DemoReceivers receivers = new DemoReceivers(vendors, sandboxPacs ? null : storage.resolve("orthanc"));
        RunningGateway running;
        try {
            gatewayConfig = receivers.connect(gatewayConfig);
            running = startOnFreePortsIfTaken(gatewayConfig);
        } catch (Exception e) {
            closeQuietly(receivers);
            vendors.close();
            throw e;
        }
        try {
            Gateway gateway = running.gateway();
            vendors.answerTo(gateway.dicomPort(), gatewayConfig.dispatch().resultsAeTitle());
            vendors.pullFrom(gateway, URI.create(base(gateway)), storage.resolve("sandbox-vendors"));
            List<DemoStudies.DemoStudy> studies = DemoStudies.generate(storage.resolve("generated"), seed);
            long failed = send(studies, gateway.dicomPort(), gatewayConfig.dicom().aeTitle());
            long sentAt = System.nanoTime();
            List<String> uids = studies.stream().map(DemoStudies.DemoStudy::studyInstanceUid).toList();
            DemoRouting.completeAll(gateway, uids);
            System.out.println();
            DemoTable.header(System.out);
            int settled = new DemoTable(base(gateway), DemoToken.SECRET, sinkTypes(gatewayConfig)).print(
                    studies.stream().map(st -> new DemoTable.Row(st.label(), st.studyInstanceUid())).toList(),
                    sentAt, RESULTS, System.out);
            boolean apiAnswered = details(gateway, uids, vendors, receivers, DemoStudies.labelsByAccession(studies),
                    storage.resolve("demo-details.txt"));
            // the value table, after the results table: what each algorithm was worth against the ground truth
            new DemoValue(base(gateway), DemoToken.SECRET).print(storage.resolve("generated"), System.out);
            if (!exit) {
                printUi(gateway, log);
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    closeQuietly(running);
                    closeQuietly(receivers);
                    closeQuietly(vendors);
                }, "varde-shutdown"));
                return VardeCommand.KEEP_RUNNING;
            }
            System.out.println("\nthe gateway has stopped (--exit); without it the demo keeps the web UI open");
            running.close();
            receivers.close();
            vendors.close();
            if (consoleLogBack != null) {
                consoleLogBack.run();
            }
            return failed == 0 && apiAnswered && settled == studies.size() ? 0 : 1;
        } catch (Exception e) {
            closeQuietly(running);
            closeQuietly(receivers);
            closeQuietly(vendors);
            throw e;
        }
    }

    /**
     * Each study in one association, as a modality sends it (split, a pause between the parts could let a
     * study complete before its last series), with a progress bar over the instances; returns how many failed.
     */
    private static long send(List<DemoStudies.DemoStudy> studies, int port, String calledAe) throws Exception {
        DemoProgress bar = new DemoProgress(System.out, "sending " + studies.size() + " studies",
                DemoStudies.files(studies).size(), System.console() != null);
        long failed = 0;
        for (DemoStudies.DemoStudy study : studies) {
            failed += InstanceSender.send(study.files(), "127.0.0.1", port, "VARDE_DEMO", calledAe).stream()
                    .filter(o -> !o.isSuccess()).count();
            bar.advance(study.files().size());
        }
        bar.finish(failed == 0 ? "all stored" : failed + " failed (see the log)");
        return failed;
    }

    /**
     * What the table sums up, in full, to a file: what was received, how each study completed, every
     * routing decision with its reasons, each job, each sandbox vendor, each delivery; and the API check.
     */
    private static boolean details(Gateway gateway, List<String> uids, DemoVendors vendors, DemoReceivers receivers,
                                   Map<String, String> labels, Path file) throws Exception {
        boolean apiAnswered;
        try (PrintStream out = new PrintStream(Files.newOutputStream(file), true, StandardCharsets.UTF_8)) {
            ReceivedTable.print(gateway.journal(), out);
            out.println();
            RoutingTable.print(gateway, uids, out);
            DemoRouting.printVendors(vendors, out);
            DemoDeliveries.print(gateway, uids, receivers, labels, out);
            apiAnswered = checkApi(gateway, out);
        }
        System.out.printf("%nevery routing decision with its reasons, each job, vendor and delivery: %s%n", file);
        return apiAnswered;
    }

    private static Map<String, String> sinkTypes(GatewayConfig config) {
        Map<String, String> types = new LinkedHashMap<>();
        config.outputs().byName().forEach((name, output) -> types.put(name, output.type()));
        return types;
    }

    /** The demo's fixed ports may be taken on a developer machine; any free port serves a demo as well. */
    private static RunningGateway startOnFreePortsIfTaken(GatewayConfig config) throws Exception {
        try {
            return RunningGateway.start(config);
        } catch (Exception e) {
            LOG.warn("cannot listen on the configured ports ({}); using free ones", e.toString());
            return RunningGateway.start(config.withDicom(config.dicom().withPort(0))
                    .withHttp(config.http().withPort(0)));
        }
    }

    /**
     * The demo routes with the demo catalogue (every endpoint on DICOM, where the sandbox vendors
     * listen) and the example routes beside the config file (config/) unless the config names its own.
     */
    private GatewayConfig withExampleRouting(GatewayConfig gatewayConfig) {
        if (gatewayConfig.routing().configured()) {
            return gatewayConfig;
        }
        Path folder = config.toAbsolutePath().getParent();
        return gatewayConfig.withRouting(new RoutingSettings(folder.resolve("demo-algorithms.yaml"),
                folder.resolve("routes.yaml")));
    }

    /**
     * When a sandbox vendor had to listen on a free port (its own was taken), the gateway gets a copy
     * of the catalogue whose endpoints say so; the demo's catalogue writes each DICOM endpoint on one
     * line ({@code host: 127.0.0.1, port: N, aeTitle: ...}), which is what is rewritten.
     */
    private static GatewayConfig toVendorsWhereTheyListen(GatewayConfig gatewayConfig, Map<Integer, Integer> moved,
                                                          Path storage) throws IOException {
        if (moved.isEmpty()) {
            return gatewayConfig;
        }
        RoutingSettings routing = gatewayConfig.routing();
        String catalogue = Files.readString(routing.algorithms());
        for (Map.Entry<Integer, Integer> port : moved.entrySet()) {
            catalogue = catalogue.replaceAll("(\\bport:\\s*)" + port.getKey() + "\\b", "$1" + port.getValue());
            System.out.printf("sandbox vendor port %d was taken: it listens on %d instead%n", port.getKey(),
                    port.getValue());
        }
        Path copy = Files.writeString(storage.resolve("demo-algorithms.yaml"), catalogue);
        return gatewayConfig.withRouting(new RoutingSettings(copy, routing.routes()));
    }

    private static String base(Gateway gateway) {
        return "http://" + gateway.config().http().bind() + ":" + gateway.httpPort();
    }

    private static void printUi(Gateway gateway, Path log) {
        String base = base(gateway);
        System.out.printf("%nthe web UI is open at %s/ : log in with the token %s (accepted by ./varde demo only)%n",
                base, DemoToken.SECRET);
        System.out.printf("the API: curl -H 'Authorization: Bearer %s' %s/api/studies   metrics: %s/metrics%n",
                DemoToken.SECRET, base, base);
        System.out.printf("the log: %s%nthe demo keeps running; stop it with Ctrl-C%n", log);
    }

    /** The API end to end, as the printed curl lines call it: the demo token, the study list. */
    private static boolean checkApi(Gateway gateway, PrintStream out) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(base(gateway) + "/api/studies"))
                    .header("Authorization", "Bearer " + DemoToken.SECRET).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            boolean ok = response.statusCode() == 200;
            out.printf("%nAPI check: GET /api/studies with the demo token answered %d%s%n", response.statusCode(),
                    ok ? " (" + new JsonArray(response.body()).size() + " studies)" : ": " + response.body());
            return ok;
        } catch (IOException e) {
            out.println("\nAPI check: GET /api/studies failed: " + e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void closeQuietly(AutoCloseable running) {
        try {
            running.close();
        } catch (Exception e) {
            LOG.warn("stop failed: {}", e.toString());
        }
    }
}
