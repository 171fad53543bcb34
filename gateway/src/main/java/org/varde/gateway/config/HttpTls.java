package org.varde.gateway.config;

import org.varde.dicom.tls.TlsSettings;

import java.time.Duration;
import java.util.Objects;

/**
 * {@code http.tls}: HTTPS on {@code http.port} for the API, the web UI, {@code /health} and {@code /metrics}.
 *
 * @param reloadCheck how often the certificate files are checked for a renewal
 */
public record HttpTls(Duration reloadCheck, TlsSettings settings) {
    public HttpTls {
        Objects.requireNonNull(reloadCheck, "reloadCheck");
        Objects.requireNonNull(settings, "settings");
    }
}
