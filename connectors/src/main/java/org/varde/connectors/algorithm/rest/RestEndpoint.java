package org.varde.connectors.algorithm.rest;

import org.varde.connectors.algorithm.AlgorithmEndpoint;
import org.varde.connectors.algorithm.rest.mapping.ResultMapping;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A vendor's own REST/JSON API, as the catalogue names it (see {@link RestProtocol} for the block).
 *
 * @param url             where jobs are posted
 * @param auth            how Varde proves itself to the vendor
 * @param delivery        webhook or poll
 * @param callbackBaseUrl webhook: Varde's callback address as the vendor reaches it, ending in
 *                        {@code /api/callbacks/}; the job id is appended. Null for poll.
 * @param pollInterval    poll: how often the status URL is asked
 * @param connectTimeout  for every call to the vendor
 * @param maxResultBytes  a result document larger than this is refused unread
 * @param status          where the vendor's answers say how the job stands
 * @param mapping         the vendor's result JSON to Varde's result model; null only in tests of the send
 * @param upload          how the instances travel in the job's POST: one part each, or one ZIP part
 */
public record RestEndpoint(URI url, VendorAuth auth, ResultDelivery delivery, URI callbackBaseUrl,
                           Duration pollInterval, Duration connectTimeout, int maxResultBytes, StatusMapping status,
                           ResultMapping mapping, UploadForm upload) implements AlgorithmEndpoint {
    public static final Duration DEFAULT_POLL = Duration.ofSeconds(5);
    public static final Duration DEFAULT_CONNECT = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_RESULT_BYTES = 1024 * 1024;

    /** A vendor polled with the defaults and no credential (tests of the send path). */
    public RestEndpoint(URI url) {
        this(url, VendorAuth.NONE, ResultDelivery.POLL, null, DEFAULT_POLL, DEFAULT_CONNECT, DEFAULT_MAX_RESULT_BYTES,
                StatusMapping.DEFAULT, null, UploadForm.MULTIPART);
    }

    /** Whether the instances go as one ZIP archive ({@code upload: zip}). */
    public boolean zipUpload() {
        return upload == UploadForm.ZIP;
    }

    public RestEndpoint {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(delivery, "delivery");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(upload, "upload");
        if (delivery == ResultDelivery.WEBHOOK && callbackBaseUrl == null) {
            throw new IllegalArgumentException("a webhook endpoint needs callbackBaseUrl");
        }
    }

    @Override
    public String protocol() {
        return RestProtocol.NAME;
    }

    @Override
    public String describe() {
        return url.toString();
    }

    @Override
    public boolean wantsResultCallback() {
        return delivery == ResultDelivery.WEBHOOK;
    }

    /**
     * How often a job's status URL is asked: every poll interval when polled; with a webhook, once a
     * minute at most (12 poll intervals, at least 60 s), a safety net for a callback lost on the way.
     */
    public Duration statusCheckInterval() {
        if (delivery == ResultDelivery.POLL) {
            return pollInterval;
        }
        Duration twelve = pollInterval.multipliedBy(12);
        return twelve.compareTo(Duration.ofSeconds(60)) < 0 ? Duration.ofSeconds(60) : twelve;
    }

    /** The webhook URL of one job. */
    public URI callbackUrl(String jobId) {
        return URI.create(callbackBaseUrl.toString() + jobId);
    }

    /**
     * A URL the vendor gave (a status or result URL), resolved against {@link #url()}, accepted only on
     * the vendor's own origin: a vendor's answer must not make Varde call, with the vendor's
     * credential, whatever host it names (server-side request forgery).
     *
     * @throws IllegalArgumentException saying why the URL is refused
     */
    public URI vendorUrl(String given) {
        URI resolved;
        try {
            resolved = url.resolve(new URI(given));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IllegalArgumentException("the vendor's URL \"" + excerpt(given) + "\" is not a URL");
        }
        if (!Objects.equals(resolved.getScheme(), url.getScheme()) || !Objects.equals(resolved.getHost(), url.getHost())
                || port(resolved) != port(url)) {
            throw new IllegalArgumentException("the vendor's URL \"" + excerpt(given) + "\" is not on the endpoint's"
                    + " origin " + url.getScheme() + "://" + url.getHost() + ":" + port(url));
        }
        return resolved;
    }

    private static int port(URI u) {
        return u.getPort() >= 0 ? u.getPort() : "https".equals(u.getScheme()) ? 443 : 80;
    }

    private static String excerpt(String s) {
        return s.length() > 100 ? s.substring(0, 100) + "…" : s;
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("protocol", protocol());
        settings.put("url", url.toString());
        settings.put("auth", auth.settings());
        settings.put("result", delivery.name().toLowerCase(java.util.Locale.ROOT));
        if (callbackBaseUrl != null) {
            settings.put("callbackBaseUrl", callbackBaseUrl.toString());
        }
        settings.put("pollIntervalSeconds", pollInterval.toSeconds());
        settings.put("connectTimeoutSeconds", connectTimeout.toSeconds());
        settings.put("maxResultBytes", maxResultBytes);
        settings.put("upload", upload.word());
        return settings;
    }
}
