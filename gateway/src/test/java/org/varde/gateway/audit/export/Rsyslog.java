package org.varde.gateway.audit.export;

import org.varde.dicom.tls.TestPki;
import org.varde.gateway.testing.Poll;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real syslog collector on loopback: Debian's rsyslogd in the foreground with a config of its own,
 * taking RFC 5426 UDP and RFC 5425 TLS (GnuTLS driver, client certificates required and checked by
 * name, as an ATNA audit record repository does), writing each message's RFC 5424 fields as it
 * parsed them, one line per message.
 */
final class Rsyslog implements AutoCloseable {
    static final String PERMITTED_PEER = "localhost";
    private final Path dir;
    private final TestPki.Issued ca;
    private final TestPki.Issued server;
    final int udpPort;
    final int tlsPort;
    private Process process;

    Rsyslog(Path dir, TestPki.Issued ca, TestPki.Issued server) throws IOException {
        this.dir = dir;
        this.ca = ca;
        this.server = server;
        try (DatagramSocket u = new DatagramSocket(0); ServerSocket t = new ServerSocket(0)) {
            udpPort = u.getLocalPort();
            tlsPort = t.getLocalPort();
        }
    }

    /** One message as rsyslog's RFC 5424 parser read it. */
    record Received(String pri, String version, String timestamp, String hostName, String appName, String procId,
                    String msgId, String msg) {
    }

    void start() throws IOException {
        Path conf = dir.resolve("rsyslog.conf");
        Files.writeString(conf, String.join("\n",
                "global(workDirectory=\"" + dir + "\" maxMessageSize=\"64k\"",
                "  defaultNetstreamDriver=\"gtls\"",
                "  defaultNetstreamDriverCAFile=\"" + ca.certificateFile() + "\"",
                "  defaultNetstreamDriverCertFile=\"" + server.certificateFile() + "\"",
                "  defaultNetstreamDriverKeyFile=\"" + server.keyFile() + "\")",
                "module(load=\"imtcp\" streamDriver.name=\"gtls\" streamDriver.mode=\"1\"",
                "  streamDriver.authMode=\"x509/name\" permittedPeer=[\"" + PERMITTED_PEER + "\"])",
                "input(type=\"imtcp\" address=\"127.0.0.1\" port=\"" + tlsPort + "\")",
                "module(load=\"imudp\")",
                "input(type=\"imudp\" address=\"127.0.0.1\" port=\"" + udpPort + "\")",
                "template(name=\"fields\" type=\"list\") {",
                "  property(name=\"pri\") constant(value=\"|\") property(name=\"protocol-version\")",
                "  constant(value=\"|\") property(name=\"timereported\" dateFormat=\"rfc3339\")",
                "  constant(value=\"|\") property(name=\"hostname\") constant(value=\"|\") property(name=\"app-name\")",
                "  constant(value=\"|\") property(name=\"procid\") constant(value=\"|\") property(name=\"msgid\")",
                "  constant(value=\"|\") property(name=\"msg\") constant(value=\"\\n\")",
                "}",
                "action(type=\"omfile\" file=\"" + received() + "\" template=\"fields\")",
                ""));
        ProcessBuilder builder = new ProcessBuilder("/usr/sbin/rsyslogd", "-n", "-f", conf.toString(),
                "-i", dir.resolve("rsyslogd.pid").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("rsyslogd.out").toFile());
        process = builder.start();
        if (!Poll.until(Duration.ofSeconds(30), this::listening)) {
            String out = Files.exists(dir.resolve("rsyslogd.out")) ? Files.readString(dir.resolve("rsyslogd.out")) : "";
            close();
            throw new IOException("rsyslogd did not open its TLS port " + tlsPort + ": " + out);
        }
    }

    private boolean listening() {
        if (!process.isAlive()) {
            return false;
        }
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", tlsPort), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    Path received() {
        return dir.resolve("received.log");
    }

    /** What rsyslog wrote, in arrival order; messages are ours when their MSGID is IHE+RFC-3881. */
    List<Received> messages() throws IOException {
        List<Received> out = new ArrayList<>();
        if (!Files.exists(received())) {
            return out;
        }
        for (String line : Files.readAllLines(received(), StandardCharsets.UTF_8)) {
            String[] f = line.split("\\|", 8);
            if (f.length == 8) {
                out.add(new Received(f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7]));
            }
        }
        return out;
    }

    @Override
    public void close() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }
}
