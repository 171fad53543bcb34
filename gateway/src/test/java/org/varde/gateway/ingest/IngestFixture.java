package org.varde.gateway.ingest;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import org.varde.dicom.data.Part10;
import org.varde.dicom.data.Part10File;
import org.varde.dicom.data.Tag;
import org.varde.dicom.dimse.DimseException;
import org.varde.dicom.dimse.Status;
import org.varde.dicom.dimse.StoreRequest;
import org.varde.dicom.dimse.StoreSink;
import org.varde.dicom.net.AssociationInfo;
import org.varde.gateway.config.GatewayConfig;
import org.varde.dicom.data.ReadLimits;
import org.varde.gateway.metrics.CallerLabels;
import org.varde.gateway.metrics.GatewayMetrics;
import org.varde.gateway.spool.Quarantine;
import org.varde.gateway.spool.Spool;
import org.varde.gateway.store.JdbcJournal;
import org.varde.gateway.store.Journal;
import org.varde.gateway.testing.DicomFiles;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A spool, a journal and an ingest handler on a temp folder; C-STOREs fed straight into the handler. */
final class IngestFixture implements AutoCloseable {
    static final String CALLING_AE = "TEST_SCU";
    final Vertx vertx = Vertx.vertx();
    final GatewayConfig config;
    final Spool spool;
    final Journal journal;
    final Quarantine quarantine;
    /** TEST_SCU is a configured caller, so the metrics label it by name (others are "other"). */
    final GatewayMetrics metrics = new GatewayMetrics(CallerLabels.fromConfig(List.of(CALLING_AE)));
    final IngestHandler handler;

    IngestFixture(Path storageDir, int headerCaptureLimit) throws IOException {
        this(storageDir, headerCaptureLimit, InstanceJournaledListener.NONE);
    }

    IngestFixture(Path storageDir, int headerCaptureLimit, InstanceJournaledListener journaled) throws IOException {
        this(GatewayConfig.forTests(storageDir), headerCaptureLimit, journaled);
    }

    IngestFixture(GatewayConfig config, int headerCaptureLimit, InstanceJournaledListener journaled) throws IOException {
        this.config = config;
        spool = Spool.open(config.storage());
        journal = JdbcJournal.open(config.store());
        quarantine = Quarantine.open(config.storage());
        handler = new IngestHandler(vertx, spool, quarantine, journal, metrics, headerCaptureLimit,
                ReadLimits.DEFAULTS, journaled);
    }

    /** The command a dcmtk storescu would send for this Part 10 file. */
    static StoreRequest requestFor(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            Part10File part10 = Part10.readHeader(in);
            return request(part10.fileMetaInformation().getString(Tag.MediaStorageSOPClassUID),
                    part10.fileMetaInformation().getString(Tag.MediaStorageSOPInstanceUID),
                    part10.transferSyntax().uid());
        }
    }

    static StoreRequest request(String sopClassUid, String sopInstanceUid, String transferSyntaxUid) {
        AssociationInfo association = new AssociationInfo(CALLING_AE, "VARDE", "127.0.0.1", 40000, 1);
        return new StoreRequest(association, 1, sopClassUid, sopInstanceUid, transferSyntaxUid, 0, null, 0);
    }

    static byte[] dataSet(Path file) throws IOException {
        return DicomFiles.dataSet(file);
    }

    /** Feeds the data set in fragments on a Vert.x context, as the association would, and ends it. */
    Status store(StoreRequest request, byte[] dataSet, int fragmentSize) throws Exception {
        return await(onContext(() -> {
            StoreSink sink = handler.begin(request);
            return feed(sink, dataSet, 0, fragmentSize).compose(v -> sink.end());
        }));
    }

    /** Begins a store and feeds it {@code bytes} bytes of the data set, without ending it. */
    StoreSink beginAndFeed(StoreRequest request, byte[] dataSet, int bytes) throws Exception {
        return await(onContext(() -> {
            StoreSink sink = handler.begin(request);
            return feed(sink, java.util.Arrays.copyOf(dataSet, bytes), 0, 16 * 1024).map(sink);
        }));
    }

    /** Aborts a store as a lost connection would. */
    void abort(StoreSink sink) throws Exception {
        await(onContext(() -> {
            sink.abort(new IOException("connection reset by test"));
            return Future.succeededFuture();
        }));
    }

    private static Future<Void> feed(StoreSink sink, byte[] data, int offset, int fragmentSize) {
        if (offset >= data.length) {
            return Future.succeededFuture();
        }
        int length = Math.min(fragmentSize, data.length - offset);
        return sink.write(Buffer.buffer().appendBytes(data, offset, length))
                .compose(v -> feed(sink, data, offset + length, fragmentSize));
    }

    interface ContextTask<T> {
        Future<T> run() throws DimseException;
    }

    /** Runs {@code task} on a Vert.x context, as the association's calls are, and waits for its future. */
    <T> T run(ContextTask<T> task) throws Exception {
        return await(onContext(task));
    }

    private <T> Future<T> onContext(ContextTask<T> task) {
        Promise<T> promise = Promise.promise();
        vertx.getOrCreateContext().runOnContext(v -> {
            try {
                task.run().onComplete(promise);
            } catch (DimseException e) {
                promise.fail(e);
            }
        });
        return promise.future();
    }

    static <T> T await(Future<T> future) throws Exception {
        try {
            return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /** Every regular file below the spool, relative, sorted. */
    List<String> spoolFiles() throws IOException {
        List<String> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(spool.root())) {
            walk.filter(Files::isRegularFile).forEach(p -> files.add(spool.root().relativize(p).toString()));
        }
        files.sort(null);
        return files;
    }

    @Override
    public void close() throws Exception {
        journal.close();
        await(vertx.close());
        spool.close(); // waits for a slot refill still running, before the test's folder goes
    }
}
