package org.varde.gateway;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.varde.dicom.tls.CertificateWatch;
import org.varde.dicom.tls.TlsContext;
import org.varde.dicom.tls.TlsSettings;
import org.varde.gateway.config.GatewayConfig;
import org.varde.gateway.metrics.GatewayMetrics;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The TLS material of the gateway's listeners ({@code dicom.tls}, {@code http.tls}): loaded before
 * anything opens, so a certificate that does not load stops the start with its file named; then
 * watched for renewal, reloaded with the configuration, and reported as
 * {@code varde_tls_certificate_expiry_seconds{name}}.
 */
final class GatewayTls {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayTls.class);
    /** Warn this long before the certificate in force expires. */
    private static final Duration EXPIRY_WARNING = Duration.ofDays(30);

    private final TlsContext dicom;
    private final TlsContext http;
    private final List<CertificateWatch> watches = new ArrayList<>();

    private GatewayTls(TlsContext dicom, TlsContext http) {
        this.dicom = dicom;
        this.http = http;
    }

    /** Blocking: reads the certificate files. */
    static GatewayTls load(Vertx vertx, GatewayConfig config) throws Exception {
        TlsContext dicom = config.dicom().tls() == null ? null : load(vertx, "dicom.tls", config.dicom().tls().settings());
        TlsContext http = config.http().tls() == null ? null : load(vertx, "http.tls", config.http().tls().settings());
        return new GatewayTls(dicom, http);
    }

    private static TlsContext load(Vertx vertx, String key, TlsSettings settings) throws Exception {
        TlsContext context;
        try {
            context = TlsContext.load(vertx, settings);
        } catch (Exception e) {
            throw new IllegalStateException(key + ": the certificate does not load: " + e.getMessage(), e);
        }
        X509Certificate certificate = context.certificate();
        LOG.info("{}: {} profile {}, client certificates {}", key, CertificateWatch.describe(certificate),
                settings.profile().word(), settings.clientAuth().word());
        warnIfExpiring(key, certificate);
        return context;
    }

    private static void warnIfExpiring(String key, X509Certificate certificate) {
        Instant notAfter = certificate.getNotAfter().toInstant();
        if (notAfter.isBefore(Instant.now())) {
            LOG.error("{}: the certificate expired at {}: peers will refuse every connection", key, notAfter);
        } else if (notAfter.isBefore(Instant.now().plus(EXPIRY_WARNING))) {
            LOG.warn("{}: the certificate expires at {}; renew it (new files are picked up without a restart)", key,
                    notAfter);
        }
    }

    TlsContext dicom() {
        return dicom;
    }

    TlsContext http() {
        return http;
    }

    /** Watches one listener's files and reports its certificate's expiry. */
    Future<Void> watch(Vertx vertx, String name, TlsContext context, Duration every,
                       Function<TlsContext, Future<?>> apply, GatewayMetrics metrics) {
        CertificateWatch watch = new CertificateWatch(vertx, name, context, apply);
        watches.add(watch);
        metrics.watchCertificate(name, watch::certificate);
        return watch.start(every.toMillis());
    }

    /** Loads every listener's files again (the config reload); a failure is logged and the old certificate stays. */
    Future<Void> reload() {
        List<Future<?>> reloads = new ArrayList<>();
        for (CertificateWatch watch : watches) {
            reloads.add(watch.reload().recover(e -> Future.succeededFuture()));
        }
        return Future.join(reloads).mapEmpty();
    }

    void stop() {
        watches.forEach(CertificateWatch::stop);
    }
}
