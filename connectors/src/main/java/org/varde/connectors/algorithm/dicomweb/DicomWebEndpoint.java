package org.varde.connectors.algorithm.dicomweb;

import org.varde.connectors.algorithm.AlgorithmEndpoint;
import org.varde.dicom.tls.TlsSettings;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A vendor's DICOMweb service (PS3.18): the base URL its STOW-RS, QIDO-RS and WADO-RS paths hang off
 * ({@code <url>/studies}), how Varde authenticates, TLS towards it, and how its result comes back.
 *
 * @param tlsOrNull          for an https URL: the CAs (and our client certificate) to use instead of the
 *                           JDK's; null means the JDK's trust store (and plain TCP for http)
 * @param connectTimeout     for the TCP (and TLS) connection alone; the whole call is bounded by the
 *                           algorithm's {@code timeoutSeconds}
 * @param results            push (the vendor stores its result at Varde) or poll (Varde asks)
 * @param pollInterval       between two QIDO-RS queries when polling
 */
public record DicomWebEndpoint(URI url, DicomWebAuth auth, TlsSettings tlsOrNull, Duration connectTimeout,
                               ResultReturn results, Duration pollInterval) implements AlgorithmEndpoint {
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(10);

    /** No authentication, the JDK's trust, results pushed. */
    public DicomWebEndpoint(URI url) {
        this(url, DicomWebAuth.NONE, null, DEFAULT_CONNECT_TIMEOUT, ResultReturn.PUSH, DEFAULT_POLL_INTERVAL);
    }

    public DicomWebEndpoint {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(results, "results");
        Objects.requireNonNull(pollInterval, "pollInterval");
        // "<url>/studies" must not become "<url>//studies"
        String text = url.toString();
        if (text.endsWith("/")) {
            url = URI.create(text.substring(0, text.length() - 1));
        }
    }

    /** {@code <url>/<path>}, path without a leading slash. */
    public URI resolve(String path) {
        return URI.create(url + "/" + path);
    }

    public boolean https() {
        return "https".equals(url.getScheme());
    }

    @Override
    public String protocol() {
        return DicomWebProtocol.NAME;
    }

    @Override
    public String describe() {
        return url.toString();
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("protocol", protocol());
        settings.put("url", url.toString());
        // the scheme only: the secret stays in its file
        settings.put("auth", auth.scheme());
        if (tlsOrNull != null) {
            settings.put("tls", Map.of("profile", tlsOrNull.profile().word()));
        }
        settings.put("connectTimeoutSeconds", connectTimeout.toSeconds());
        settings.put("results", results.word());
        if (results == ResultReturn.POLL) {
            settings.put("pollIntervalSeconds", pollInterval.toSeconds());
        }
        return settings;
    }

    /** The same vendor at another base URL (tests and the demo move a sandbox whose port is taken). */
    public DicomWebEndpoint at(URI newUrl) {
        return new DicomWebEndpoint(newUrl, auth, tlsOrNull, connectTimeout, results, pollInterval);
    }
}
