package org.varde.gateway.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.varde.dicom.data.ReadLimits;
import org.varde.dicom.data.StorageSopClasses;
import org.varde.dicom.data.TransferSyntax;
import org.varde.dicom.data.UID;
import org.varde.dicom.net.CallerRule;
import org.varde.dicom.net.DicomServerOptions;
import org.varde.gateway.access.Role;
import org.varde.gateway.jobs.Backoff;
import org.varde.gateway.sites.Site;
import org.varde.gateway.sites.Sites;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads and validates a YAML config file. Unknown keys and invalid values are refused with a
 * {@link ConfigException} naming the key, so a typo never silently falls back to a default.
 * A relative {@code storage.dir} is resolved against the folder of the config file, so a config
 * means the same thing whatever the working directory of the process.
 */
public final class ConfigLoader {
    public static final int DEFAULT_MAX_PDU_LENGTH = 1 << 20;
    // PS3.8 D.1: the Maximum Length Sub-Item is a 32-bit value; we bound it to something sane.
    static final int MIN_PDU_LENGTH = 4096;
    static final int MAX_PDU_LENGTH = 1 << 24;

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private ConfigLoader() {
    }

    public static GatewayConfig load(Path file) throws ConfigException {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException("", "cannot read " + file + ": " + e.getMessage());
        }
        Path folder = file.toAbsolutePath().getParent();
        return parse(text, folder).withSource(file.toAbsolutePath().normalize());
    }

    /** @param baseDir the folder a relative {@code storage.dir} is resolved against */
    public static GatewayConfig parse(String yaml, Path baseDir) throws ConfigException {
        JsonNode root;
        try {
            root = yaml.isBlank() ? null : YAML.readTree(yaml);
        } catch (JacksonException e) {
            throw new ConfigException("", "not valid YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ConfigException("", "cannot parse: " + e.getMessage());
        }
        ConfigSection top = new ConfigSection("", root);
        ConfigSection dicomSection = top.section("dicom");
        // the tls blocks are read first: their keys are then known when the section refuses unknown ones
        DicomTls dicomTls = TlsBlocks.dicom(dicomSection, baseDir);
        DicomSettings dicom = TlsBlocks.checkPorts(dicom(dicomSection).withTls(dicomTls));
        ConfigSection httpSection = top.section("http");
        HttpTls httpTls = TlsBlocks.http(httpSection, baseDir);
        boolean allowPlainHttp = httpSection.bool("allowPlainHttp", false);
        HttpSettings http = TlsBlocks.checkPlainHttp(http(httpSection, baseDir).withTls(httpTls, allowPlainHttp));
        StorageSettings storage = storage(top.section("storage"), baseDir);
        StoreSettings store = store(top.section("store"), storage);
        NodeSettings node = node(top.section("node"));
        RoutingSettings routing = routing(top.section("routing"), baseDir);
        CompletionDefaults completion = completion(top.section("completion"));
        JobSettings jobs = jobs(top.section("jobs"));
        DispatchSettings dispatch = dispatch(top.section("dispatch"));
        Sites sites = sites(top);
        OutputSettings outputs = OutputsReader.read(top.section("outputs"), baseDir);
        AuditSettings audit = AuditReader.read(top.section("audit"), baseDir, node.id());
        RetentionSettings retention = RetentionReader.read(top.section("retention"));
        ConfigSection value = top.section("value");
        org.varde.gateway.value.WatchSettings watch = WatchReader.read(value.section("watch"));
        value.refuseUnknownKeys();
        top.refuseUnknownKeys();
        return new GatewayConfig(dicom, http, storage, store, node, routing, completion, jobs, dispatch, null, sites,
                outputs, audit, retention, watch);
    }

    private static DicomSettings dicom(ConfigSection s) throws ConfigException {
        String aeTitle = s.string("aeTitle", "VARDE");
        checkAeTitle(s.keyPath("aeTitle"), aeTitle);
        String bind = nonBlank(s, "bind", "127.0.0.1");
        int port = s.integer("port", 11112, 1, 65535);
        int maxAssociations = s.integer("maxAssociations", 64, 1, 10_000);
        List<String> callers = s.strings("allowedCallers");
        for (int i = 0; i < callers.size(); i++) {
            CallerRule rule = CallerRule.parse(callers.get(i));
            checkAeTitle(s.keyPath("allowedCallers") + "[" + i + "]", rule.aeTitle());
            if (rule.hostOrNull() != null && rule.hostOrNull().isBlank()) {
                throw new ConfigException(s.keyPath("allowedCallers") + "[" + i + "]",
                        "must be AET or AET@host with a host after @, was \"" + callers.get(i) + "\"");
            }
        }
        // deny by default: accepting every caller is a choice someone writes down (and is warned about)
        boolean allowAnyCaller = s.bool("allowAnyCaller", false);
        int maxPdu = s.integer("maxPduLength", DEFAULT_MAX_PDU_LENGTH, MIN_PDU_LENGTH, MAX_PDU_LENGTH);
        List<String> syntaxes = uids(s, "acceptedTransferSyntaxes", uid -> TransferSyntax.isKnown(uid) ? null
                : "is not a transfer syntax of PS3.6 Table A-1: \"" + uid + "\"");
        List<String> privateSopClasses = uids(s, "privateSopClasses", ConfigLoader::notPrivateSopClass);
        DicomLimits limits = dicomLimits(s.section("limits"));
        s.refuseUnknownKeys();
        return new DicomSettings(aeTitle, bind, port, maxAssociations, callers, allowAnyCaller, maxPdu, syntaxes,
                limits).withPrivateSopClasses(privateSopClasses);
    }

    /**
     * The list under {@code key}: each a UID (PS3.5 9.1) that {@code problem} finds nothing wrong with
     * (it says why otherwise), or the key and index are refused.
     */
    private static List<String> uids(ConfigSection s, String key, Function<String, String> problem)
            throws ConfigException {
        List<String> uids = s.strings(key);
        for (int i = 0; i < uids.size(); i++) {
            String uid = uids.get(i);
            String why = UID.isValid(uid) ? problem.apply(uid)
                    : "must be a UID (PS3.5 9.1: digits and dots, at most 64 characters, no leading zeros), was \""
                            + uid + "\"";
            if (why != null) {
                throw new ConfigException(s.keyPath(key) + "[" + i + "]", why);
            }
        }
        return uids;
    }

    /** Why {@code uid} cannot be listed in {@code dicom.privateSopClasses}; null when it can. */
    private static String notPrivateSopClass(String uid) {
        if (StorageSopClasses.contains(uid)) {
            return "is a storage SOP class of PS3.4 Annex B.5, accepted without being listed: \"" + uid + "\"";
        }
        // under the DICOM root but no storage class: a query or other service, which the listener does not serve
        return uid.startsWith("1.2.840.10008.")
                ? "is a DICOM-defined UID, not a private storage SOP class: \"" + uid + "\"" : null;
    }

    /** {@code dicom.limits}: bounds on what one peer may cost (docs/configuration.md). */
    private static DicomLimits dicomLimits(ConfigSection s) throws ConfigException {
        int bulk = s.integer("bulkValueBytes", ReadLimits.DEFAULT_BULK_VALUE_BYTES, 1024, 16 << 20);
        int budget = s.integer("headerBudgetBytes", (int) ReadLimits.DEFAULT_MAX_KEPT_BYTES, 1 << 20, 1 << 30);
        if (budget < bulk) {
            throw new ConfigException(s.keyPath("headerBudgetBytes"),
                    "must be at least bulkValueBytes (" + bulk + "), was " + budget);
        }
        int ratio = s.integer("maxInflationRatio", ReadLimits.DEFAULT_MAX_INFLATION_RATIO, 2, 2000);
        int inflated = s.integer("maxInflatedBytes", (int) ReadLimits.DEFAULT_MAX_INFLATED_BYTES, 1 << 20,
                Integer.MAX_VALUE);
        int pending = s.integer("maxPendingConnections", DicomServerOptions.DEFAULT_MAX_PENDING_CONNECTIONS, 1, 10_000);
        int pendingPerHost = s.integer("maxPendingConnectionsPerHost",
                Math.min(pending, DicomServerOptions.DEFAULT_MAX_PENDING_CONNECTIONS_PER_HOST), 1, 10_000);
        if (pendingPerHost > pending) {
            throw new ConfigException(s.keyPath("maxPendingConnectionsPerHost"),
                    "must be at most maxPendingConnections (" + pending + "), was " + pendingPerHost);
        }
        int artim = s.integer("associationRequestTimeoutSeconds",
                (int) (DicomServerOptions.DEFAULT_ARTIM_MILLIS / 1000), 1, 600);
        int idle = s.integer("idleTimeoutSeconds", (int) (DicomServerOptions.DEFAULT_IDLE_MILLIS / 1000), 1, 86_400);
        s.refuseUnknownKeys();
        return new DicomLimits(new ReadLimits(bulk, budget, ratio, inflated), pending, pendingPerHost,
                Duration.ofSeconds(artim), Duration.ofSeconds(idle));
    }

    private static HttpSettings http(ConfigSection s, Path baseDir) throws ConfigException {
        if (s.has("apiTokens")) {
            // the old plain-text list: refused by name, so an upgrade says what to do instead
            throw new ConfigException(s.keyPath("apiTokens"), "tokens are no longer written in the config (it "
                    + "held them in plain text): create named tokens with `./varde token create --config FILE "
                    + "--name NAME --role viewer|operator|admin` and remove this key (docs/security.md)");
        }
        String bind = nonBlank(s, "bind", "127.0.0.1");
        int port = s.integer("port", 8080, 1, 65535);
        int idle = s.integer("idleTimeoutSeconds", (int) HttpSettings.DEFAULT_IDLE_TIMEOUT.toSeconds(), 1, 86_400);
        int maxConnections = s.integer("maxConnections", HttpSettings.DEFAULT_MAX_CONNECTIONS, 1, 100_000);
        OidcSettings oidc = oidc(s.section("oidc"), baseDir);
        s.refuseUnknownKeys();
        return new HttpSettings(bind, port, Duration.ofSeconds(idle), maxConnections, oidc, false, null, false);
    }

    private static OidcSettings oidc(ConfigSection s, Path baseDir) throws ConfigException {
        if (!s.present()) {
            return null;
        }
        String issuer = required(s, "issuer");
        String audience = required(s, "audience");
        String url = s.string("jwksUrl", null);
        String file = s.string("jwksFile", null);
        if ((url == null) == (file == null)) {
            throw new ConfigException(s.keyPath("jwksUrl"), "give exactly one of jwksUrl and jwksFile");
        }
        URI jwksUrl = url == null ? null : providerUrl(s.keyPath("jwksUrl"), url);
        Path jwksFile = file == null ? null : path(s, "jwksFile", file, baseDir);
        String roleClaim = nonBlank(s, "roleClaim", "roles");
        ConfigSection rolesSection = s.section("roles");
        Map<String, Role> roles = new LinkedHashMap<>();
        for (String value : rolesSection.keys()) {
            String word = rolesSection.string(value, null);
            Optional<Role> role = word == null ? Optional.empty() : Role.fromWord(word);
            if (role.isEmpty()) {
                throw new ConfigException(rolesSection.keyPath(value), "must be one of " + Role.words()
                        + ", was \"" + word + "\"");
            }
            roles.put(value, role.get());
        }
        if (roles.isEmpty()) {
            throw new ConfigException(s.keyPath("roles"), "map at least one value of the " + roleClaim
                    + " claim to a role (" + Role.words() + ")");
        }
        int skew = s.integer("clockSkewSeconds", 60, 0, 600);
        OidcLogin login = oidcLogin(s.section("login"));
        s.refuseUnknownKeys();
        return new OidcSettings(issuer, audience, jwksUrl, jwksFile, roleClaim, roles, Duration.ofSeconds(skew), login);
    }

    private static OidcLogin oidcLogin(ConfigSection s) throws ConfigException {
        if (!s.present()) {
            return null;
        }
        String clientId = required(s, "clientId");
        String scope = nonBlank(s, "scope", "openid");
        if (!List.of(scope.split(" +")).contains("openid")) {
            throw new ConfigException(s.keyPath("scope"), "must include openid, was \"" + scope + "\"");
        }
        URI authorization = optionalUrl(s, "authorizationEndpoint");
        URI token = optionalUrl(s, "tokenEndpoint");
        URI endSession = optionalUrl(s, "endSessionEndpoint");
        s.refuseUnknownKeys();
        return new OidcLogin(clientId, scope, authorization, token, endSession);
    }

    private static URI optionalUrl(ConfigSection s, String key) throws ConfigException {
        String text = s.string(key, null);
        return text == null ? null : providerUrl(s.keyPath(key), text);
    }

    /**
     * HTTPS, or plain HTTP to this host only: keys fetched (or a code exchanged) over a network without
     * TLS could be anyone's. Public: the discovery document's endpoints are held to the same rule.
     */
    public static URI providerUrl(String key, String text) throws ConfigException {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new ConfigException(key, "not a valid URL: " + e.getReason());
        }
        String host = uri.getHost();
        boolean loopback = "localhost".equals(host) || "127.0.0.1".equals(host) || "[::1]".equals(host);
        if (host == null || !("https".equals(uri.getScheme()) || ("http".equals(uri.getScheme()) && loopback))) {
            throw new ConfigException(key, "must be an https:// URL (http:// only to localhost), was \"" + text + "\"");
        }
        return uri;
    }

    private static String required(ConfigSection s, String key) throws ConfigException {
        String value = s.string(key, null);
        if (value == null || value.isBlank()) {
            throw new ConfigException(s.keyPath(key), "is required");
        }
        return value;
    }

    private static StorageSettings storage(ConfigSection s, Path baseDir) throws ConfigException {
        String dir = nonBlank(s, "dir", "./var");
        Path path;
        try {
            path = baseDir.resolve(dir).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new ConfigException(s.keyPath("dir"), "not a valid path: " + e.getReason());
        }
        boolean fsync = s.bool("fsync", true);
        long minFree = s.longInteger("minFreeBytes", StorageSettings.DEFAULT_MIN_FREE_BYTES, 0, Long.MAX_VALUE);
        // at least 1 MiB: smaller than any image; at most 1 TiB
        long maxInstance = s.longInteger("maxInstanceBytes", StorageSettings.DEFAULT_MAX_INSTANCE_BYTES, 1L << 20,
                1L << 40);
        s.refuseUnknownKeys();
        return new StorageSettings(path, fsync, minFree, maxInstance);
    }

    private static StoreSettings store(ConfigSection s, StorageSettings storage) throws ConfigException {
        String url = s.string("url", null);
        if (url != null && url.startsWith("postgresql://")) {
            // the libpq URI form (postgresql://host:port/db?user=...) the issue and operators use
            url = "jdbc:" + url;
        }
        if (url != null) {
            // an allow-list of parameters: H2's INIT= and pgjdbc's class-loading ones never reach a driver
            JdbcUrlPolicy.check(s.keyPath("url"), url);
        }
        boolean postgres = url != null && url.startsWith("jdbc:postgresql:");
        String sslMode = s.string("sslmode", null);
        if (sslMode != null) {
            if (!postgres) {
                throw new ConfigException(s.keyPath("sslmode"), "applies to a PostgreSQL store.url only");
            }
            if (!JdbcUrlPolicy.SSL_MODES.contains(sslMode)) {
                throw new ConfigException(s.keyPath("sslmode"), "must be one of disable, allow, prefer, require, "
                        + "verify-ca, verify-full (as libpq defines them), was \"" + sslMode + "\"");
            }
            if (JdbcUrlPolicy.namesSslMode(url)) {
                throw new ConfigException(s.keyPath("sslmode"), "is also in store.url; set it in one place");
            }
        }
        // PostgreSQL takes the user from the URL unless given here; H2's embedded default is sa
        String user = s.string("user", postgres ? null : "sa");
        String password = s.string("password", postgres ? null : "");
        int commitDelay = s.integer("commitDelayMillis", (int) StoreSettings.DEFAULT_COMMIT_DELAY.toMillis(), 0, 600_000);
        s.refuseUnknownKeys();
        return new StoreSettings(url == null ? StoreSettings.embeddedUrl(storage) : url, user, password, sslMode,
                Duration.ofMillis(commitDelay));
    }

    private static NodeSettings node(ConfigSection s) throws ConfigException {
        String id = s.string("id", null);
        if (id != null && (id.isBlank() || id.length() > 128)) {
            throw new ConfigException(s.keyPath("id"), "must be 1..128 characters, was \"" + id + "\"");
        }
        s.refuseUnknownKeys();
        return new NodeSettings(id == null ? NodeSettings.defaultId() : id);
    }

    private static RoutingSettings routing(ConfigSection s, Path baseDir) throws ConfigException {
        String algorithms = s.string("algorithms", null);
        String routes = s.string("routes", null);
        s.refuseUnknownKeys();
        if (algorithms == null && routes == null) {
            return RoutingSettings.NONE;
        }
        if (algorithms == null || routes == null) {
            String missing = algorithms == null ? "algorithms" : "routes";
            throw new ConfigException(s.keyPath(missing), "is required when routing is configured");
        }
        return new RoutingSettings(path(s, "algorithms", algorithms, baseDir), path(s, "routes", routes, baseDir));
    }

    private static Path path(ConfigSection s, String key, String value, Path baseDir) throws ConfigException {
        if (value.isBlank()) {
            throw new ConfigException(s.keyPath(key), "must not be empty");
        }
        try {
            return baseDir.resolve(value).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new ConfigException(s.keyPath(key), "not a valid path: " + e.getReason());
        }
    }

    private static CompletionDefaults completion(ConfigSection s) throws ConfigException {
        int idle = s.integer("defaultIdleSeconds", 60, 1, 86_400);
        int grace = s.integer("mppsGraceSeconds", 30, 0, 86_400);
        int settle = s.integer("seriesSettleSeconds", (int) CompletionDefaults.DEFAULT_SERIES_SETTLE.toSeconds(),
                1, 3_600);
        s.refuseUnknownKeys();
        return new CompletionDefaults(Duration.ofSeconds(idle), Duration.ofSeconds(grace), Duration.ofSeconds(settle));
    }

    private static JobSettings jobs(ConfigSection s) throws ConfigException {
        int lease = s.integer("leaseSeconds", 30, 2, 3600);
        int maxAttempts = s.integer("maxAttempts", 5, 1, 100);
        int base = s.integer("backoffBaseSeconds", 15, 1, 86_400);
        int cap = s.integer("backoffCapSeconds", 900, 1, 86_400);
        if (cap < base) {
            throw new ConfigException(s.keyPath("backoffCapSeconds"),
                    "must be at least backoffBaseSeconds (" + base + "), was " + cap);
        }
        s.refuseUnknownKeys();
        return new JobSettings(Duration.ofSeconds(lease), maxAttempts,
                new Backoff(Duration.ofSeconds(base), Duration.ofSeconds(cap)));
    }

    private static DispatchSettings dispatch(ConfigSection s) throws ConfigException {
        String aeTitle = s.string("callingAeTitle", "VARDE");
        checkAeTitle(s.keyPath("callingAeTitle"), aeTitle);
        String resultsAeTitle = s.string("resultsAeTitle", DispatchSettings.DEFAULT_RESULTS_AE_TITLE);
        checkAeTitle(s.keyPath("resultsAeTitle"), resultsAeTitle);
        s.refuseUnknownKeys();
        return new DispatchSettings(aeTitle, resultsAeTitle);
    }

    /**
     * {@code sites:} the hospitals this gateway serves. Names are unique and safe for labels and URLs;
     * every AE title and institution name belongs to one site at most, so a study's site is never a
     * matter of list order; a site that no study could match is refused as a mistake.
     */
    private static Sites sites(ConfigSection top) throws ConfigException {
        List<Site> sites = new java.util.ArrayList<>();
        java.util.Map<String, String> aeOwner = new java.util.HashMap<>();
        java.util.Map<String, String> institutionOwner = new java.util.HashMap<>();
        for (ConfigSection s : top.sections("sites")) {
            String name = required(s, "name");
            if (!SITE_NAME.matcher(name).matches() || Sites.UNASSIGNED.equals(name)) {
                throw new ConfigException(s.keyPath("name"), "must be 1..64 of a-z, 0-9, '.', '_', '-' starting "
                        + "with a letter or digit, and not \"" + Sites.UNASSIGNED + "\"; was \"" + name + "\"");
            }
            if (sites.stream().anyMatch(site -> site.name().equals(name))) {
                throw new ConfigException(s.keyPath("name"), "site \"" + name + "\" is listed twice");
            }
            List<String> aeTitles = s.strings("callingAeTitles");
            for (int i = 0; i < aeTitles.size(); i++) {
                String key = s.keyPath("callingAeTitles") + "[" + i + "]";
                checkAeTitle(key, aeTitles.get(i));
                String other = aeOwner.putIfAbsent(aeTitles.get(i).trim(), name);
                if (other != null) {
                    throw new ConfigException(key, aeTitles.get(i) + " already belongs to site \"" + other + "\"");
                }
            }
            List<String> institutions = s.strings("institutionNames");
            for (int i = 0; i < institutions.size(); i++) {
                String key = s.keyPath("institutionNames") + "[" + i + "]";
                // PS3.5 Table 6.2-1: Institution Name is LO, at most 64 characters
                if (institutions.get(i).isBlank() || institutions.get(i).length() > 64) {
                    throw new ConfigException(key, "must be 1..64 characters (LO), was \"" + institutions.get(i) + "\"");
                }
                String other = institutionOwner.putIfAbsent(
                        Sites.normalise(institutions.get(i)), name);
                if (other != null) {
                    throw new ConfigException(key, "\"" + institutions.get(i) + "\" already belongs to site \"" + other + "\"");
                }
            }
            s.refuseUnknownKeys();
            if (aeTitles.isEmpty() && institutions.isEmpty()) {
                throw new ConfigException(s.keyPath("callingAeTitles"),
                        "give callingAeTitles or institutionNames: no study could belong to site \"" + name + "\"");
            }
            sites.add(new Site(name, aeTitles, institutions));
        }
        return new Sites(sites);
    }

    private static final java.util.regex.Pattern SITE_NAME = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    private static String nonBlank(ConfigSection s, String key, String dflt) throws ConfigException {
        String value = s.string(key, dflt);
        if (value.isBlank()) {
            throw new ConfigException(s.keyPath(key), "must not be empty");
        }
        return value;
    }

    /** PS3.5 6.2: AE is 1..16 characters of the default repertoire, no backslash, no control characters. */
    static void checkAeTitle(String key, String aeTitle) throws ConfigException {
        if (aeTitle.isBlank() || aeTitle.length() > 16) {
            throw new ConfigException(key, "must be an AE title of 1..16 characters, was \"" + aeTitle + "\"");
        }
        for (int i = 0; i < aeTitle.length(); i++) {
            char c = aeTitle.charAt(i);
            if (c < 0x20 || c > 0x7E || c == '\\') {
                throw new ConfigException(key, "must use printable ASCII without backslash, was \"" + aeTitle + "\"");
            }
        }
    }
}
