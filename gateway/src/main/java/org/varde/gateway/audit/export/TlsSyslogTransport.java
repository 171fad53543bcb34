package org.varde.gateway.audit.export;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * RFC 5425: syslog over TLS, each message framed by its length in octets ({@code MSG-LEN SP
 * SYSLOG-MSG}), the collector's certificate verified against the configured trust and its host
 * name (RFC 6125), Varde's own certificate shown when configured (ATNA's mutual authentication).
 * A failed send drops the connection; the next send makes a new one. RFC 5425 has no
 * acknowledgement: a message written just before the collector fails can be lost in its buffers
 * (the store's chain stays the record; {@code ./varde audit export} writes any of it as JSON lines).
 */
final class TlsSyslogTransport implements SyslogTransport {
    private final String host;
    private final int port;
    private final SSLContext context;
    private final SSLParameters parameters;
    private final Duration timeout;
    private SSLSocket socket;
    private OutputStream out;

    TlsSyslogTransport(String host, int port, SSLContext context, SSLParameters parameters, Duration timeout) {
        this.host = host;
        this.port = port;
        this.context = context;
        this.parameters = parameters;
        this.timeout = timeout;
    }

    @Override
    public void send(byte[] message) throws IOException {
        try {
            if (socket != null && closedByPeer()) {
                close();
            }
            if (socket == null) {
                connect();
            }
            out.write((message.length + " ").getBytes(StandardCharsets.US_ASCII));
            out.write(message);
            out.flush();
        } catch (IOException | RuntimeException e) {
            close();
            throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
        }
    }

    /**
     * A collector never writes to us, so anything readable is its end of the connection. Without this
     * look, the first message after a collector went away would be written into a dead connection
     * and reported sent: RFC 5425 has no acknowledgement to catch that.
     */
    private boolean closedByPeer() {
        try {
            socket.setSoTimeout(1);
            try {
                return socket.getInputStream().read() < 0;
            } finally {
                socket.setSoTimeout((int) timeout.toMillis());
            }
        } catch (java.net.SocketTimeoutException quiet) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private void connect() throws IOException {
        Socket plain = new Socket();
        try {
            plain.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            plain.setSoTimeout((int) timeout.toMillis());
            SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, true);
            tls.setSSLParameters(parameters);
            tls.startHandshake();
            socket = tls;
            out = new BufferedOutputStream(tls.getOutputStream(), 64 * 1024);
        } catch (IOException | RuntimeException e) {
            plain.close();
            throw e;
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // nothing more to say: the connection is gone either way
            }
        }
        socket = null;
        out = null;
    }
}
