package org.varde.dicom.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.Predicate;

/** Free loopback ports for peers that cannot bind port 0 themselves (storescp, Orthanc). */
final class FreePort {
    private static final int START_ATTEMPTS = 3;

    private FreePort() {
    }

    static int find() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Starts a peer on the ports it is given; the peer must not be alive until it is ready. */
    interface Peer {
        Process start(int[] ports) throws IOException;
    }

    /**
     * Starts {@code peer} on {@code count} free ports and waits until {@code ready} holds. A port found
     * free may be taken by another process before the peer binds it (parallel builds share this
     * machine): the peer then exits, and is started again on other ports.
     *
     * @return the running peer and its ports
     */
    static Started start(int count, Peer peer, Predicate<int[]> ready, Duration timeout) throws IOException {
        for (int attempt = 1; ; attempt++) {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ports[i] = find();
            }
            Process process = peer.start(ports);
            Await.until(() -> !process.isAlive() || ready.test(ports), timeout, "peer on ports "
                    + Arrays.toString(ports) + " to be ready");
            if (process.isAlive()) {
                return new Started(process, ports);
            }
            if (attempt == START_ATTEMPTS) {
                throw new AssertionError("peer exited " + START_ATTEMPTS + " times before it was ready, last with "
                        + process.exitValue() + " on ports " + Arrays.toString(ports));
            }
        }
    }

    /** A peer started by {@link #start}. */
    record Started(Process process, int[] ports) {
        int port() {
            return ports[0];
        }
    }
}
