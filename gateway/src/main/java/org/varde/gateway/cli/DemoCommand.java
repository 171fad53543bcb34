package org.varde.gateway.cli;

import io.vertx.core.json.JsonArray;
import org.varde.dicom.net.StoreOutcome;
import org.varde.gateway.Gateway;
import org.varde.gateway.access.DemoToken;
import org.varde.gateway.config.ConfigException;
import org.varde.gateway.config.ConfigLoader;
import org.varde.gateway.config.GatewayConfig;
import org.varde.gateway.config.RoutingSettings;
import org.varde.gateway.orchestration.RoutingFiles;
import org.varde.gateway.routing.RoutingConfigException;
import org.varde.testdata.Finding;
import org.varde.testdata.GeneratorOptions;
import org.varde.testdata.PlantOptions;
import org.varde.testdata.StudyGenerator;
import org.varde.testdata.StudyKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code varde demo}: the gateway on the demo config with the demo catalogue (the example one with every
 * endpoint on DICOM) and the example routes, sandbox vendors (Varde's own storage SCP at each DICOM
 * endpoint of the catalogue, on a free port when that one is taken), a few synthetic studies
 * sent to it with Varde's own SCU; then a table of what was received, and one of how each study was
 * completed, what the router decided for each algorithm and why, and where each job stands.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start the gateway, send it synthetic studies, show what was received.")
final class DemoCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(DemoCommand.class);

    @Option(names = "--config", defaultValue = "config/demo.yaml", paramLabel = "FILE",
            description = "configuration (default ${DEFAULT-VALUE}; built-in defaults when missing)")
    Path config;

    @Option(names = "--storage-dir", paramLabel = "DIR", description = "storage folder (default: a new temporary one)")
    Path storageDir;

    @Option(names = "--serve", description = "keep serving after the demo (stop with Ctrl-C)")
    boolean serve;

    @Option(names = "--seed", defaultValue = "42", description = "generator seed (default ${DEFAULT-VALUE})")
    long seed;

    @Override
    public Integer call() throws Exception {
        GatewayConfig gatewayConfig;
        try {
            gatewayConfig = Files.exists(config) ? ConfigLoader.load(config) : ConfigLoader.parse("", Path.of("."));
        } catch (ConfigException e) {
            System.err.println("config error: " + e.getMessage());
            return VardeCommand.CONFIG_ERROR;
        }
        Path storage = storageDir != null ? storageDir : Files.createTempDirectory("varde-demo-");
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
        gatewayConfig = DemoDeliveries.withDemoPacs(gatewayConfig, vendors);
        RunningGateway running;
        try {
            running = startOnFreePortsIfTaken(gatewayConfig);
        } catch (Exception e) {
            vendors.close();
            throw e;
        }
        try {
            Gateway gateway = running.gateway();
            vendors.answerTo(gateway.dicomPort(), gatewayConfig.dispatch().resultsAeTitle());
            List<Path> files = generate(storage.resolve("generated"));
            System.out.printf("sending %d generated files to %s@127.0.0.1:%d%n", files.size(),
                    gatewayConfig.dicom().aeTitle(), gateway.dicomPort());
            List<StoreOutcome> outcomes = InstanceSender.send(files, "127.0.0.1", gateway.dicomPort(), "VARDE_DEMO",
                    gatewayConfig.dicom().aeTitle());
            long failed = outcomes.stream().filter(o -> !o.isSuccess()).count();
            System.out.printf("%d stored, %d failed; storage in %s%n%n", outcomes.size() - failed, failed, storage);
            ReceivedTable.print(gateway.journal(), System.out);
            List<String> studies = DemoRouting.studies(files);
            DemoRouting.completeAndSettle(gateway, studies);
            System.out.println();
            DemoDeliveries.awaitResults(gateway, studies);
            RoutingTable.print(gateway, studies, System.out);
            DemoRouting.printVendors(vendors, System.out);
            DemoDeliveries.print(gateway, studies, vendors, System.out);
            boolean apiAnswered = checkApi(gateway);
            if (serve) {
                printApi(gateway);
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    closeQuietly(running);
                    closeQuietly(vendors);
                }, "varde-shutdown"));
                System.out.println("serving; stop with Ctrl-C");
                return VardeCommand.KEEP_RUNNING;
            }
            System.out.println("\nthe gateway has stopped; run ./varde demo --serve to keep it up and open the web UI "
                    + "(it prints the address and the token to log in with)");
            running.close();
            vendors.close();
            return failed == 0 && apiAnswered ? 0 : 1;
        } catch (Exception e) {
            closeQuietly(running);
            closeQuietly(vendors);
            throw e;
        }
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

    /** One seed per kind: the generator derives UIDs from the seed, so two kinds on one seed would share them. */
    private List<Path> generate(Path out) throws Exception {
        List<Path> files = new ArrayList<>();
        files.addAll(StudyGenerator.generate(out.resolve("cxr"), StudyKind.CXR, 1, seed));
        // a 10 mm nodule in the CT's pixels: the sandbox vendor's detector finds it, the policy asks for urgent
        files.addAll(StudyGenerator.generate(out.resolve("ct"), new GeneratorOptions(
                StudyKind.CT_THORAX, 1, seed + 1, 24, 256).planting(new PlantOptions(Finding.NODULE, 10, 1.0))));
        files.addAll(StudyGenerator.generate(out.resolve("mr"), new GeneratorOptions(
                StudyKind.MR_HEAD, 1, seed + 2, 8, 128)));
        files.addAll(StudyGenerator.generate(out.resolve("wrist"), StudyKind.WRIST, 1, seed + 3));
        return files;
    }

    private static String base(Gateway gateway) {
        return "http://" + gateway.config().http().bind() + ":" + gateway.httpPort();
    }

    private static void printApi(Gateway gateway) {
        String base = base(gateway);
        System.out.printf("%nthe web UI: open %s/ and log in with the token %s%n", base, DemoToken.SECRET);
        System.out.printf("%nthe API, with the demo token (accepted by ./varde demo only; a served gateway needs "
                + "./varde token create, docs/security.md):%n"
                + "  T='Authorization: Bearer %s'%n"
                + "  curl -H \"$T\" %s/api/studies%n"
                + "  curl -H \"$T\" %s/api/jobs%n"
                + "  curl -H \"$T\" %s/api/deliveries        (GET /api/deliveries/{id}: what was built, SR, kept on shadow routes)%n"
                + "health: %s/health   metrics: %s/metrics%n", DemoToken.SECRET, base, base, base, base, base);
    }

    /** The API end to end, as the printed curl lines call it: the demo token, the study list. */
    private static boolean checkApi(Gateway gateway) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(base(gateway) + "/api/studies"))
                    .header("Authorization", "Bearer " + DemoToken.SECRET).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            boolean ok = response.statusCode() == 200;
            System.out.printf("%nAPI check: GET /api/studies with the demo token answered %d%s%n", response.statusCode(),
                    ok ? " (" + new JsonArray(response.body()).size() + " studies)" : ": " + response.body());
            return ok;
        } catch (IOException e) {
            System.out.println("\nAPI check: GET /api/studies failed: " + e.getMessage());
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
