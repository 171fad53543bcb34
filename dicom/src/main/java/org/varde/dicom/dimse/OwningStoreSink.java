package org.varde.dicom.dimse;

import io.netty.buffer.ByteBuf;
import io.vertx.core.Future;

/**
 * A {@link StoreSink} that takes the data set fragments as they were received, in Netty's pooled
 * direct memory, instead of the heap copy every other sink gets: a sink that only writes the bytes
 * to a file saves the copy and the garbage (issue 9, docs/performance.md step 7). Opt-in, because
 * the memory is the pool's: a fragment never released is lost to the pool for as long as the
 * process runs, and one read after its release reads whatever the pool has put there since.
 */
public interface OwningStoreSink extends StoreSink {
    /**
     * Takes the next data set fragment, retained for this sink, which releases it exactly once,
     * whatever happens next: written, refused, failed, aborted, or this call returning a failed
     * future or throwing. Never called with a fragment that is also given to {@link #write}.
     */
    Future<Void> writeOwned(ByteBuf fragment);
}
