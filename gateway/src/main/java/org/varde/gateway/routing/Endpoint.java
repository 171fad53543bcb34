package org.varde.gateway.routing;

import java.net.URI;

/**
 * Where an algorithm is reached. A {@code dicom} endpoint has host, port and AE title; a
 * {@code dicomweb} or {@code rest} endpoint has a URL. The fields of the other kind are null.
 */
public record Endpoint(EndpointProtocol protocol, String host, Integer port, String aeTitle, URI url) {

    static Endpoint read(YamlMapping yaml) throws RoutingConfigException {
        EndpointProtocol protocol = ConfigWord.parse(EndpointProtocol.class, yaml.keyPath("protocol"),
                yaml.requiredText("protocol"));
        Endpoint endpoint = protocol == EndpointProtocol.DICOM ? dicom(yaml) : web(yaml, protocol);
        yaml.refuseUnknownKeys();
        return endpoint;
    }

    private static Endpoint dicom(YamlMapping yaml) throws RoutingConfigException {
        String host = yaml.requiredText("host");
        if (!yaml.has("port")) {
            throw new RoutingConfigException(yaml.keyPath("port"), "is required");
        }
        int port = yaml.integer("port", 0, 1, 65535);
        String aeTitle = yaml.requiredText("aeTitle");
        checkAeTitle(yaml.keyPath("aeTitle"), aeTitle);
        return new Endpoint(EndpointProtocol.DICOM, host, port, aeTitle, null);
    }

    private static Endpoint web(YamlMapping yaml, EndpointProtocol protocol) throws RoutingConfigException {
        String text = yaml.requiredText("url");
        URI url;
        try {
            url = new URI(text);
        } catch (java.net.URISyntaxException e) {
            throw new RoutingConfigException(yaml.keyPath("url"), "not a valid URL: " + e.getReason());
        }
        if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme()) || url.getHost() == null) {
            throw new RoutingConfigException(yaml.keyPath("url"), "must be an http:// or https:// URL with a host, was \"" + text + "\"");
        }
        return new Endpoint(protocol, null, null, null, url);
    }

    /** PS3.5 6.2: AE is 1..16 characters of the default repertoire, no backslash, no control characters. */
    private static void checkAeTitle(String keyPath, String aeTitle) throws RoutingConfigException {
        boolean printable = aeTitle.chars().allMatch(c -> c >= 0x20 && c <= 0x7E && c != '\\');
        if (aeTitle.length() > 16 || !printable) {
            throw new RoutingConfigException(keyPath, "must be an AE title of 1..16 printable characters without backslash, was \"" + aeTitle + "\"");
        }
    }
}
