package org.varde.connectors.algorithm.rest;

import org.varde.connectors.algorithm.AlgorithmEndpoint;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** A vendor's own REST/JSON API: the base URL jobs are posted to. */
public record RestEndpoint(URI url) implements AlgorithmEndpoint {
    public RestEndpoint {
        Objects.requireNonNull(url, "url");
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
    public Map<String, Object> settings() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("protocol", protocol());
        settings.put("url", url.toString());
        return settings;
    }
}
