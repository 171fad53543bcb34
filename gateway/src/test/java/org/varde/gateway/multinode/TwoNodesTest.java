package org.varde.gateway.multinode;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.Tag;
import org.varde.gateway.Main;
import org.varde.gateway.testing.DicomFiles;
import org.varde.gateway.testing.CommandLineTokens;
import org.varde.gateway.testing.Poll;
import org.varde.gateway.testing.Processes;
import org.varde.testdata.GeneratorOptions;
import org.varde.testdata.StudyGenerator;
import org.varde.testdata.StudyKind;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Issue 3, several nodes: two {@code varde serve} JVMs on one PostgreSQL store and one spool folder,
 * studies sent to both (some split, half their instances to each node), a dcmtk storescp as the
 * vendor. The node holding a job in DISPATCHING is killed with SIGKILL; the survivor finishes the
 * work. Every job is DONE exactly once, the vendor holds every instance, no study went out in two
 * completed associations (except where the kill cut one), and the split studies completed once.
 */
class TwoNodesTest {
    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/test";
    /** One token for both nodes: made once with the command line, in the PostgreSQL store they share. */
    private String token;
    private static final int STUDIES = 8;
    private static final int SPLIT = 3;
    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path tmp;
    private final String schema = "two_nodes_" + UUID.randomUUID().toString().replace("-", "");
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Process> processes = new ArrayList<>();
    private StorescpVendor vendor;

    private record Node(String id, Process process, int dicomPort, int httpPort, Path log) {
    }

    @BeforeEach
    void schema() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (Process p : processes) {
            if (p.isAlive()) {
                p.destroyForcibly();
                p.waitFor(30, TimeUnit.SECONDS);
            }
        }
        if (vendor != null) {
            vendor.close();
        }
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    @Test
    void killDashNineOfTheDispatchingNodeLeavesEveryJobDoneOnceAndEveryStudyAtTheVendor() throws Exception {
        vendor = StorescpVendor.start(Files.createDirectories(tmp.resolve("vendor")), "VENDOR");
        writeRouting(vendor.port());
        Path spool = Files.createDirectories(tmp.resolve("shared-storage"));
        Node a = startNode("node-a", "NODE_A", spool);
        Node b = startNode("node-b", "NODE_B", spool);

        Map<String, List<Path>> studies = generate();
        Map<String, String> studyOfSop = new HashMap<>();
        for (Map.Entry<String, List<Path>> study : studies.entrySet()) {
            for (Path file : study.getValue()) {
                studyOfSop.put(DicomFiles.header(file).getString(Tag.SOPInstanceUID), study.getKey());
            }
        }
        List<String> split = sendToBoth(studies, a, b);

        // the node holding a job in DISPATCHING while the vendor is receiving: kill -9 it there
        Map<String, Node> byId = Map.of(a.id(), a, b.id(), b);
        JsonObject[] inFlight = new JsonObject[1];
        boolean caught = Poll.untilIo(WAIT, () -> {
            if (vendor.associations().isEmpty()) {
                return false;
            }
            for (Object j : jobs(a, "DISPATCHING")) {
                inFlight[0] = (JsonObject) j;
                return true;
            }
            return false;
        });
        assertTrue(caught, "a job was seen dispatching; vendor log: " + vendor.log());
        Node victim = byId.get(inFlight[0].getString("leaseOwner"));
        Node survivor = victim == a ? b : a;
        JsonArray victimJobs = new JsonArray();
        jobs(survivor, null).forEach(j -> {
            JsonObject job = (JsonObject) j;
            if (victim.id().equals(job.getString("leaseOwner")) && !"WAITING_RESULT".equals(job.getString("state"))) {
                victimJobs.add(job);
            }
        });
        assertTrue(!victimJobs.isEmpty(), "the victim held unfinished work when it was killed");
        victim.process().destroyForcibly();
        assertTrue(victim.process().waitFor(30, TimeUnit.SECONDS));
        System.out.printf("killed %s holding %d unfinished jobs (%s dispatching)%n", victim.id(), victimJobs.size(),
                inFlight[0].getString("studyInstanceUid"));

        boolean allDone = Poll.untilIo(WAIT, () -> {
            JsonArray all = jobs(survivor, null);
            return all.size() == STUDIES
                    && all.stream().allMatch(j -> "WAITING_RESULT".equals(((JsonObject) j).getString("state")));
        });
        assertTrue(allDone, "every job dispatched (WAITING_RESULT) on the survivor: " + jobs(survivor, null).encodePrettily()
                + "\n" + Files.readString(survivor.log()));

        JsonArray all = jobs(survivor, null);
        Set<String> jobStudies = new HashSet<>();
        for (Object j : all) {
            JsonObject job = (JsonObject) j;
            assertTrue(jobStudies.add(job.getString("studyInstanceUid")), "one job per study: " + job);
            // a job counts generations from 1 (NewJob); the first completion of a study makes generation 1
            assertEquals(1, job.getInteger("generation"), "each study completed once, no follow-up: " + job);
            JsonObject detail = json(get(survivor, "/api/jobs/" + job.getString("id")));
            long doneEvents = detail.getJsonArray("events").stream()
                    .filter(e -> "WAITING_RESULT".equals(((JsonObject) e).getString("to"))).count();
            assertEquals(1, doneEvents, "dispatched to the end exactly once: " + detail.encodePrettily());
        }
        assertEquals(studies.keySet(), jobStudies);

        assertEquals(studyOfSop.keySet(), vendor.heldSopInstanceUids(),
                "the vendor holds every instance of every study");

        Set<String> cut = new HashSet<>();
        victimJobs.forEach(j -> cut.add(((JsonObject) j).getString("studyInstanceUid")));
        Map<String, Integer> completedAssociations = completedAssociationsPerStudy(studyOfSop);
        for (String study : studies.keySet()) {
            int count = completedAssociations.getOrDefault(study, 0);
            if (cut.contains(study)) {
                assertTrue(count >= 1 && count <= 2, "a study the kill cut is finished by the survivor: " + count);
            } else {
                assertEquals(1, count, "study " + study + " sent in exactly one completed association");
            }
        }
        for (String study : split) {
            JsonObject detail = json(get(survivor, "/api/studies/" + study));
            assertEquals("COMPLETE", detail.getJsonObject("completion").getString("state"), "split study completed");
            assertEquals(0, detail.getJsonObject("completion").getInteger("generation"),
                    "completed once, not per node");
            assertEquals(studies.get(study).size(), detail.getInteger("instanceCount"), "both halves journaled");
        }
    }

    /** storescp logs each association's stored files and how it ended; count released ones per study. */
    private Map<String, Integer> completedAssociationsPerStudy(Map<String, String> studyOfSop) throws IOException {
        Map<String, Integer> counts = new HashMap<>();
        List<String> lines = Files.readAllLines(tmp.resolve("vendor/storescp.log"));
        Set<String> current = new HashSet<>();
        for (String line : lines) {
            if (line.contains("Association Received")) {
                current = new HashSet<>();
            } else if (line.contains("storing DICOM file: ")) {
                String path = line.substring(line.indexOf("storing DICOM file: ") + "storing DICOM file: ".length());
                String name = Path.of(path.trim()).getFileName().toString();
                current.add(studyOfSop.get(name.substring(name.indexOf('.') + 1)));
            } else if (line.contains("Association Release")) {
                current.forEach(study -> counts.merge(study, 1, Integer::sum));
                current = new HashSet<>();
            }
        }
        return counts;
    }

    private Map<String, List<Path>> generate() throws Exception {
        Map<String, List<Path>> studies = new LinkedHashMap<>();
        for (int i = 0; i < STUDIES; i++) {
            List<Path> files = StudyGenerator.generate(tmp.resolve("source/" + i),
                    new GeneratorOptions(StudyKind.CT_THORAX, 1, 300 + i, 24, 64));
            studies.put(DicomFiles.header(files.get(0)).getString(Tag.StudyInstanceUID), files);
        }
        return studies;
    }

    /** The first SPLIT studies half to each node; the others whole, alternating. @return the split ones */
    private List<String> sendToBoth(Map<String, List<Path>> studies, Node a, Node b) throws Exception {
        List<Path> toA = new ArrayList<>();
        List<Path> toB = new ArrayList<>();
        List<String> split = new ArrayList<>();
        int i = 0;
        for (Map.Entry<String, List<Path>> study : studies.entrySet()) {
            List<Path> files = study.getValue();
            if (i < SPLIT) {
                split.add(study.getKey());
                for (int f = 0; f < files.size(); f++) {
                    (f % 2 == 0 ? toA : toB).add(files.get(f));
                }
            } else {
                (i % 2 == 0 ? toA : toB).addAll(files);
            }
            i++;
        }
        Process senderA = sender(toA, a, "sender-a");
        Process senderB = sender(toB, b, "sender-b");
        assertTrue(senderA.waitFor(60, TimeUnit.SECONDS) && senderB.waitFor(60, TimeUnit.SECONDS), "senders finished");
        assertEquals(0, senderA.exitValue(), Files.readString(tmp.resolve("sender-a.log")));
        assertEquals(0, senderB.exitValue(), Files.readString(tmp.resolve("sender-b.log")));
        return split;
    }

    private Process sender(List<Path> files, Node node, String name) throws IOException {
        List<String> command = new ArrayList<>(List.of("storescu", "-aet", name.toUpperCase().replace('-', '_'),
                "-aec", "VARDE", "127.0.0.1", Integer.toString(node.dicomPort())));
        files.forEach(f -> command.add(f.toString()));
        Process p = Processes.start(command, tmp.resolve(name + ".log"));
        processes.add(p);
        return p;
    }

    private void writeRouting(int vendorPort) throws IOException {
        Files.writeString(tmp.resolve("algorithms.yaml"),
                TestCatalogue.of(TestCatalogue.dicomAlgorithm("ct-test", "{modalities: [CT]}", vendorPort, "VENDOR",
                        60)));
        Files.writeString(tmp.resolve("routes.yaml"), """
                routes:
                  - name: ct-all
                    match: {attribute: Modality, equals: CT}
                    algorithms: [ct-test]
                    mode: clinical
                """);
    }

    private Node startNode(String id, String callingAe, Path storage) throws Exception {
        int dicomPort = StorescpVendor.freePort();
        int httpPort = StorescpVendor.freePort();
        Path config = Files.writeString(tmp.resolve(id + ".yaml"), """
                dicom: {port: %d, allowedCallers: ["SENDER_A@127.0.0.1", "SENDER_B@127.0.0.1"]}
                http: {port: %d}
                storage: {dir: %s, fsync: false}
                store: {url: "postgresql://127.0.0.1:5432/test?user=postgres&currentSchema=%s"}
                node: {id: %s}
                routing: {algorithms: algorithms.yaml, routes: routes.yaml}
                completion: {defaultIdleSeconds: 3}
                jobs: {leaseSeconds: 3, maxAttempts: 5, backoffBaseSeconds: 1, backoffCapSeconds: 2}
                dispatch: {callingAeTitle: %s}
                """.formatted(dicomPort, httpPort, storage, schema, id, callingAe));
        if (token == null) {
            token = CommandLineTokens.create(config, "two-nodes", "operator");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = tmp.resolve(id + ".log");
        Process process = Processes.start(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "serve", "--config", config.toString()), log);
        processes.add(process);
        Node node = new Node(id, process, dicomPort, httpPort, log);
        boolean healthy = Poll.untilIo(WAIT, () -> !process.isAlive() || get(node, "/health").statusCode() == 200);
        if (!healthy || !process.isAlive()) {
            fail(id + " did not come up: " + Files.readString(log));
        }
        return node;
    }

    private JsonArray jobs(Node node, String state) throws Exception {
        return new JsonArray(get(node, "/api/jobs?limit=1000" + (state == null ? "" : "&state=" + state)).body());
    }

    private static JsonObject json(HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), response.body());
        return new JsonObject(response.body());
    }

    private HttpResponse<String> get(Node node, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + path))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static Connection connect() throws SQLException {
        DriverManager.setLoginTimeout(5);
        return DriverManager.getConnection(SERVER, "postgres", "");
    }
}
