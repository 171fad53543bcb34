package org.varde.dicom.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** A free loopback port for peers that cannot bind port 0 themselves (storescp, Orthanc). */
final class FreePort {
    private FreePort() {
    }

    static int find() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
