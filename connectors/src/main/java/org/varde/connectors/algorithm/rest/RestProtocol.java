package org.varde.connectors.algorithm.rest;

import org.varde.connectors.algorithm.AdapterEnvironment;
import org.varde.connectors.algorithm.AlgorithmAdapter;
import org.varde.connectors.algorithm.AlgorithmEndpoint;
import org.varde.connectors.algorithm.AlgorithmProtocol;
import org.varde.connectors.algorithm.rest.mapping.ResultMapping;
import org.varde.connectors.config.ConfigBlock;
import org.varde.connectors.config.ConfigBlockException;
import org.varde.connectors.config.HttpUrl;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * A vendor's own REST/JSON API. Its catalogue block:
 * <pre>
 * endpoint:
 *   protocol: rest
 *   url: https://ai.vendor.example/v1/jobs         # jobs are POSTed here
 *   auth: {bearerTokenFile: vendor.token}          # or {apiKeyHeader: X-Api-Key, apiKeyFile: vendor.key}
 *   result: webhook                                # or poll
 *   callbackBaseUrl: https://varde.hospital.example/api/callbacks/   # webhook: the job id is appended
 *   pollIntervalSeconds: 5                         # poll
 *   connectTimeoutSeconds: 10
 *   maxResultBytes: 1048576
 *   upload: multipart                              # or zip: the instances as one study.zip part
 *   status: {...}                                  # optional, see StatusMapping
 *   mapping: {...}                                 # required, see ResultMapping
 * </pre>
 */
public final class RestProtocol implements AlgorithmProtocol {
    public static final String NAME = "rest";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public AlgorithmEndpoint readEndpoint(ConfigBlock block) throws ConfigBlockException {
        URI url = HttpUrl.read(block, "url");
        VendorAuth auth = VendorAuth.read(block);
        ResultDelivery delivery = delivery(block);
        URI callback = null;
        if (delivery == ResultDelivery.WEBHOOK) {
            callback = HttpUrl.read(block, "callbackBaseUrl");
            if (!callback.toString().endsWith("/")) {
                throw block.problem("callbackBaseUrl", "must end with / (the job id is appended), was \"" + callback + "\"");
            }
        } else if (block.has("callbackBaseUrl")) {
            throw block.problem("callbackBaseUrl", "is only for result: webhook");
        }
        Duration poll = Duration.ofSeconds(block.integer("pollIntervalSeconds", 5, 1, 3600));
        Duration connect = Duration.ofSeconds(block.integer("connectTimeoutSeconds", 10, 1, 300));
        int maxResult = block.integer("maxResultBytes", RestEndpoint.DEFAULT_MAX_RESULT_BYTES, 1024, 64 * 1024 * 1024);
        UploadForm upload = upload(block);
        StatusMapping status = StatusMapping.read(block);
        ResultMapping mapping = ResultMapping.read(block, "mapping");
        block.refuseUnknownKeys();
        return new RestEndpoint(url, auth, delivery, callback, poll, connect, maxResult, status, mapping, upload);
    }

    private static UploadForm upload(ConfigBlock block) throws ConfigBlockException {
        String word = block.optionalText("upload");
        if (word == null) {
            return UploadForm.MULTIPART;
        }
        try {
            return UploadForm.valueOf(word.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw block.problem("upload", "must be multipart or zip, was \"" + word + "\"");
        }
    }

    private static ResultDelivery delivery(ConfigBlock block) throws ConfigBlockException {
        String word = block.optionalText("result");
        if (word == null) {
            throw block.problem("result", "is required: webhook (the vendor calls Varde back) or poll");
        }
        try {
            return ResultDelivery.valueOf(word.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw block.problem("result", "must be webhook or poll, was \"" + word + "\"");
        }
    }

    @Override
    public Optional<AlgorithmAdapter> adapter(AdapterEnvironment environment) {
        return Optional.of(new RestAlgorithmAdapter(environment.vertx()));
    }
}
