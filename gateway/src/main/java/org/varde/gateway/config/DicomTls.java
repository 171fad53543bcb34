package org.varde.gateway.config;

import org.varde.dicom.tls.TlsSettings;

import java.time.Duration;
import java.util.Objects;

/**
 * {@code dicom.tls}: a second DICOM listener, on its own port (2762, the DICOM-TLS port of PS3.15
 * B.1, by default), that speaks DICOM over TLS. The plain {@code dicom.port} stays open beside it
 * unless {@code keepPlainPort: false}: sites move modality by modality.
 *
 * @param reloadCheck how often the certificate files are checked for a renewal
 */
public record DicomTls(int port, boolean keepPlainPort, Duration reloadCheck, TlsSettings settings) {
    public static final int DEFAULT_PORT = 2762;

    public DicomTls {
        Objects.requireNonNull(reloadCheck, "reloadCheck");
        Objects.requireNonNull(settings, "settings");
    }

    public DicomTls withPort(int newPort) {
        return new DicomTls(newPort, keepPlainPort, reloadCheck, settings);
    }
}
