package org.varde.connectors.algorithm.dicomweb;

import org.varde.connectors.algorithm.AlgorithmEndpoint;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** A vendor's DICOMweb service (PS3.18): the base URL its STOW-RS, QIDO-RS and WADO-RS paths hang off. */
public record DicomWebEndpoint(URI url) implements AlgorithmEndpoint {
    public DicomWebEndpoint {
        Objects.requireNonNull(url, "url");
    }

    @Override
    public String protocol() {
        return DicomWebProtocol.NAME;
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
