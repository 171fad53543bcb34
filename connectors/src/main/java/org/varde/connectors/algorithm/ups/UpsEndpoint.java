package org.varde.connectors.algorithm.ups;

import org.varde.connectors.algorithm.AlgorithmEndpoint;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A pull-model vendor (IHE AIW-I Task Performer): it comes to Varde's UPS-RS worklist, so Varde needs
 * no address of it; only the workitem's terms.
 *
 * @param priority          Scheduled Procedure Step Priority (0074,1200): HIGH, MEDIUM or LOW
 * @param retrieveUrlOrNull Varde's DICOMweb base as the vendor reaches it ({@code https://varde.example/dicomweb}):
 *                          each input series' WADO-RS Retrieve URL (0008,1190) hangs off it; null leaves
 *                          the URL out (the vendor knows Varde's base from its own configuration)
 */
public record UpsEndpoint(String priority, URI retrieveUrlOrNull) implements AlgorithmEndpoint {
    public static final String DEFAULT_PRIORITY = "MEDIUM";

    public UpsEndpoint {
        Objects.requireNonNull(priority, "priority");
        if (retrieveUrlOrNull != null && retrieveUrlOrNull.toString().endsWith("/")) {
            String text = retrieveUrlOrNull.toString();
            retrieveUrlOrNull = URI.create(text.substring(0, text.length() - 1));
        }
    }

    @Override
    public String protocol() {
        return UpsProtocol.NAME;
    }

    @Override
    public String describe() {
        return "UPS-RS worklist (pull)";
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("protocol", protocol());
        settings.put("priority", priority);
        if (retrieveUrlOrNull != null) {
            settings.put("retrieveUrl", retrieveUrlOrNull.toString());
        }
        return settings;
    }
}
