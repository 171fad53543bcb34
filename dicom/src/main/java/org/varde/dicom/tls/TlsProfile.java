package org.varde.dicom.tls;

import java.util.List;

/**
 * The PS3.15 Annex B secure transport connection profiles Varde speaks: which TLS versions and
 * cipher suites a connection may negotiate, on the listener and towards peers alike.
 *
 * <p>Not offered: the BCP 195 TLS Profile of B.9 (it lets a peer fall back to TLS 1.0 and
 * {@code TLS_RSA_WITH_3DES_EDE_CBC_SHA}) and the retired Basic, AES and unencrypted ATNA profiles.
 * A peer that speaks B.9 negotiates TLS 1.2 with one of the AEAD suites below, which B.9 lists too.
 */
public enum TlsProfile {
    /**
     * PS3.15 B.10 Non-Downgrading BCP 195 TLS Profile: TLS 1.2 or newer only; the RFC 7525 4.2
     * suites (ECDHE and DHE with RSA, AES-GCM), their ECDSA twins ("additional cipher suites of
     * similar or greater strength may be supported") and the TLS 1.3 suites of RFC 8446 9.1.
     * dcmtk's default profile ({@code +py}). Ours too.
     */
    BCP195_NON_DOWNGRADING("bcp195-nd", List.of(
            "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384")),
    /**
     * PS3.15 B.12 BCP 195 RFC 8996, 9325 TLS Profile: TLS 1.2 and 1.3 (1.3 preferred); TLS 1.2 only
     * with the RFC 9325 4.2 suites (ECDHE, AES-GCM; no DHE, no CBC), TLS 1.3 with the RFC 8446 suites
     * RFC 9325 keeps.
     */
    BCP195_RFC9325("bcp195-rfc9325", List.of(
            "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"));

    /** RFC 8996: TLS 1.0 and 1.1 are deprecated; both profiles take 1.2 and 1.3, 1.3 first. */
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private final String word;
    private final List<String> cipherSuites;

    TlsProfile(String word, List<String> cipherSuites) {
        this.word = word;
        this.cipherSuites = cipherSuites;
    }

    /** The name in config ({@code profile: bcp195-nd}). */
    public String word() {
        return word;
    }

    /** In order of preference (RFC 7525 4.2.1: ECDHE_RSA with AES-128-GCM first among the TLS 1.2 suites). */
    public List<String> cipherSuites() {
        return cipherSuites;
    }

    public static TlsProfile fromWord(String word) {
        for (TlsProfile p : values()) {
            if (p.word.equals(word)) {
                return p;
            }
        }
        return null;
    }
}
