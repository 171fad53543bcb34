package org.varde.gateway.audit.export;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;

/**
 * RFC 5426: one syslog message per datagram. UDP says nothing of arrival; it is offered for
 * collectors that take nothing else, and the configuration reference says to prefer TLS.
 */
final class UdpSyslogTransport implements SyslogTransport {
    /** RFC 5426 3.2: IPv4 carries at most 65,507 octets of payload. */
    static final int MAX_DATAGRAM = 65_507;

    private final InetSocketAddress collector;
    private DatagramSocket socket;

    UdpSyslogTransport(String host, int port) {
        this.collector = new InetSocketAddress(host, port);
    }

    @Override
    public void send(byte[] message) throws IOException {
        if (message.length > MAX_DATAGRAM) {
            throw new IOException("audit message of " + message.length + " bytes does not fit one UDP datagram ("
                    + MAX_DATAGRAM + "): use transport tls");
        }
        if (collector.isUnresolved()) {
            throw new IOException("cannot resolve syslog host " + collector.getHostString());
        }
        if (socket == null) {
            socket = new DatagramSocket();
        }
        socket.send(new DatagramPacket(message, message.length, collector));
    }

    @Override
    public void close() {
        if (socket != null) {
            socket.close();
        }
        socket = null;
    }
}
