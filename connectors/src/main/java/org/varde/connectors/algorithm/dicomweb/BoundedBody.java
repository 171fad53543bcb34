package org.varde.connectors.algorithm.dicomweb;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body kept up to a bound: what a vendor answers is read for its verdict and quoted in a
 * failure, and a vendor that answers with gigabytes must not fill the heap. Past the bound the rest is
 * read and dropped, so the exchange still ends normally.
 */
record BoundedBody(byte[] bytes, boolean truncated) {

    static HttpResponse.BodyHandler<BoundedBody> handler(int maxBytes) {
        return info -> new Subscriber(maxBytes);
    }

    private static final class Subscriber implements HttpResponse.BodySubscriber<BoundedBody> {
        private final int maxBytes;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private final CompletableFuture<BoundedBody> result = new CompletableFuture<>();
        private boolean truncated;

        Subscriber(int maxBytes) {
            this.maxBytes = maxBytes;
        }

        @Override
        public CompletionStage<BoundedBody> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            for (ByteBuffer buffer : buffers) {
                int room = maxBytes - kept.size();
                int take = Math.min(room, buffer.remaining());
                if (take < buffer.remaining()) {
                    truncated = true;
                }
                byte[] chunk = new byte[take];
                buffer.get(chunk);
                kept.writeBytes(chunk);
            }
        }

        @Override
        public void onError(Throwable throwable) {
            result.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            result.complete(new BoundedBody(kept.toByteArray(), truncated));
        }
    }
}
