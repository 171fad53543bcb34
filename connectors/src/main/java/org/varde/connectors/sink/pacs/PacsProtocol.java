package org.varde.connectors.sink.pacs;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.varde.connectors.algorithm.AdapterEnvironment;
import org.varde.connectors.algorithm.dicom.DicomProtocol;
import org.varde.connectors.config.ConfigBlock;
import org.varde.connectors.config.ConfigBlockException;
import org.varde.connectors.sink.DeliveryContent;
import org.varde.connectors.sink.PreparedDelivery;
import org.varde.connectors.sink.ResultSink;
import org.varde.connectors.sink.SinkFailure;
import org.varde.connectors.sink.SinkProtocol;
import org.varde.dicom.net.DicomClient;
import org.varde.dicom.net.DicomClientOptions;
import org.varde.dicom.net.StoreOutcome;
import org.varde.dicom.net.StoreScu;
import org.varde.dicom.tls.TlsSettings;

/**
 * {@code type: pacs}: the result as a TID 1500 SR (and optionally a summary image) by C-STORE.
 * <pre>
 * outputs:
 *   pacs:
 *     type: pacs
 *     host: pacs.hospital.example
 *     port: 104
 *     aeTitle: PACS
 *     summaryImage: false        # also a Secondary Capture for viewers without SR
 *     uidRoot: "2.25"            # root of the UIDs Varde derives for what it writes
 *     deviceSerialNumber: gw-1   # this gateway, in the SR's equipment modules (default: host name)
 *     timeoutSeconds: 60
 *     tls: { ... }               # as a DICOM endpoint's
 * </pre>
 */
public final class PacsProtocol implements SinkProtocol {
    public static final String NAME = "pacs";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public PacsTarget readTarget(ConfigBlock block) throws ConfigBlockException {
        String host = block.requiredText("host");
        int port = block.requiredInteger("port", 1, 65535);
        String aeTitle = DicomProtocol.aeTitle(block, "aeTitle");
        boolean summary = block.bool("summaryImage", false);
        String uidRoot = text(block, "uidRoot", DerivedUids.UUID_ROOT);
        String serial = text(block, "deviceSerialNumber", hostName());
        int timeout = block.integer("timeoutSeconds", 60, 1, 3600);
        TlsSettings tls = DicomProtocol.tls(block);
        PacsWriterOptions writer;
        try {
            PacsWriterOptions d = PacsWriterOptions.defaults(serial, version());
            writer = new PacsWriterOptions(uidRoot, d.deviceSerialNumber(), d.softwareVersion(), d.srSeriesNumber(),
                    d.scSeriesNumber());
            new DerivedUids(uidRoot);
        } catch (IllegalArgumentException e) {
            throw block.problem("uidRoot", e.getMessage());
        }
        block.refuseUnknownKeys();
        return new PacsTarget(host, port, aeTitle, tls, summary, writer, Duration.ofSeconds(timeout));
    }

    @Override
    public ResultSink open(Object target, AdapterEnvironment environment) {
        PacsTarget pacs = (PacsTarget) target;
        SrWriter sr = new SrWriter(pacs.writer());
        SummaryImageWriter summary = new SummaryImageWriter(pacs.writer());
        return new ResultSink() {
            @Override
            public PreparedDelivery prepare(DeliveryContent c) throws SinkFailure {
                try {
                    ZonedDateTime at = c.at().atZone(ZoneId.systemDefault());
                    List<PacsObject> objects = new ArrayList<>();
                    objects.add(sr.write(c.key(), c.result(), c.context(), at, c.review()));
                    if (pacs.summaryImage()) {
                        objects.add(summary.write(c.key(), c.result(), c.context(), at));
                    }
                    StringBuilder text = new StringBuilder();
                    for (PacsObject o : objects) {
                        text.append(o.sopClassUid()).append(' ').append(o.sopInstanceUid()).append(" in series ")
                                .append(o.seriesInstanceUid()).append('\n');
                    }
                    return new PreparedDelivery("text/plain", text.toString(), objects);
                } catch (RuntimeException e) {
                    throw new SinkFailure(SinkFailure.Kind.INVALID, "cannot write the SR: " + e.getMessage(), e);
                }
            }

            @Override
            public String send(PreparedDelivery prepared) throws SinkFailure {
                @SuppressWarnings("unchecked")
                List<PacsObject> objects = (List<PacsObject>) prepared.message();
                Path dir = null;
                try {
                    dir = Files.createTempDirectory("varde-pacs-", PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rwx------")));
                    List<Path> files = new ArrayList<>();
                    for (PacsObject o : objects) {
                        Path file = dir.resolve(files.size() + ".dcm");
                        o.writeTo(file);
                        files.add(file);
                    }
                    return store(pacs, environment, files);
                } catch (IOException e) {
                    throw new SinkFailure(SinkFailure.Kind.INVALID, "cannot write the objects for " + pacs.describe()
                            + ": " + e.getMessage(), e);
                } finally {
                    deleteQuietly(dir);
                }
            }
        };
    }

    private static String store(PacsTarget pacs, AdapterEnvironment env, List<Path> files) throws SinkFailure {
        DicomClient client = DicomClient.create(env.vertx(), DicomClientOptions.defaults().withTls(pacs.tls()));
        List<StoreOutcome> outcomes;
        try {
            outcomes = new StoreScu(env.vertx(), client).send(pacs.host(), pacs.port(), env.callingAeTitle(),
                    pacs.aeTitle(), files).toCompletionStage().toCompletableFuture()
                    .get(pacs.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new SinkFailure(SinkFailure.Kind.TIMEOUT, "PACS " + pacs.describe() + " did not answer within "
                    + pacs.timeout().toSeconds() + " s");
        } catch (ExecutionException e) {
            throw new SinkFailure(SinkFailure.Kind.UNREACHABLE, "PACS " + pacs.describe() + " refused or unreachable: "
                    + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SinkFailure(SinkFailure.Kind.TIMEOUT, "interrupted while storing to " + pacs.describe());
        } finally {
            client.close();
        }
        StringBuilder receipt = new StringBuilder();
        for (StoreOutcome o : outcomes) {
            if (!o.isSuccess()) {
                String status = o.statusOrNull() == null ? o.failureOrNull() : o.statusOrNull().toString();
                // PS3.4 B.2.3: A7xx is "out of resources" (try later); Axxx/Cxxx otherwise will not change
                boolean later = o.statusOrNull() == null || (o.statusOrNull().code() & 0xFF00) == 0xA700;
                throw new SinkFailure(later ? SinkFailure.Kind.REFUSED_TRANSIENT : SinkFailure.Kind.REFUSED,
                        "PACS " + pacs.describe() + " refused " + o.sopInstanceUid() + ": " + status);
            }
            receipt.append(receipt.length() > 0 ? ", " : "").append("stored ").append(o.sopInstanceUid());
        }
        return receipt.toString();
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // a temporary folder left behind holds no more than what PACS has now
        }
    }

    private static String text(ConfigBlock block, String key, String dflt) throws ConfigBlockException {
        String value = block.optionalText(key);
        return value == null || value.isBlank() ? dflt : value;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "varde";
        }
    }

    static String version() {
        try (InputStream in = PacsProtocol.class.getResourceAsStream("version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            String v = p.getProperty("version", "");
            return v.isBlank() || v.contains("${") ? "dev" : v;
        } catch (IOException e) {
            return "dev";
        }
    }
}
