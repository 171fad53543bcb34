package org.varde.dicom.tls;

import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import javax.security.auth.x500.X500Principal;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * Certificates the TLS tests make themselves (BouncyCastle): a CA, certificates it issues (server for
 * 127.0.0.1 and localhost, client, expired, for another host), and a second, unrelated CA. Written as
 * PEM (PKCS#8 keys) and PKCS#12 into a folder, as an administrator would receive them.
 */
public final class TestPki {
    public static final String PASSWORD = "changeit-test";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path dir;

    private TestPki(Path dir) {
        this.dir = dir;
    }

    public static TestPki in(Path dir) {
        return new TestPki(dir);
    }

    /** One certificate with its key and the files they were written to. */
    public record Issued(String name, X509Certificate certificate, PrivateKey key, Path certificateFile,
                         Path keyFile, KeyPair pair) {
        public BigInteger serial() {
            return certificate.getSerialNumber();
        }
    }

    /** A self-signed CA valid from yesterday for a year. */
    public Issued ca(String name) throws Exception {
        KeyPair pair = keyPair();
        // X500Principal reads RFC 2253 (most significant RDN last), so the certificate is encoded
        // O then CN as real CAs issue them, and prints back as "CN=...,O=..."
        X500Principal subject = new X500Principal("CN=" + name + ",O=Varde Test");
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(365))), subject,
                pair.getPublic());
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        builder.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()));
        X509Certificate cert = sign(builder, pair.getPrivate());
        return write(name, cert, pair);
    }

    /** Server and client use in one: for 127.0.0.1 and localhost, valid from yesterday for 30 days. */
    public Issued issue(Issued ca, String name) throws Exception {
        Instant now = Instant.now();
        return issue(ca, name, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)), List.of("localhost"), true);
    }

    /** Expired yesterday. */
    public Issued expired(Issued ca, String name) throws Exception {
        Instant now = Instant.now();
        return issue(ca, name, now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1)), List.of("localhost"), true);
    }

    /** Valid, but for another host only: host name verification must refuse it at 127.0.0.1. */
    public Issued forOtherHost(Issued ca, String name) throws Exception {
        Instant now = Instant.now();
        return issue(ca, name, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)),
                List.of("pacs.elsewhere.example"), false);
    }

    private Issued issue(Issued ca, String name, Instant from, Instant to, List<String> dnsNames, boolean loopbackIp)
            throws Exception {
        KeyPair pair = keyPair();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ca.certificate(), serial(),
                Date.from(from), Date.from(to), new X500Principal("CN=" + name + ",O=Varde Test"), pair.getPublic());
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.keyUsage, true,
                new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
        GeneralName[] names = new GeneralName[dnsNames.size() + (loopbackIp ? 1 : 0)];
        for (int i = 0; i < dnsNames.size(); i++) {
            names[i] = new GeneralName(GeneralName.dNSName, dnsNames.get(i));
        }
        if (loopbackIp) {
            names[names.length - 1] = new GeneralName(GeneralName.iPAddress, "127.0.0.1");
        }
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
        builder.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()));
        builder.addExtension(Extension.authorityKeyIdentifier, false,
                ext.createAuthorityKeyIdentifier(ca.certificate()));
        return write(name, sign(builder, ca.key()), pair);
    }

    /** The certificate and key as one PKCS#12 file (with the CA in the chain). */
    public Path pkcs12(Issued issued, Issued ca) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry(issued.name(), issued.key(), PASSWORD.toCharArray(),
                new Certificate[] {issued.certificate(), ca.certificate()});
        Path file = dir.resolve(issued.name() + ".p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, PASSWORD.toCharArray());
        }
        return file;
    }

    /** A trust store holding the CA certificate. */
    public Path trustStore(Issued ca) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry(ca.name(), ca.certificate());
        Path file = dir.resolve(ca.name() + "-trust.p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, PASSWORD.toCharArray());
        }
        return file;
    }

    /** Copies {@code source}'s files over {@code target}'s, the way a renewal replaces them (rename into place). */
    public static void replace(Issued target, Issued source) throws IOException {
        for (Path[] pair : new Path[][] {{source.certificateFile(), target.certificateFile()},
                {source.keyFile(), target.keyFile()}}) {
            Path tmp = pair[1].resolveSibling(pair[1].getFileName() + ".new");
            Files.copy(pair[0], tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, pair[1], StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private Issued write(String name, X509Certificate cert, KeyPair pair) throws IOException {
        Path certFile = dir.resolve(name + ".crt");
        Path keyFile = dir.resolve(name + ".key");
        Files.writeString(certFile, pem(cert));
        Files.writeString(keyFile, pem(new JcaPKCS8Generator(pair.getPrivate(), null)));
        return new Issued(name, cert, pair.getPrivate(), certFile, keyFile, pair);
    }

    private static String pem(Object object) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        }
        return text.toString();
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey issuerKey) throws Exception {
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuerKey)));
    }

    private static KeyPair keyPair() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048, RANDOM);
        return generator.generateKeyPair();
    }

    private static BigInteger serial() {
        return new BigInteger(64, RANDOM).add(BigInteger.ONE);
    }
}
