package org.varde.dicom.tls;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a {@code tls:} block of the config (the listener's {@code dicom.tls}, {@code http.tls}, or an
 * endpoint's) from the plain maps and lists a YAML parser gives. One reader serves every caller so a
 * block means the same everywhere. Relative paths are resolved against the config file's folder; a
 * file named but not readable is refused now, with its key, rather than at the first connection.
 */
public final class TlsSettingsReader {
    /** Which end the block configures: only a listener asks for client certificates. */
    public enum Side { LISTENER, CLIENT }

    private static final Set<String> COMMON = Set.of("profile", "certificate", "key", "keyStore", "keyStorePassword",
            "trustedCertificates", "trustStore", "trustStorePassword", "allowedPeers");

    private final Map<String, ?> block;
    private final String path;
    private final Path baseDir;
    private final Side side;
    private final Set<String> extraKeys;
    private final ClientAuthMode clientAuthWhenAbsent;

    private TlsSettingsReader(Map<String, ?> block, String path, Path baseDir, Side side, Set<String> extraKeys,
                              ClientAuthMode clientAuthWhenAbsent) {
        this.block = block;
        this.path = path;
        this.baseDir = baseDir;
        this.side = side;
        this.extraKeys = extraKeys;
        this.clientAuthWhenAbsent = clientAuthWhenAbsent;
    }

    /**
     * @param keyPath   where the block is, e.g. {@code dicom.tls}, for error messages
     * @param extraKeys keys of the caller's own in the same block (e.g. {@code port}), read by it
     */
    public static TlsSettings read(Map<String, ?> block, String keyPath, Path baseDir, Side side, Set<String> extraKeys)
            throws TlsConfigException {
        // deny by default: a DICOM node that wants TLS without client certificates says so
        return new TlsSettingsReader(block, keyPath, baseDir, side, extraKeys, ClientAuthMode.REQUIRED).read();
    }

    /**
     * A listener whose {@code clientAuth} defaults to {@code whenAbsent}: the HTTP API's, where browsers
     * and API clients authenticate with tokens, defaults to none.
     */
    public static TlsSettings readListener(Map<String, ?> block, String keyPath, Path baseDir, Set<String> extraKeys,
                                           ClientAuthMode whenAbsent) throws TlsConfigException {
        return new TlsSettingsReader(block, keyPath, baseDir, Side.LISTENER, extraKeys, whenAbsent).read();
    }

    private TlsSettings read() throws TlsConfigException {
        refuseUnknownKeys();
        TlsProfile profile = profile();
        KeyMaterial key = key();
        TrustMaterial trust = trust();
        ClientAuthMode clientAuth = side == Side.LISTENER ? clientAuth() : ClientAuthMode.NONE;
        PeerAllowList allowed = allowedPeers();
        if (side == Side.LISTENER && key == null) {
            throw new TlsConfigException(key("certificate"), "a TLS listener needs its certificate: certificate and key "
                    + "(PEM) or keyStore and keyStorePassword (PKCS#12)");
        }
        if (clientAuth != ClientAuthMode.NONE && trust == null) {
            throw new TlsConfigException(key("trustedCertificates"), "is required when clientAuth is "
                    + clientAuth.word() + " (the CAs that issue the client certificates); or set clientAuth: none");
        }
        if (side == Side.LISTENER && clientAuth == ClientAuthMode.NONE && !allowed.isEmpty()) {
            throw new TlsConfigException(key("allowedPeers"), "needs client certificates: set clientAuth to required");
        }
        return new TlsSettings(profile, key, trust, clientAuth, allowed);
    }

    private void refuseUnknownKeys() throws TlsConfigException {
        for (String name : block.keySet()) {
            boolean known = COMMON.contains(name) || extraKeys.contains(name)
                    || side == Side.LISTENER && name.equals("clientAuth");
            if (!known) {
                throw new TlsConfigException(key(name), "unknown key");
            }
        }
    }

    private TlsProfile profile() throws TlsConfigException {
        String word = text("profile");
        if (word == null) {
            return TlsProfile.BCP195_NON_DOWNGRADING;
        }
        TlsProfile profile = TlsProfile.fromWord(word);
        if (profile == null) {
            throw new TlsConfigException(key("profile"), "must be one of " + words(TlsProfile.values()) + ", was \"" + word + "\"");
        }
        return profile;
    }

    private ClientAuthMode clientAuth() throws TlsConfigException {
        String word = text("clientAuth");
        if (word == null) {
            return clientAuthWhenAbsent;
        }
        ClientAuthMode mode = ClientAuthMode.fromWord(word);
        if (mode == null) {
            throw new TlsConfigException(key("clientAuth"), "must be one of none, optional, required, was \"" + word + "\"");
        }
        return mode;
    }

    private KeyMaterial key() throws TlsConfigException {
        Path certificate = file("certificate");
        Path keyFile = file("key");
        Path store = file("keyStore");
        String password = text("keyStorePassword");
        if (store != null) {
            if (certificate != null || keyFile != null) {
                throw new TlsConfigException(key("keyStore"), "give either keyStore or certificate and key, not both");
            }
            if (password == null) {
                throw new TlsConfigException(key("keyStorePassword"), "is required with keyStore");
            }
            return KeyMaterial.pkcs12(store, password);
        }
        if (password != null) {
            throw new TlsConfigException(key("keyStorePassword"), "belongs with keyStore, which is not set");
        }
        if (certificate == null && keyFile == null) {
            return null;
        }
        if (certificate == null || keyFile == null) {
            throw new TlsConfigException(key(certificate == null ? "certificate" : "key"),
                    "is required: certificate and key go together");
        }
        return KeyMaterial.pem(certificate, keyFile);
    }

    private TrustMaterial trust() throws TlsConfigException {
        Path pem = file("trustedCertificates");
        Path store = file("trustStore");
        String password = text("trustStorePassword");
        if (pem != null && store != null) {
            throw new TlsConfigException(key("trustStore"), "give either trustStore or trustedCertificates, not both");
        }
        if (store != null) {
            if (password == null) {
                throw new TlsConfigException(key("trustStorePassword"), "is required with trustStore");
            }
            return TrustMaterial.pkcs12(store, password);
        }
        if (password != null) {
            throw new TlsConfigException(key("trustStorePassword"), "belongs with trustStore, which is not set");
        }
        return pem == null ? null : TrustMaterial.pem(pem);
    }

    private PeerAllowList allowedPeers() throws TlsConfigException {
        Object value = block.get("allowedPeers");
        if (value == null) {
            return PeerAllowList.ANY;
        }
        if (!(value instanceof List<?> list)) {
            throw new TlsConfigException(key("allowedPeers"), "must be a list of subject DNs or sha256:<fingerprint>");
        }
        List<String> entries = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof String s)) {
                throw new TlsConfigException(key("allowedPeers") + "[" + i + "]", "must be a string");
            }
            entries.add(s);
        }
        try {
            return PeerAllowList.parse(entries);
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            int end = message.indexOf(']');
            throw new TlsConfigException(key("allowedPeers") + message.substring(0, end + 1), message.substring(end + 2));
        }
    }

    private Path file(String name) throws TlsConfigException {
        String value = text(name);
        if (value == null) {
            return null;
        }
        Path file;
        try {
            file = baseDir.resolve(value).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new TlsConfigException(key(name), "not a valid path: " + e.getReason());
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new TlsConfigException(key(name), "cannot read " + file);
        }
        return file;
    }

    private String text(String name) throws TlsConfigException {
        Object value = block.get(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String s) || s.isBlank()) {
            throw new TlsConfigException(key(name), "must be a non-empty string");
        }
        return s;
    }

    private String key(String name) {
        return path + "." + name;
    }

    private static String words(Enum<?>[] values) {
        List<String> words = new ArrayList<>();
        for (Enum<?> v : values) {
            words.add(((TlsProfile) v).word());
        }
        return String.join(", ", words);
    }
}
