package org.varde.dicom.tls;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.net.ClientOptionsBase;
import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.ServerSSLOptions;
import io.vertx.core.net.TrustOptions;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The TLS material of one end, read from its files at one moment: our key and certificate, the CAs
 * and allow-list that judge the peer, the profile's versions and suites. It hands them out in the
 * shapes the clients need: Vert.x options for NetServer/HttpServer (listeners), NetClient (DICOM) and
 * HttpClient/WebClient (DICOMweb, REST), and a JDK {@link SSLContext} for clients outside Vert.x
 * (HAPI FHIR, {@code java.net.http}). A client always verifies the server's host name (RFC 9325 7.3,
 * RFC 6125); there is no switch to turn that off.
 *
 * <p>{@link #load} reads files: call it on a worker thread. A new certificate is a new context.
 */
public final class TlsContext {
    /** PS3.15 B.10 allows no renegotiation to a weaker suite; a handshake that stalls is cut. */
    private static final long HANDSHAKE_TIMEOUT_SECONDS = 10;
    private static final String VERIFY_HOST_NAME = "HTTPS";

    private final TlsSettings settings;
    private final KeyMaterial.Loaded key;
    private final X509ExtendedTrustManager trust;

    private TlsContext(TlsSettings settings, KeyMaterial.Loaded key, X509ExtendedTrustManager trust) {
        this.settings = settings;
        this.key = key;
        this.trust = trust;
    }

    /** Reads the files now. Blocking. */
    public static TlsContext load(Vertx vertx, TlsSettings settings) throws IOException, GeneralSecurityException {
        KeyMaterial.Loaded key = settings.key() == null ? null : settings.key().load(vertx);
        X509ExtendedTrustManager cas = settings.trust() == null ? TrustMaterial.jdkDefault() : settings.trust().load();
        X509ExtendedTrustManager trust = settings.allowedPeers().isEmpty() ? cas
                : new AllowListTrustManager(cas, settings.allowedPeers());
        return new TlsContext(settings, key, trust);
    }

    public TlsSettings settings() {
        return settings;
    }

    /** Our certificate (the leaf), or null for a client without one. */
    public X509Certificate certificate() {
        return key == null ? null : key.chain().get(0);
    }

    /** For a listener: applied to its options before it listens. */
    public <T extends NetServerOptions> T applyTo(T options) {
        ServerSSLOptions ssl = serverOptions();
        options.setSsl(true);
        options.setKeyCertOptions(ssl.getKeyCertOptions());
        options.setTrustOptions(ssl.getTrustOptions());
        options.setEnabledSecureTransportProtocols(ssl.getEnabledSecureTransportProtocols());
        ssl.getEnabledCipherSuites().forEach(options::addEnabledCipherSuite);
        options.setClientAuth(ssl.getClientAuth());
        options.setSslHandshakeTimeout(HANDSHAKE_TIMEOUT_SECONDS);
        return options;
    }

    /** For a running listener: {@code updateSSLOptions(context.serverOptions(), true)} swaps the certificate. */
    public ServerSSLOptions serverOptions() {
        if (key == null) {
            throw new IllegalStateException("a TLS listener needs its own certificate");
        }
        ServerSSLOptions ssl = new ServerSSLOptions()
                .setKeyCertOptions(KeyCertOptions.wrap(key.keyManagers()))
                .setClientAuth(settings.clientAuth().vertx())
                .setEnabledSecureTransportProtocols(new LinkedHashSet<>(TlsProfile.PROTOCOLS))
                .setSslHandshakeTimeout(HANDSHAKE_TIMEOUT_SECONDS);
        if (settings.clientAuth() != ClientAuthMode.NONE) {
            ssl.setTrustOptions(TrustOptions.wrap(trust));
        }
        settings.profile().cipherSuites().forEach(ssl::addEnabledCipherSuite);
        return ssl;
    }

    /** For a DICOM NetClient connection ({@code ConnectOptions.setSslOptions}). */
    public ClientSSLOptions clientOptions() {
        ClientSSLOptions ssl = new ClientSSLOptions()
                .setTrustOptions(TrustOptions.wrap(trust))
                .setHostnameVerificationAlgorithm(VERIFY_HOST_NAME)
                .setEnabledSecureTransportProtocols(new LinkedHashSet<>(TlsProfile.PROTOCOLS))
                .setSslHandshakeTimeout(HANDSHAKE_TIMEOUT_SECONDS);
        if (key != null) {
            ssl.setKeyCertOptions(KeyCertOptions.wrap(key.keyManagers()));
        }
        settings.profile().cipherSuites().forEach(ssl::addEnabledCipherSuite);
        return ssl;
    }

    /** For a Vert.x HttpClient or WebClient: TLS on, host name verified, our suites. */
    public <T extends HttpClientOptions> T applyTo(T options) {
        applyToClient(options);
        options.setVerifyHost(true);
        return options;
    }

    private void applyToClient(ClientOptionsBase options) {
        ClientSSLOptions ssl = clientOptions();
        options.setSsl(true);
        options.setTrustOptions(ssl.getTrustOptions());
        if (ssl.getKeyCertOptions() != null) {
            options.setKeyCertOptions(ssl.getKeyCertOptions());
        }
        options.setEnabledSecureTransportProtocols(ssl.getEnabledSecureTransportProtocols());
        ssl.getEnabledCipherSuites().forEach(options::addEnabledCipherSuite);
        options.setSslHandshakeTimeout(HANDSHAKE_TIMEOUT_SECONDS);
    }

    /** For a client outside Vert.x; use with {@link #sslParameters()}, which turns on host name verification. */
    public SSLContext sslContext() throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        KeyManager[] keyManagers = key == null ? null : key.keyManagers().getKeyManagers();
        context.init(keyManagers, new TrustManager[] {trust}, null);
        return context;
    }

    /** The profile's versions and suites, and RFC 6125 host name verification. */
    public SSLParameters sslParameters() {
        SSLParameters parameters = new SSLParameters(settings.profile().cipherSuites().toArray(String[]::new),
                TlsProfile.PROTOCOLS.toArray(String[]::new));
        parameters.setEndpointIdentificationAlgorithm(VERIFY_HOST_NAME);
        return parameters;
    }

    /** Our chain, leaf first; empty for a client without a certificate. */
    public List<X509Certificate> chain() {
        return key == null ? List.of() : key.chain();
    }
}
