package org.varde.gateway.spool;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shipped systemd unit keeps the umask tight and the sandbox on (deploy/varde.service). */
class SystemdUnitTest {
    @Test
    void unitSetsUmask0077AndTheSandbox() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("..", "deploy", "varde.service")).stream()
                .map(String::strip).filter(l -> !l.startsWith("#")).toList();
        for (String setting : List.of("UMask=0077", "NoNewPrivileges=yes", "ProtectSystem=strict", "ProtectHome=yes",
                "PrivateTmp=yes", "PrivateDevices=yes", "CapabilityBoundingSet=", "ReadWritePaths=/var/lib/varde",
                "RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX", "StateDirectoryMode=0700")) {
            assertTrue(lines.contains(setting), "deploy/varde.service sets " + setting);
        }
    }
}
