package org.varde.dicom.tls;

import io.vertx.core.http.ClientAuth;

/** Whether a TLS listener asks the peer for a certificate (PS3.15 B.10: both ends may authenticate). */
public enum ClientAuthMode {
    /** No client certificate asked for. */
    NONE("none", ClientAuth.NONE),
    /** Asked for; a peer without one is let in, one with an untrusted one is refused. */
    OPTIONAL("optional", ClientAuth.REQUEST),
    /** A certificate from a trusted CA (and on the allow-list, if one is set) or no connection. */
    REQUIRED("required", ClientAuth.REQUIRED);

    private final String word;
    private final ClientAuth vertx;

    ClientAuthMode(String word, ClientAuth vertx) {
        this.word = word;
        this.vertx = vertx;
    }

    public String word() {
        return word;
    }

    ClientAuth vertx() {
        return vertx;
    }

    public static ClientAuthMode fromWord(String word) {
        for (ClientAuthMode m : values()) {
            if (m.word.equals(word)) {
                return m;
            }
        }
        return null;
    }
}
