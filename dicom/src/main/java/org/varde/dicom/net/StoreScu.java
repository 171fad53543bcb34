package org.varde.dicom.net;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.varde.dicom.data.Part10;
import org.varde.dicom.data.Part10File;
import org.varde.dicom.data.Tag;
import org.varde.dicom.net.pdu.PresentationContext;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sends Part 10 files over one association, one instance at a time: each data set is streamed from
 * its file, from the end of the File Meta Information on, in the transfer syntax it was written in
 * (never transcoded). This is what {@code ./varde send} and the benchmark use.
 *
 * <p>A small file (up to {@link #READ_BUFFER}) is read whole in one blocking call, started while the
 * instance before it is still on the wire: a stream of file reads costs four trips to a worker
 * thread per instance (open, read, end, close), each a wait for a CPU on a loaded machine, and these
 * trips were most of a dispatch's time (bench/e2e.sh, docs/performance.md). At most one read-ahead
 * instance is held, so memory stays bounded; larger files are streamed as before.
 */
public final class StoreScu {
    private static final Logger LOG = LoggerFactory.getLogger(StoreScu.class);
    /** Large file reads: the PDU fragmenting works on slices of these, so fewer is faster. */
    private static final int READ_BUFFER = 1 << 20;
    /** PS3.8 9.3.2.2: presentation context ids are odd numbers 1-255, so at most 128. */
    private static final int MAX_CONTEXTS = 128;

    private final Vertx vertx;
    private final DicomClient client;

    public StoreScu(Vertx vertx, DicomClient client) {
        this.vertx = vertx;
        this.client = client;
    }

    private record Instance(Path file, String sopClassUid, String sopInstanceUid, String transferSyntaxUid,
                            long dataSetOffset, long size) {
        boolean small() {
            return size <= READ_BUFFER;
        }
    }

    /** @return one outcome per file, in order; fails only when the association cannot be opened */
    public Future<List<StoreOutcome>> send(String host, int port, String callingAeTitle, String calledAeTitle,
                                           List<Path> files) {
        Context context = vertx.getOrCreateContext();
        Promise<List<StoreOutcome>> result = Promise.promise();
        context.runOnContext(v -> vertx.executeBlocking(() -> readHeaders(files))
                .compose(headers -> sendAll(host, port, callingAeTitle, calledAeTitle, headers))
                .onComplete(result));
        return result.future();
    }

    private static List<Object> readHeaders(List<Path> files) {
        List<Object> headers = new ArrayList<>(files.size());
        for (Path file : files) {
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 8192)) {
                Part10File header = Part10.readHeader(in);
                String sopClass = header.fileMetaInformation().getString(Tag.MediaStorageSOPClassUID);
                String sopInstance = header.fileMetaInformation().getString(Tag.MediaStorageSOPInstanceUID);
                if (sopClass == null || sopInstance == null || header.dataSetOffset() == 0) {
                    headers.add(new StoreOutcome(file, null, null, "not a DICOM Part 10 file"));
                } else {
                    headers.add(new Instance(file, sopClass, sopInstance, header.transferSyntax().uid(),
                            header.dataSetOffset(), Files.size(file)));
                }
            } catch (IOException | RuntimeException e) {
                headers.add(new StoreOutcome(file, null, null, "unreadable: " + e.getMessage()));
            }
        }
        return headers;
    }

    /** One presentation context per distinct SOP class and transfer syntax pair, as the files hold them. */
    private static List<PresentationContext> contexts(List<Object> headers) {
        Map<String, PresentationContext> byPair = new LinkedHashMap<>();
        for (Object h : headers) {
            if (h instanceof Instance i && byPair.size() < MAX_CONTEXTS) {
                byPair.computeIfAbsent(i.sopClassUid + '\\' + i.transferSyntaxUid, k -> PresentationContext.offer(
                        2 * byPair.size() + 1, i.sopClassUid, List.of(i.transferSyntaxUid)));
            }
        }
        return new ArrayList<>(byPair.values());
    }

    private Future<List<StoreOutcome>> sendAll(String host, int port, String calling, String called,
                                               List<Object> headers) {
        List<PresentationContext> contexts = contexts(headers);
        if (contexts.isEmpty()) {
            return Future.succeededFuture(headers.stream().map(h -> (StoreOutcome) h).toList());
        }
        Future<Buffer> first = readAhead(headers, 0);
        return client.open(host, port, calling, called, contexts).compose(association -> {
            List<StoreOutcome> outcomes = new ArrayList<>(headers.size());
            return sendFrom(association, headers, 0, outcomes, first)
                    .compose(v -> association.isOpen() ? association.release() : Future.succeededFuture())
                    .recover(t -> Future.succeededFuture())
                    .map(v -> outcomes);
        });
    }

    /** @param read the data set of {@code headers[index]} when it was read ahead, else null */
    private Future<Void> sendFrom(ClientAssociation association, List<Object> headers, int index,
                                  List<StoreOutcome> outcomes, Future<Buffer> read) {
        if (index == headers.size()) {
            return Future.succeededFuture();
        }
        Object h = headers.get(index);
        Future<StoreOutcome> outcome = h instanceof Instance i ? sendOne(association, i, read)
                : Future.succeededFuture((StoreOutcome) h);
        Future<Buffer> next = association.isOpen() ? readAhead(headers, index + 1) : null;
        return outcome.compose(o -> {
            outcomes.add(o);
            return sendFrom(association, headers, index + 1, outcomes, next);
        });
    }

    /** The data set of a small file, read whole off the event loop; null for anything else. */
    private Future<Buffer> readAhead(List<Object> headers, int index) {
        if (index >= headers.size() || !(headers.get(index) instanceof Instance i) || !i.small()) {
            return null;
        }
        return vertx.fileSystem().readFile(i.file.toString())
                .map(whole -> whole.slice(Math.toIntExact(i.dataSetOffset), whole.length()));
    }

    private Future<StoreOutcome> sendOne(ClientAssociation association, Instance i, Future<Buffer> read) {
        if (!association.isOpen()) {
            return Future.succeededFuture(new StoreOutcome(i.file, i.sopInstanceUid, null, "association ended"));
        }
        if (!association.accepts(i.sopClassUid, i.transferSyntaxUid)) {
            return Future.succeededFuture(new StoreOutcome(i.file, i.sopInstanceUid, null,
                    "presentation context not accepted by the peer"));
        }
        Future<StoreOutcome> sent = read != null
                ? read.compose(data -> storeFromMemory(association, i, data))
                : vertx.fileSystem().open(i.file.toString(), new OpenOptions().setRead(true))
                        .compose(file -> storeFrom(association, i, file));
        return sent
                .recover(t -> {
                    LOG.debug("sending {} failed: {}", i.file, t.toString());
                    return Future.succeededFuture(new StoreOutcome(i.file, i.sopInstanceUid, null, t.getMessage()));
                });
    }

    /** The association may have ended while the file was read: then this instance is not sent. */
    private static Future<StoreOutcome> storeFromMemory(ClientAssociation association, Instance i, Buffer data) {
        if (!association.isOpen()) {
            return Future.succeededFuture(new StoreOutcome(i.file, i.sopInstanceUid, null, "association ended"));
        }
        return association.store(i.sopClassUid, i.sopInstanceUid, i.transferSyntaxUid, new InMemoryDataSet(data))
                .map(status -> new StoreOutcome(i.file, i.sopInstanceUid, status, null));
    }

    private static Future<StoreOutcome> storeFrom(ClientAssociation association, Instance i, AsyncFile file) {
        file.setReadBufferSize(READ_BUFFER).setReadPos(i.dataSetOffset);
        return association.store(i.sopClassUid, i.sopInstanceUid, i.transferSyntaxUid, file)
                .map(status -> new StoreOutcome(i.file, i.sopInstanceUid, status, null))
                .eventually(() -> file.close());
    }
}
