package org.varde.connectors.algorithm.dicom;

import org.varde.connectors.algorithm.AlgorithmEndpoint;
import org.varde.dicom.tls.TlsSettings;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A vendor's storage SCP, as the catalogue names it and the DICOM adapter calls it.
 *
 * @param aeTitle the vendor's AE title (the called AE title of our association)
 * @param tls     TLS towards the vendor (PS3.15 B.10, B.12), or null for plain TCP
 */
public record DicomEndpoint(String host, int port, String aeTitle, TlsSettings tls) implements AlgorithmEndpoint {
    /** Plain TCP. */
    public DicomEndpoint(String host, int port, String aeTitle) {
        this(host, port, aeTitle, null);
    }

    public DicomEndpoint {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(aeTitle, "aeTitle");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535, was " + port);
        }
    }

    @Override
    public String protocol() {
        return DicomProtocol.NAME;
    }

    @Override
    public String describe() {
        return aeTitle + "@" + host + ":" + port + (tls == null ? "" : " (TLS)");
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("protocol", protocol());
        settings.put("host", host);
        settings.put("port", port);
        settings.put("aeTitle", aeTitle);
        if (tls != null) {
            // the profile only: file names are the host's business, passwords are secrets
            settings.put("tls", Map.of("profile", tls.profile().word()));
        }
        return settings;
    }

    /** The same vendor at another port (the demo moves a sandbox vendor whose port is taken). */
    public DicomEndpoint atPort(int newPort) {
        return new DicomEndpoint(host, newPort, aeTitle, tls);
    }
}
