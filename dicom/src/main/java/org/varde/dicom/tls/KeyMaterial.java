package org.varde.dicom.tls;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemKeyCertOptions;

import javax.net.ssl.KeyManagerFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Our own certificate and private key: a PEM pair (certificate chain, leaf first, and an
 * unencrypted PKCS#8, PKCS#1 or SEC1 key) or a PKCS#12 key store with its password.
 */
public final class KeyMaterial {
    private final Path certificateFile;
    private final Path keyFile;
    private final Path keyStoreFile;
    private final String keyStorePassword;

    private KeyMaterial(Path certificateFile, Path keyFile, Path keyStoreFile, String keyStorePassword) {
        this.certificateFile = certificateFile;
        this.keyFile = keyFile;
        this.keyStoreFile = keyStoreFile;
        this.keyStorePassword = keyStorePassword;
    }

    public static KeyMaterial pem(Path certificateFile, Path keyFile) {
        return new KeyMaterial(Objects.requireNonNull(certificateFile), Objects.requireNonNull(keyFile), null, null);
    }

    public static KeyMaterial pkcs12(Path keyStoreFile, String password) {
        return new KeyMaterial(null, null, Objects.requireNonNull(keyStoreFile), Objects.requireNonNull(password));
    }

    /** The files read; a change of any of them is a new certificate to load. */
    public List<Path> files() {
        return keyStoreFile != null ? List.of(keyStoreFile) : List.of(certificateFile, keyFile);
    }

    /** The key manager and our certificate chain, read from the files now. Blocking. */
    Loaded load(Vertx vertx) throws IOException, GeneralSecurityException {
        return keyStoreFile != null ? loadPkcs12() : loadPem(vertx);
    }

    record Loaded(KeyManagerFactory keyManagers, List<X509Certificate> chain) {
    }

    private Loaded loadPem(Vertx vertx) throws IOException, GeneralSecurityException {
        // read once: the key manager and the certificate we report come from the same bytes, even
        // when the files are being replaced while we read
        byte[] certificate = Files.readAllBytes(certificateFile);
        byte[] key = Files.readAllBytes(keyFile);
        List<X509Certificate> chain = Pem.certificates(certificate, certificateFile);
        KeyManagerFactory factory;
        try {
            // Vert.x reads the three PEM key encodings (PKCS#8, PKCS#1 RSA, SEC1 EC)
            factory = new PemKeyCertOptions().setCertValue(Buffer.buffer(certificate)).setKeyValue(Buffer.buffer(key))
                    .getKeyManagerFactory(vertx);
        } catch (GeneralSecurityException | IOException | RuntimeException e) {
            throw new GeneralSecurityException(keyFile + " is not a usable PEM private key for " + certificateFile
                    + ": " + e.getMessage(), e);
        } catch (Exception e) {
            throw new GeneralSecurityException(keyFile + ": " + e.getMessage(), e);
        }
        return new Loaded(factory, chain);
    }

    private Loaded loadPkcs12() throws IOException, GeneralSecurityException {
        KeyStore store = Pkcs12.load(keyStoreFile, keyStorePassword);
        String alias = null;
        for (String a : Collections.list(store.aliases())) {
            if (store.isKeyEntry(a)) {
                alias = a;
                break;
            }
        }
        if (alias == null) {
            throw new GeneralSecurityException(keyStoreFile + " holds no private key entry");
        }
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, keyStorePassword.toCharArray());
        List<X509Certificate> chain = new ArrayList<>();
        for (Certificate c : store.getCertificateChain(alias)) {
            chain.add((X509Certificate) c);
        }
        return new Loaded(factory, chain);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyMaterial k && Objects.equals(certificateFile, k.certificateFile)
                && Objects.equals(keyFile, k.keyFile) && Objects.equals(keyStoreFile, k.keyStoreFile)
                && Objects.equals(keyStorePassword, k.keyStorePassword);
    }

    @Override
    public int hashCode() {
        return Objects.hash(certificateFile, keyFile, keyStoreFile);
    }

    /** Names the files, never the password. */
    @Override
    public String toString() {
        return keyStoreFile != null ? "PKCS#12 " + keyStoreFile : "PEM " + certificateFile + " + " + keyFile;
    }

    static final class Pem {
        private Pem() {
        }

        static List<X509Certificate> certificates(byte[] pem, Path file) throws GeneralSecurityException {
            List<X509Certificate> list = new ArrayList<>();
            try {
                for (Certificate c : java.security.cert.CertificateFactory.getInstance("X.509")
                        .generateCertificates(new ByteArrayInputStream(pem))) {
                    list.add((X509Certificate) c);
                }
            } catch (java.security.cert.CertificateException e) {
                throw new GeneralSecurityException(file + " is not a PEM certificate file: " + e.getMessage(), e);
            }
            if (list.isEmpty()) {
                throw new GeneralSecurityException(file + " holds no certificate");
            }
            return list;
        }
    }

    static final class Pkcs12 {
        private Pkcs12() {
        }

        static KeyStore load(Path file, String password) throws IOException, GeneralSecurityException {
            byte[] bytes = Files.readAllBytes(file);
            KeyStore store = KeyStore.getInstance("PKCS12");
            try {
                store.load(new ByteArrayInputStream(bytes), password.toCharArray());
            } catch (IOException e) {
                // a wrong password surfaces as an IOException whose cause is UnrecoverableKeyException
                throw new GeneralSecurityException(file + " cannot be opened as PKCS#12 (wrong password?): "
                        + e.getMessage(), e);
            }
            return store;
        }
    }
}
