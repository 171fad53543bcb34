package org.varde.dicom.tls;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Certificate renewal without a restart: the files of a listener's {@code tls} block are checked
 * every {@code checkMillis} (modification time and size), and {@link #reload()} can be called at any
 * time (the config reload does). A new context is loaded off the event loop and handed to the
 * listener ({@code updateSSLOptions}): connections made from then on get the new certificate, open
 * ones keep theirs. Files that do not load (half-written, wrong key) are refused with an ERROR and
 * the certificate in force stays.
 */
public final class CertificateWatch {
    private static final Logger LOG = LoggerFactory.getLogger(CertificateWatch.class);

    private final Vertx vertx;
    private final String name;
    private final TlsSettings settings;
    private final Function<TlsContext, Future<?>> apply;
    private volatile TlsContext current;
    private List<Stamp> lastSeen;
    private long timer = -1;
    private boolean checking;

    private record Stamp(Path file, long modified, long size) {
    }

    /**
     * @param name    which listener, for logs and the metric ({@code dicom}, {@code http})
     * @param initial the context the listener started with
     * @param apply   gives a new context to the listener; its future completes when new connections use it
     */
    public CertificateWatch(Vertx vertx, String name, TlsContext initial, Function<TlsContext, Future<?>> apply) {
        this.vertx = vertx;
        this.name = name;
        this.settings = initial.settings();
        this.apply = apply;
        this.current = initial;
    }

    public String name() {
        return name;
    }

    /** The certificate new connections get now. */
    public X509Certificate certificate() {
        return current.certificate();
    }

    /** Starts the periodic check; the files as they are now are the baseline. */
    public Future<Void> start(long checkMillis) {
        return vertx.executeBlocking(this::stamps, false).map(now -> {
            lastSeen = now;
            timer = vertx.setPeriodic(checkMillis, id -> check());
            return null;
        });
    }

    public void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
    }

    private void check() {
        if (checking) {
            return;
        }
        checking = true;
        vertx.executeBlocking(this::stamps, false).compose(now -> {
            if (now.equals(lastSeen)) {
                return Future.succeededFuture();
            }
            lastSeen = now;
            return reload("files changed").recover(e -> Future.succeededFuture());
        }).onComplete(done -> checking = false);
    }

    /** Loads the files again and hands the result to the listener; fails (and keeps the old one) if they do not load. */
    public Future<X509Certificate> reload() {
        return reload("requested");
    }

    private Future<X509Certificate> reload(String cause) {
        return vertx.executeBlocking(() -> TlsContext.load(vertx, settings), false)
                .compose(next -> apply.apply(next).map(applied -> {
                    current = next;
                    LOG.info("TLS {}: certificate loaded ({}): {}", name, cause, describe(next.certificate()));
                    return next.certificate();
                }))
                .onFailure(e -> LOG.error("TLS {}: new certificate files refused ({}), the certificate in force stays: {}",
                        name, cause, e.getMessage()));
    }

    /** Subject, serial and expiry: what an administrator checks against the CA's records. */
    public static String describe(X509Certificate certificate) {
        if (certificate == null) {
            return "none";
        }
        return certificate.getSubjectX500Principal().getName() + " serial " + certificate.getSerialNumber().toString(16)
                + " valid until " + certificate.getNotAfter().toInstant();
    }

    private List<Stamp> stamps() {
        List<Stamp> stamps = new ArrayList<>();
        for (Path file : settings.files()) {
            try {
                stamps.add(new Stamp(file, Files.getLastModifiedTime(file).toMillis(), Files.size(file)));
            } catch (IOException e) {
                // a file being replaced may be missing for a moment: that is a change, and the reload says why
                stamps.add(new Stamp(file, -1, -1));
            }
        }
        return stamps;
    }
}
