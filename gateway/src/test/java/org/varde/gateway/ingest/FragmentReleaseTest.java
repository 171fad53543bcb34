package org.varde.gateway.ingest;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.varde.dicom.dimse.OwningStoreSink;
import org.varde.dicom.dimse.Status;
import org.varde.dicom.dimse.StoreRequest;
import org.varde.dicom.net.PooledLeaks;
import org.varde.gateway.config.GatewayConfig;
import org.varde.gateway.testing.Poll;
import org.varde.testdata.GeneratorOptions;
import org.varde.testdata.StudyGenerator;
import org.varde.testdata.StudyKind;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The spool sink owns the fragments the association hands it (direct memory, reference-counted) and
 * releases every one exactly once whatever the store's end: stored, refused as too large, refused
 * because the header cannot be read, refused by the free-space guard when its first chunk is
 * written, aborted in the middle. A fragment never released keeps its count above zero; one released
 * twice throws on the worker and the store never answers.
 */
class FragmentReleaseTest {
    private static final int FRAGMENT = 16 * 1024;

    @TempDir
    Path tmp;
    private IngestFixture fixture;
    private final List<ByteBuf> given = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() throws Exception {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void aStoredInstanceReleasesEveryFragment() throws Exception {
        start(GatewayConfig.forTests(tmp.resolve("storage")));
        Path file = ctSlice(512);
        assertEquals(Status.SUCCESS, store(IngestFixture.requestFor(file), IngestFixture.dataSet(file)));
        assertAllReleased();
    }

    @Test
    void anInstanceRefusedAsTooLargeReleasesWhatItHeldAndWhatCameAfter() throws Exception {
        GatewayConfig base = GatewayConfig.forTests(tmp.resolve("storage"));
        start(base.withStorage(base.storage().withMaxInstanceBytes(100 * 1024)));
        Path file = ctSlice(512);
        assertEquals(Status.OUT_OF_RESOURCES, store(IngestFixture.requestFor(file), IngestFixture.dataSet(file)));
        assertAllReleased();
    }

    @Test
    void anInstanceWhoseHeaderCannotBeReadReleasesEveryFragment() throws Exception {
        start(GatewayConfig.forTests(tmp.resolve("storage")));
        Path file = ctSlice(512);
        byte[] garbage = new byte[600 * 1024];
        new Random(9).nextBytes(garbage);
        Status status = store(IngestFixture.requestFor(file), garbage);
        assertTrue(status.isFailure(), "refused: " + status);
        assertAllReleased();
    }

    @Test
    void aChunkWriteRefusedForLackOfSpaceReleasesEveryFragment() throws Exception {
        GatewayConfig base = GatewayConfig.forTests(tmp.resolve("storage"));
        start(base.withStorage(base.storage().withMinFreeBytes(Long.MAX_VALUE / 2)));
        Path file = ctSlice(1024);
        assertEquals(Status.OUT_OF_RESOURCES, store(IngestFixture.requestFor(file), IngestFixture.dataSet(file)));
        assertAllReleased();
    }

    @Test
    void aStoreAbortedInTheMiddleReleasesEveryFragment() throws Exception {
        start(GatewayConfig.forTests(tmp.resolve("storage")));
        Path file = ctSlice(1024);
        byte[] dataSet = IngestFixture.dataSet(file);
        StoreRequest request = IngestFixture.requestFor(file);
        OwningStoreSink sink = fixture.run(() -> {
            OwningStoreSink s = (OwningStoreSink) fixture.handler.begin(request);
            return feed(s, dataSet, 0, dataSet.length * 2 / 3).map(s);
        });
        fixture.abort(sink);
        assertAllReleased();
        assertTrue(Poll.untilIo(Duration.ofSeconds(30), () -> fixture.spoolFiles().isEmpty()), "nothing left");
    }

    private void start(GatewayConfig config) throws Exception {
        fixture = new IngestFixture(config, HeaderCapture.DEFAULT_LIMIT, InstanceJournaledListener.NONE);
        PooledLeaks.reset();
    }

    private Path ctSlice(int matrix) throws Exception {
        return StudyGenerator.generate(tmp.resolve("source-" + matrix),
                new GeneratorOptions(StudyKind.CT_THORAX, 1, 91, 1, matrix)).get(0);
    }

    private Status store(StoreRequest request, byte[] dataSet) throws Exception {
        return fixture.run(() -> {
            OwningStoreSink sink = (OwningStoreSink) fixture.handler.begin(request);
            return feed(sink, dataSet, 0, dataSet.length).compose(v -> sink.end())
                    .recover(t -> Future.succeededFuture(Status.OUT_OF_RESOURCES));
        });
    }

    /** Direct fragments, each the sink's from the call on, as the association hands them over. */
    private Future<Void> feed(OwningStoreSink sink, byte[] data, int offset, int end) {
        if (offset >= end) {
            return Future.succeededFuture();
        }
        int length = Math.min(FRAGMENT, end - offset);
        // not pooled: a pooled buffer's object is reused once released, and its count would be another's
        ByteBuf fragment = Unpooled.directBuffer(length).writeBytes(data, offset, length);
        given.add(fragment);
        // a refused store goes on taking (and releasing) fragments: the association discards the rest
        return sink.writeOwned(fragment).transform(ignored -> feed(sink, data, offset + length, end));
    }

    private void assertAllReleased() {
        assertTrue(given.size() > 10, "fragments given: " + given.size());
        assertTrue(Poll.until(Duration.ofSeconds(30), () -> given.stream().allMatch(b -> b.refCnt() == 0)),
                "fragments still held: " + given.stream().filter(b -> b.refCnt() != 0).count() + " of " + given.size());
        assertEquals(List.of(), PooledLeaks.collect());
    }
}
