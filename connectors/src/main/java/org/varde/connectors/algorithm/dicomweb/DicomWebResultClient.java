package org.varde.connectors.algorithm.dicomweb;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import org.varde.connectors.algorithm.DispatchFailure;
import org.varde.connectors.algorithm.DispatchFailure.Kind;
import org.varde.dicom.web.MultipartException;
import org.varde.dicom.web.MultipartParser;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The way back from a DICOMweb vendor that keeps its result for Varde to fetch ({@code results: poll}):
 * QIDO-RS lists the instances of the study ({@code GET <url>/studies/{study}/instances}, PS3.18 10.6)
 * and WADO-RS retrieves one ({@code GET <url>/studies/{study}/series/{series}/instances/{sop}},
 * PS3.18 10.4, {@code multipart/related; type="application/dicom"}), streamed into a file, at most a
 * given number of bytes. Each call has the endpoint's connect timeout and credential and a whole-call
 * timeout ({@link #CALL_TIMEOUT}) that also bounds a body that stalls halfway.
 *
 * <p>Blocking: call on a worker. Failures are {@link DispatchFailure}s: retryable when asking again
 * later may work (the vendor unreachable, busy, slow), permanent when the answer itself is wrong
 * (garbage, too large, not one DICOM part), so the caller fails the job's attempt with the reason.
 */
public final class DicomWebResultClient {
    /** One QIDO-RS or WADO-RS exchange, from connect to the last byte. */
    public static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    /** A study's instance list is ~300 bytes an instance: 4 MiB lists over 10 000. */
    static final int MAX_QUERY_BYTES = 4 * 1024 * 1024;
    /** Part headers, boundaries and an epilogue around the one instance: a little. */
    private static final long MULTIPART_OVERHEAD = 64 * 1024;
    /** PS3.18 8.7.3.5.2: any transfer syntax the vendor stored, so nothing is transcoded on the way. */
    static final String WADO_ACCEPT = "multipart/related; type=\"application/dicom\"; transfer-syntax=*";

    private final Vertx vertx;
    private final HttpClients clients;

    public DicomWebResultClient(Vertx vertx) {
        this.vertx = vertx;
        this.clients = new HttpClients(vertx);
    }

    /** The result-class instances of {@code study} at the vendor, SRs first; empty while it has none. */
    public List<ResultInstance> findResults(DicomWebEndpoint endpoint, String study) throws DispatchFailure {
        URI uri = endpoint.resolve("studies/" + encode(study) + "/instances?includefield=0020000E&includefield=00080016");
        HttpRequest request = request(endpoint, uri).header("Accept", DicomWebAlgorithmAdapter.DICOM_JSON).build();
        HttpResponse<BoundedBody> response = send(endpoint, request, BoundedBody.handler(MAX_QUERY_BYTES), "QIDO-RS");
        int status = response.statusCode();
        if (status == 204 || status == 404) {
            return List.of(); // nothing of the study there (yet); a vendor may index a moment after STOW-RS
        }
        if (status != 200) {
            throw refusal(status, "QIDO-RS", text(response.body()));
        }
        if (response.body().truncated()) {
            throw DispatchFailure.permanent(Kind.PROTOCOL, "the vendor's QIDO-RS answer is larger than "
                    + MAX_QUERY_BYTES + " bytes");
        }
        try {
            return QidoResults.read(Buffer.buffer(response.body().bytes()), study);
        } catch (IllegalArgumentException e) {
            throw DispatchFailure.fromPeer(Kind.PROTOCOL, false, e.getMessage(), text(response.body()));
        }
    }

    /**
     * Retrieves {@code instance} into {@code target} (a Part 10 file, as PS3.18 10.4.1.1.1 sends each
     * part), refusing an answer larger than {@code maxBytes} as it streams, before it is kept whole.
     */
    public void retrieve(DicomWebEndpoint endpoint, ResultInstance instance, Path target, long maxBytes)
            throws DispatchFailure {
        URI uri = endpoint.resolve("studies/" + encode(instance.studyInstanceUid()) + "/series/"
                + encode(instance.seriesInstanceUid()) + "/instances/" + encode(instance.sopInstanceUid()));
        HttpRequest request = request(endpoint, uri).header("Accept", WADO_ACCEPT).build();
        HttpResponse<InputStream> response = send(endpoint, request, HttpResponse.BodyHandlers.ofInputStream(), "WADO-RS");
        AtomicBoolean timedOut = new AtomicBoolean();
        // HttpRequest.timeout ends with the headers; a body that stalls is closed by this timer
        long watchdog = vertx.setTimer(CALL_TIMEOUT.toMillis(), id -> {
            timedOut.set(true);
            closeQuietly(response.body());
        });
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw refusal(response.statusCode(), "WADO-RS", new String(body.readNBytes(2 * DispatchFailure.MAX_PEER_WORDS),
                        StandardCharsets.UTF_8));
            }
            String contentType = response.headers().firstValue("Content-Type").orElse("");
            if (!"multipart/related".equals(MultipartParser.mediaType(contentType))) {
                throw DispatchFailure.fromPeer(Kind.PROTOCOL, false, "the vendor's WADO-RS answer for "
                        + instance.sopInstanceUid() + " is not multipart/related", "Content-Type: " + contentType);
            }
            new OnePart(target, maxBytes, instance).read(body, MultipartParser.boundary(contentType));
        } catch (IOException | UncheckedIOException e) {
            if (timedOut.get()) {
                throw DispatchFailure.of(Kind.TIMEOUT, "the vendor's WADO-RS answer for " + instance.sopInstanceUid()
                        + " did not end within " + CALL_TIMEOUT.toSeconds() + " s");
            }
            throw DispatchFailure.of(Kind.PROTOCOL, "the WADO-RS exchange with " + endpoint.describe()
                    + " broke off: " + e, e);
        } finally {
            vertx.cancelTimer(watchdog);
        }
    }

    /** The one application/dicom part of a WADO-RS instance answer, written to a file as it streams. */
    private static final class OnePart implements MultipartParser.Listener {
        private final Path target;
        private final long maxBytes;
        private final ResultInstance instance;
        private OutputStream out;
        private long written;

        OnePart(Path target, long maxBytes, ResultInstance instance) {
            this.target = target;
            this.maxBytes = maxBytes;
            this.instance = instance;
        }

        void read(InputStream body, String boundary) throws IOException, DispatchFailure {
            long total = 0;
            try {
                MultipartParser parser = new MultipartParser(boundary, this);
                byte[] chunk = new byte[64 * 1024];
                for (int n; (n = body.read(chunk)) >= 0; ) {
                    total += n;
                    if (total > maxBytes + MULTIPART_OVERHEAD) {
                        throw tooLarge();
                    }
                    parser.feed(Buffer.buffer(n == chunk.length ? chunk.clone() : java.util.Arrays.copyOf(chunk, n)));
                }
                parser.end();
                if (parser.parts() != 1) {
                    throw DispatchFailure.permanent(Kind.PROTOCOL, "the vendor's WADO-RS answer for "
                            + instance.sopInstanceUid() + " holds " + parser.parts() + " parts, not the one instance asked for");
                }
            } catch (MultipartException e) {
                throw DispatchFailure.permanent(Kind.PROTOCOL, "the vendor's WADO-RS answer for "
                        + instance.sopInstanceUid() + " is not a readable multipart body: " + e.getMessage());
            } catch (TooLarge e) {
                throw tooLarge();
            } finally {
                if (out != null) {
                    out.close();
                }
            }
        }

        private DispatchFailure tooLarge() {
            return DispatchFailure.permanent(Kind.PROTOCOL, "the vendor's result " + instance.sopInstanceUid()
                    + " is larger than " + maxBytes + " bytes; refused as it arrived");
        }

        @Override
        public void partBegin(Map<String, String> headers) throws MultipartException {
            if (out != null) {
                return; // a second part: counted, refused after the body
            }
            String type = MultipartParser.mediaType(headers.get("content-type"));
            if (!type.isEmpty() && !"application/dicom".equals(type)) {
                throw new MultipartException("its part is " + type + ", not application/dicom");
            }
            try {
                out = Files.newOutputStream(target);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void partData(Buffer data) {
            if (written + data.length() > maxBytes) {
                throw new TooLarge();
            }
            written += data.length();
            try {
                out.write(data.getBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void partEnd() {
            // the file is closed after the body, with the close delimiter seen
        }
    }

    /** Thrown out of the parser's listener when a part outgrows its bound. */
    private static final class TooLarge extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooLarge() {
            super(null, null, false, false);
        }
    }

    private HttpRequest.Builder request(DicomWebEndpoint endpoint, URI uri) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(CALL_TIMEOUT).GET()
                .header("Cache-Control", "no-cache"); // PS3.18 10.6.1: a current answer, not a cached one
        if (endpoint.auth().authorizationOrNull() != null) {
            builder.header("Authorization", endpoint.auth().authorizationOrNull());
        }
        return builder;
    }

    private <T> HttpResponse<T> send(DicomWebEndpoint endpoint, HttpRequest request, HttpResponse.BodyHandler<T> body,
                                     String what) throws DispatchFailure {
        HttpClient client;
        try {
            client = clients.forEndpoint(endpoint);
        } catch (IOException | GeneralSecurityException e) {
            throw DispatchFailure.permanent(Kind.INTERNAL, "TLS towards " + endpoint.describe()
                    + " cannot be set up: " + e.getMessage());
        }
        try {
            return client.send(request, body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DispatchFailure.of(Kind.INTERNAL, what + " interrupted");
        } catch (IOException e) {
            throw StowVerdict.exchangeFailed(endpoint, e);
        }
    }

    /** 5xx, 408, 429: ask again later; any other status: the same request will fail again. */
    private static DispatchFailure refusal(int status, String what, String words) {
        boolean retryable = status == 408 || status == 429 || status >= 500;
        return DispatchFailure.fromPeer(status == 401 || status == 403 ? Kind.REJECTED : Kind.REFUSED, retryable,
                "the vendor answered the " + what + " request with HTTP " + status, "HTTP " + status
                        + (words.isEmpty() ? "" : ": " + words));
    }

    private static String text(BoundedBody body) {
        return new String(body.bytes(), 0, Math.min(body.bytes().length, 2 * DispatchFailure.MAX_PEER_WORDS),
                StandardCharsets.UTF_8);
    }

    /** UIDs are digits and dots (checked by the caller); encoded anyway, so no path is built from input. */
    private static String encode(String uid) {
        return URLEncoder.encode(uid, StandardCharsets.US_ASCII);
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // closing is the point; the reader sees the failure
        }
    }
}
