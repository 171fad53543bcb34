package org.varde.gateway.config;

import org.varde.dicom.tls.ClientAuthMode;
import org.varde.dicom.tls.TlsConfigException;
import org.varde.dicom.tls.TlsSettings;
import org.varde.dicom.tls.TlsSettingsReader;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * The listeners' {@code tls:} blocks ({@code dicom.tls}, {@code http.tls}), read by the same
 * {@link TlsSettingsReader} as an endpoint's, plus the keys only a listener has; and the rule that
 * plain HTTP stays on loopback.
 */
final class TlsBlocks {
    static final int DEFAULT_RELOAD_CHECK_SECONDS = 60;
    private static final String RELOAD = "reloadCheckSeconds";

    private TlsBlocks() {
    }

    static DicomTls dicom(ConfigSection dicom, Path baseDir) throws ConfigException {
        Map<String, Object> block = dicom.plainMapping("tls");
        if (block == null) {
            return null;
        }
        TlsSettings settings = read(block, dicom.keyPath("tls"), baseDir, Set.of("port", "keepPlainPort", RELOAD),
                ClientAuthMode.REQUIRED);
        int port = integer(block, dicom.keyPath("tls"), "port", DicomTls.DEFAULT_PORT, 1, 65535);
        boolean keepPlain = bool(block, dicom.keyPath("tls"), "keepPlainPort", true);
        int reload = integer(block, dicom.keyPath("tls"), RELOAD, DEFAULT_RELOAD_CHECK_SECONDS, 1, 86_400);
        return new DicomTls(port, keepPlain, Duration.ofSeconds(reload), settings);
    }

    static HttpTls http(ConfigSection http, Path baseDir) throws ConfigException {
        Map<String, Object> block = http.plainMapping("tls");
        if (block == null) {
            return null;
        }
        // browsers and API clients authenticate with tokens: no client certificate unless asked for
        TlsSettings settings = read(block, http.keyPath("tls"), baseDir, Set.of(RELOAD), ClientAuthMode.NONE);
        int reload = integer(block, http.keyPath("tls"), RELOAD, DEFAULT_RELOAD_CHECK_SECONDS, 1, 86_400);
        return new HttpTls(Duration.ofSeconds(reload), settings);
    }

    /** The TLS listener needs a port of its own while the plain one stays open. */
    static DicomSettings checkPorts(DicomSettings dicom) throws ConfigException {
        if (dicom.tls() != null && dicom.tls().keepPlainPort() && dicom.tls().port() == dicom.port()) {
            throw new ConfigException("dicom.tls.port", "must differ from dicom.port (" + dicom.port()
                    + ") while the plain port stays open; set dicom.tls.keepPlainPort: false for TLS only");
        }
        return dicom;
    }

    /**
     * Plain HTTP carries bearer tokens and patient data in clear: it is refused on any address but
     * loopback unless the operator says a TLS-terminating proxy on the same host fronts Varde.
     */
    static HttpSettings checkPlainHttp(HttpSettings http) throws ConfigException {
        if (http.tls() == null && !http.allowPlainHttp() && !isLoopback(http.bind())) {
            throw new ConfigException("http.bind", "is " + http.bind() + ", not a loopback address, and http.tls is "
                    + "not set: API tokens and patient data would cross the network in clear. Configure http.tls, "
                    + "bind 127.0.0.1, or set http.allowPlainHttp: true if a TLS-terminating proxy fronts Varde");
        }
        return http;
    }

    /** Literal addresses only (no DNS at config load): 127.0.0.0/8, ::1 and the name localhost. */
    static boolean isLoopback(String bind) {
        if (bind.equalsIgnoreCase("localhost")) {
            return true;
        }
        boolean literal = bind.matches("[0-9.]+") || bind.contains(":");
        if (!literal) {
            return false;
        }
        try {
            return InetAddress.getByName(bind).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static TlsSettings read(Map<String, Object> block, String keyPath, Path baseDir, Set<String> ownKeys,
                                    ClientAuthMode clientAuthWhenAbsent) throws ConfigException {
        try {
            return TlsSettingsReader.readListener(block, keyPath, baseDir, ownKeys, clientAuthWhenAbsent);
        } catch (TlsConfigException e) {
            throw new ConfigException(e.key(), e.getMessage());
        }
    }

    private static int integer(Map<String, Object> block, String keyPath, String key, int dflt, int min, int max)
            throws ConfigException {
        Object value = block.get(key);
        if (value == null) {
            return dflt;
        }
        if (!(value instanceof Integer number) || number < min || number > max) {
            throw new ConfigException(keyPath + "." + key, "must be an integer " + min + ".." + max + ", was " + value);
        }
        return number;
    }

    private static boolean bool(Map<String, Object> block, String keyPath, String key, boolean dflt)
            throws ConfigException {
        Object value = block.get(key);
        if (value == null) {
            return dflt;
        }
        if (!(value instanceof Boolean flag)) {
            throw new ConfigException(keyPath + "." + key, "must be true or false, was " + value);
        }
        return flag;
    }
}
