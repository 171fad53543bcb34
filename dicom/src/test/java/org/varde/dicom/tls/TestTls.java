package org.varde.dicom.tls;

import io.vertx.core.Vertx;

import javax.net.ssl.SSLSocket;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.util.List;

/** Settings for the TLS tests, built as the config reader would, and a JDK client that reports what it saw. */
public final class TestTls {
    private TestTls() {
    }

    /** A listener with {@code server}'s PEM files that trusts {@code ca} for client certificates. */
    public static TlsSettings listener(TestPki.Issued server, TestPki.Issued ca, ClientAuthMode clientAuth,
                                       List<String> allowedPeers) {
        return new TlsSettings(TlsProfile.BCP195_NON_DOWNGRADING,
                KeyMaterial.pem(server.certificateFile(), server.keyFile()), TrustMaterial.pem(ca.certificateFile()),
                clientAuth, PeerAllowList.parse(allowedPeers));
    }

    /** A client presenting {@code own} (null: no certificate) and trusting {@code ca}. */
    public static TlsSettings client(TestPki.Issued own, TestPki.Issued ca) {
        return new TlsSettings(TlsProfile.BCP195_NON_DOWNGRADING,
                own == null ? null : KeyMaterial.pem(own.certificateFile(), own.keyFile()),
                TrustMaterial.pem(ca.certificateFile()), ClientAuthMode.NONE, PeerAllowList.ANY);
    }

    /** Handshakes with a JDK socket and returns the serial number of the certificate the server presented. */
    public static BigInteger serverSerial(Vertx vertx, TlsSettings client, int port) throws Exception {
        TlsContext context = TlsContext.load(vertx, client);
        try (SSLSocket socket = (SSLSocket) context.sslContext().getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setSSLParameters(context.sslParameters());
            socket.setSoTimeout(15_000);
            socket.startHandshake();
            return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
        }
    }
}
