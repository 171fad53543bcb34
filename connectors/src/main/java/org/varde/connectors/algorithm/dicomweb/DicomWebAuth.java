package org.varde.connectors.algorithm.dicomweb;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * How Varde proves itself to a vendor's DICOMweb service: nothing, a bearer token (RFC 6750) or HTTP
 * Basic (RFC 7617). Secrets come from files named in the catalogue, never from the catalogue itself;
 * {@link #toString()} never shows them.
 *
 * @param scheme              {@code none}, {@code bearer} or {@code basic}: what the API shows
 * @param authorizationOrNull the {@code Authorization} header's value, null for none
 */
public record DicomWebAuth(String scheme, String authorizationOrNull) {
    public static final DicomWebAuth NONE = new DicomWebAuth("none", null);

    public DicomWebAuth {
        Objects.requireNonNull(scheme, "scheme");
    }

    public static DicomWebAuth bearer(String token) {
        return new DicomWebAuth("bearer", "Bearer " + token);
    }

    public static DicomWebAuth basic(String user, String password) {
        String pair = user + ":" + password;
        return new DicomWebAuth("basic", "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public String toString() {
        return "DicomWebAuth[" + scheme + "]";
    }
}
