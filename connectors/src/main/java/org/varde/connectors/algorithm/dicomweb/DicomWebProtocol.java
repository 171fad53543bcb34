package org.varde.connectors.algorithm.dicomweb;

import org.varde.connectors.algorithm.AdapterEnvironment;
import org.varde.connectors.algorithm.AlgorithmAdapter;
import org.varde.connectors.algorithm.AlgorithmEndpoint;
import org.varde.connectors.algorithm.AlgorithmProtocol;
import org.varde.connectors.algorithm.dicom.DicomProtocol;
import org.varde.connectors.config.ConfigBlock;
import org.varde.connectors.config.ConfigBlockException;
import org.varde.connectors.config.HttpUrl;
import org.varde.dicom.tls.TlsSettings;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * DICOMweb (PS3.18): STOW-RS of the selected series to the vendor; its result is pushed back to
 * Varde's STOW-RS endpoint or polled with QIDO-RS and WADO-RS. Its catalogue block:
 * <pre>
 * endpoint:
 *   protocol: dicomweb
 *   url: https://pe.vendor.example/dicom-web    # STOW-RS at url + /studies
 *   connectTimeoutSeconds: 10                   # optional
 *   auth:                                       # optional; one of
 *     bearerTokenFile: vendor-token.txt         #   Authorization: Bearer (RFC 6750)
 *     user: varde                               #   or HTTP Basic (RFC 7617)
 *     passwordFile: vendor-password.txt
 *   tls:                                        # optional, https only: CAs / client certificate
 *     trustedCertificates: vendor-ca.pem
 *   results: push                               # push (default) | poll
 *   pollIntervalSeconds: 10                     # poll only
 * </pre>
 * Secret files are read once when the catalogue is loaded (and again at each reload); a secret never
 * sits in the catalogue itself, so the catalogue can be shown and versioned.
 */
public final class DicomWebProtocol implements AlgorithmProtocol {
    public static final String NAME = "dicomweb";
    /** A token or password is a line, not a file of megabytes: bound what is read. */
    private static final long MAX_SECRET_BYTES = 16 * 1024;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public AlgorithmEndpoint readEndpoint(ConfigBlock block) throws ConfigBlockException {
        var url = HttpUrl.read(block, "url");
        Duration connect = Duration.ofSeconds(block.integer("connectTimeoutSeconds",
                (int) DicomWebEndpoint.DEFAULT_CONNECT_TIMEOUT.toSeconds(), 1, 600));
        DicomWebAuth auth = block.has("auth") ? auth(block.mapping("auth")) : DicomWebAuth.NONE;
        TlsSettings tls = DicomProtocol.tls(block);
        if (tls != null && !"https".equals(url.getScheme())) {
            throw block.problem("tls", "applies to an https:// url only, the url is " + url);
        }
        ResultReturn results = results(block);
        Duration poll = Duration.ofSeconds(block.integer("pollIntervalSeconds",
                (int) DicomWebEndpoint.DEFAULT_POLL_INTERVAL.toSeconds(), 1, 3600));
        block.refuseUnknownKeys();
        return new DicomWebEndpoint(url, auth, tls, connect, results, poll);
    }

    @Override
    public Optional<AlgorithmAdapter> adapter(AdapterEnvironment environment) {
        return Optional.of(new DicomWebAlgorithmAdapter(environment.vertx()));
    }

    private static ResultReturn results(ConfigBlock block) throws ConfigBlockException {
        String word = block.optionalText("results");
        if (word == null) {
            return ResultReturn.PUSH;
        }
        ResultReturn results;
        try {
            results = ResultReturn.valueOf(word.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw block.problem("results", "must be push or poll, was \"" + word + "\"");
        }
        return results;
    }

    private static DicomWebAuth auth(ConfigBlock auth) throws ConfigBlockException {
        String tokenFile = auth.optionalText("bearerTokenFile");
        String user = auth.optionalText("user");
        String passwordFile = auth.optionalText("passwordFile");
        auth.refuseUnknownKeys();
        if (tokenFile != null && (user != null || passwordFile != null)) {
            throw auth.problem("bearerTokenFile", "give either bearerTokenFile or user and passwordFile, not both");
        }
        if (tokenFile != null) {
            return DicomWebAuth.bearer(secret(auth, "bearerTokenFile", tokenFile));
        }
        if (user == null || passwordFile == null) {
            throw auth.problem(user == null ? "user" : "passwordFile",
                    "is required: give bearerTokenFile, or user and passwordFile");
        }
        if (user.indexOf(':') >= 0) {
            throw auth.problem("user", "must not contain ':' (RFC 7617 2)");
        }
        return DicomWebAuth.basic(user, secret(auth, "passwordFile", passwordFile));
    }

    /** The first line of the file, trimmed; the message names the file, never its content. */
    private static String secret(ConfigBlock block, String key, String name) throws ConfigBlockException {
        Path file = block.baseDir().resolve(name);
        try {
            if (Files.size(file) > MAX_SECRET_BYTES) {
                throw block.problem(key, "file " + file + " is larger than " + MAX_SECRET_BYTES + " bytes");
            }
            String text = Files.readString(file, StandardCharsets.UTF_8).strip();
            int newline = text.indexOf('\n');
            String secret = (newline < 0 ? text : text.substring(0, newline)).strip();
            boolean printable = !secret.isEmpty() && secret.chars().allMatch(c -> c > 0x20 && c < 0x7F);
            if (!printable) {
                throw block.problem(key, "file " + file + " must hold one line of printable ASCII without spaces");
            }
            return secret;
        } catch (IOException e) {
            throw block.problem(key, "cannot read " + file + ": " + e.getClass().getSimpleName());
        }
    }
}
