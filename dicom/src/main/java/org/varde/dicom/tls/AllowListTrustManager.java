package org.varde.dicom.tls;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

/**
 * PKIX validation by the CAs first (chain, dates, and on the client side the host name), then the
 * allow-list: a peer refused here fails the TLS handshake itself (a certificate_unknown alert), so
 * no DICOM byte is read from it.
 */
final class AllowListTrustManager extends X509ExtendedTrustManager {
    private final X509ExtendedTrustManager cas;
    private final PeerAllowList allowed;

    AllowListTrustManager(X509ExtendedTrustManager cas, PeerAllowList allowed) {
        this.cas = cas;
        this.allowed = allowed;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        cas.checkClientTrusted(chain, authType, socket);
        checkAllowed(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        cas.checkServerTrusted(chain, authType, socket);
        checkAllowed(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        cas.checkClientTrusted(chain, authType, engine);
        checkAllowed(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        cas.checkServerTrusted(chain, authType, engine);
        checkAllowed(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        cas.checkClientTrusted(chain, authType);
        checkAllowed(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        cas.checkServerTrusted(chain, authType);
        checkAllowed(chain);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return cas.getAcceptedIssuers();
    }

    private void checkAllowed(X509Certificate[] chain) throws CertificateException {
        if (!allowed.permits(chain[0])) {
            throw new CertificateException("peer certificate " + chain[0].getSubjectX500Principal().getName()
                    + " (sha256 " + PeerAllowList.fingerprintOf(chain[0]) + ") is not on the allow-list");
        }
    }
}
