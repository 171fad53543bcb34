package org.varde.connectors.algorithm.dicomweb;

import io.vertx.core.Vertx;
import org.varde.dicom.tls.TlsContext;
import org.varde.dicom.tls.TlsSettings;

import java.io.IOException;
import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JDK HTTP clients the DICOMweb adapter calls vendors with: one per connect timeout and TLS block,
 * so connections to a vendor are kept alive between dispatches. HTTP/1.1: vendors' DICOMweb servers
 * rarely speak h2c, and an upgrade attempt on a POST only costs. Redirects are never followed: a
 * study is not sent anywhere the catalogue does not name.
 */
final class HttpClients {
    private record Key(Duration connectTimeout, TlsSettings tlsOrNull) {
    }

    private final Vertx vertx;
    private final Map<Key, HttpClient> clients = new ConcurrentHashMap<>();

    HttpClients(Vertx vertx) {
        this.vertx = vertx;
    }

    /** Blocking the first time for a TLS block (its files are read): call on a worker. */
    HttpClient forEndpoint(DicomWebEndpoint endpoint) throws IOException, GeneralSecurityException {
        Key key = new Key(endpoint.connectTimeout(), endpoint.tlsOrNull());
        HttpClient client = clients.get(key);
        if (client == null) {
            client = build(key);
            HttpClient raced = clients.putIfAbsent(key, client);
            client = raced == null ? client : raced;
        }
        return client;
    }

    private HttpClient build(Key key) throws IOException, GeneralSecurityException {
        HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(key.connectTimeout());
        if (key.tlsOrNull() != null) {
            // the same TLS code as every other client of Varde's (profile suites, RFC 6125 host names)
            TlsContext tls = TlsContext.load(vertx, key.tlsOrNull());
            builder.sslContext(tls.sslContext()).sslParameters(tls.sslParameters());
        }
        return builder.build();
    }
}
