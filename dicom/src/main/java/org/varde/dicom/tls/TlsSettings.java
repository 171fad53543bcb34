package org.varde.dicom.tls;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * TLS for one end of a connection, as configured: the profile, our certificate (required on a
 * listener, optional for a client that is not asked for one), the CAs that vouch for the peer, whether
 * a listener asks for a client certificate, and which peer certificates are let in. Built from config
 * ({@link TlsSettingsReader}); nothing is read from disk until {@link TlsContext#load}.
 *
 * @param key         our certificate and key; null for a client without one
 * @param trust       CAs for the peer's certificate; null means the JDK's CAs (clients only)
 * @param clientAuth  listeners only; clients ignore it
 * @param allowedPeers on a listener the client certificates let in; on a client the server
 *                     certificates accepted (pinning)
 */
public record TlsSettings(TlsProfile profile, KeyMaterial key, TrustMaterial trust, ClientAuthMode clientAuth,
                          PeerAllowList allowedPeers) {
    public TlsSettings {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(clientAuth, "clientAuth");
        Objects.requireNonNull(allowedPeers, "allowedPeers");
    }

    /** Every file read, to watch for a new certificate. */
    public List<java.nio.file.Path> files() {
        List<java.nio.file.Path> files = new ArrayList<>();
        if (key != null) {
            files.addAll(key.files());
        }
        if (trust != null) {
            files.addAll(trust.files());
        }
        return files;
    }
}
