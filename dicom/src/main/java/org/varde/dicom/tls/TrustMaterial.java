package org.varde.dicom.tls;

import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The certificate authorities we trust to vouch for a peer: a PEM file of one or more CA
 * certificates, or a PKCS#12 trust store. None given means the JDK's own CAs (public ones), which
 * only a client towards a public HTTPS service should rely on.
 */
public final class TrustMaterial {
    private final Path pemFile;
    private final Path storeFile;
    private final String storePassword;

    private TrustMaterial(Path pemFile, Path storeFile, String storePassword) {
        this.pemFile = pemFile;
        this.storeFile = storeFile;
        this.storePassword = storePassword;
    }

    public static TrustMaterial pem(Path file) {
        return new TrustMaterial(Objects.requireNonNull(file), null, null);
    }

    public static TrustMaterial pkcs12(Path file, String password) {
        return new TrustMaterial(null, Objects.requireNonNull(file), Objects.requireNonNull(password));
    }

    public List<Path> files() {
        return List.of(pemFile != null ? pemFile : storeFile);
    }

    /** PKIX validation (chain, validity dates, key usage) against these CAs. Blocking: reads the file. */
    X509ExtendedTrustManager load() throws IOException, GeneralSecurityException {
        KeyStore anchors;
        if (pemFile != null) {
            anchors = KeyStore.getInstance("PKCS12");
            anchors.load(null, null);
            List<X509Certificate> cas = KeyMaterial.Pem.certificates(Files.readAllBytes(pemFile), pemFile);
            for (int i = 0; i < cas.size(); i++) {
                anchors.setCertificateEntry("ca-" + i, cas.get(i));
            }
        } else {
            anchors = KeyMaterial.Pkcs12.load(storeFile, storePassword);
            boolean anyCertificate = false;
            for (String alias : Collections.list(anchors.aliases())) {
                anyCertificate |= anchors.isCertificateEntry(alias);
            }
            if (!anyCertificate) {
                throw new GeneralSecurityException(storeFile + " holds no trusted certificate entry");
            }
        }
        return pkix(anchors);
    }

    /** The JDK's default CAs. */
    static X509ExtendedTrustManager jdkDefault() throws GeneralSecurityException {
        return pkix(null);
    }

    private static X509ExtendedTrustManager pkix(KeyStore anchors) throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
        factory.init(anchors);
        for (TrustManager m : factory.getTrustManagers()) {
            if (m instanceof X509ExtendedTrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("the JDK offers no X.509 trust manager");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrustMaterial t && Objects.equals(pemFile, t.pemFile)
                && Objects.equals(storeFile, t.storeFile) && Objects.equals(storePassword, t.storePassword);
    }

    @Override
    public int hashCode() {
        return Objects.hash(pemFile, storeFile);
    }

    @Override
    public String toString() {
        return pemFile != null ? "PEM " + pemFile : "PKCS#12 " + storeFile;
    }
}
