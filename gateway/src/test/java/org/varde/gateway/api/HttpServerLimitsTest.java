package org.varde.gateway.api;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.varde.gateway.testing.Poll;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The HTTP server over raw sockets: an idle connection is closed, connections over the limit are closed. */
class HttpServerLimitsTest {
    // generous for a loaded machine; the server's own timers are 1 s
    private static final int READ_TIMEOUT_MILLIS = 60_000;

    @TempDir
    Path tmp;
    private ApiFixture api;

    @BeforeEach
    void setUp() throws Exception {
        api = new ApiFixture(tmp);
    }

    @AfterEach
    void tearDown() throws Exception {
        api.close();
    }

    @Test
    void idleConnectionIsClosedByTheServer() throws Exception {
        api.start(api.config.http().withLimits(Duration.ofSeconds(1), 16));
        try (Socket socket = connect()) {
            // says nothing at all: a slow-loris or a forgotten client
            assertEquals(-1, socket.getInputStream().read(), "the server closed the idle connection");
        }
        try (Socket socket = connect()) {
            // half a request, then silence
            socket.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals(-1, drain(socket.getInputStream()), "closed without ever completing the request");
        }
    }

    @Test
    void connectionsOverTheLimitAreClosedAndTheOthersServed() throws Exception {
        api.start(api.config.http().withLimits(Duration.ofSeconds(60), 2));
        try (Socket first = connect(); Socket second = connect()) {
            // both counted: each has had an answer on its keep-alive connection
            assertTrue(healthOn(first).startsWith("HTTP/1.1 200"));
            assertTrue(healthOn(second).startsWith("HTTP/1.1 200"));

            try (Socket third = connect()) {
                assertTrue(isClosedWithoutAnswer(third), "a third connection is closed");
            }
            assertTrue(healthOn(first).startsWith("HTTP/1.1 200"), "the first two are still served");
        }
        // the server learns of the two closes asynchronously: a place freed is given again once it has
        assertTrue(Poll.untilIo(Duration.ofSeconds(60), () -> {
            try (Socket afterwards = connect()) {
                return healthOn(afterwards).startsWith("HTTP/1.1 200");
            } catch (SocketException reset) {
                return false;
            }
        }), "a place freed is given again");
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", api.port);
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        return socket;
    }

    /** One keep-alive GET /health; returns the response head and body as read up to the body's end. */
    private static String healthOn(Socket socket) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        StringBuilder text = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            text.append((char) c);
            if (text.toString().endsWith("\"UP\"}")) {
                break;
            }
        }
        return text.toString();
    }

    private static boolean isClosedWithoutAnswer(Socket socket) throws IOException {
        try {
            socket.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            return socket.getInputStream().read() == -1;
        } catch (SocketException reset) {
            return true;
        }
    }

    private static int drain(InputStream in) throws IOException {
        try {
            int c;
            while ((c = in.read()) != -1) {
                // a 408 or nothing: either way the server ends it
            }
            return c;
        } catch (SocketException reset) {
            return -1;
        }
    }
}
