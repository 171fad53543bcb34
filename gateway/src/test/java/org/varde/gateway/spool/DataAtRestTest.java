package org.varde.gateway.spool;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.varde.dicom.data.Attributes;
import org.varde.gateway.Gateway;
import org.varde.gateway.config.GatewayConfig;
import org.varde.gateway.testing.DicomFiles;
import org.varde.gateway.testing.Processes;
import org.varde.testdata.GeneratorOptions;
import org.varde.testdata.StudyGenerator;
import org.varde.testdata.StudyKind;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Under umask 022 (the test JVM's; a control file proves it), everything the gateway writes below
 * storage.dir (spool folders and files, the reconcile's quarantine with its reason files, a
 * conflict's quarantined copy, H2's database files) has no group or other permission bit.
 */
class DataAtRestTest {
    private static final Set<PosixFilePermission> GROUP_OR_OTHER = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    @TempDir
    Path tmp;
    private final Vertx vertx = Vertx.vertx();
    private Gateway gateway;

    @AfterEach
    void stop() throws Exception {
        if (gateway != null) {
            gateway.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void spoolQuarantineAndDatabaseHaveNoGroupOrOtherBitsUnderUmask022() throws Exception {
        Path control = Files.createFile(tmp.resolve("control"));
        assertTrue(Files.getPosixFilePermissions(control).contains(PosixFilePermission.OTHERS_READ),
                "the umask lets a plain file be read by others (run under umask 022): "
                        + Files.getPosixFilePermissions(control));
        List<Path> study = StudyGenerator.generate(tmp.resolve("source"), new GeneratorOptions(StudyKind.CT_THORAX, 1, 91, 2, 32));
        // storage.dir itself is the administrator's (systemd: StateDirectoryMode=0700); an existing one is
        // never chmod-ed, since a misconfigured dir could be a shared folder. Everything below is Varde's.
        Path storage = Files.createDirectory(tmp.resolve("storage"), java.nio.file.attribute.PosixFilePermissions
                .asFileAttribute(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
        // a file the reconcile cannot journal, left by an older version under the loose umask
        Path garbage = storage.resolve("spool/1.2.3/4.5.6/7.8.9.dcm");
        Files.createDirectories(garbage.getParent());
        Files.writeString(garbage, "not DICOM");

        gateway = Gateway.start(vertx, GatewayConfig.forTests(storage))
                .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        Path conflicting = Files.copy(study.get(0), tmp.resolve("conflicting.dcm"));
        assertEquals(0, Processes.run(List.of("dcmodify", "-nb", "-m", "(0010,0020)=OTHER", conflicting.toString()),
                tmp).exitCode());
        for (Path file : List.of(study.get(0), study.get(1), conflicting)) {
            Processes.Result sent = Processes.run(List.of("storescu", "-aet", "MODALITY", "-aec", "VARDE", "127.0.0.1",
                    Integer.toString(gateway.dicomPort()), file.toString()), tmp);
            assertEquals(0, sent.exitCode(), sent.output());
        }
        Attributes header = DicomFiles.header(study.get(0));
        assertTrue(Files.isRegularFile(gateway.spool().resolve(DicomFiles.spoolPath(header))));
        assertEquals(2, gateway.quarantine().count(), "the reconcile's and the conflict's");
        gateway.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        gateway = null;

        List<String> exposed = new ArrayList<>();
        int checked = 0;
        try (Stream<Path> walk = Files.walk(storage)) {
            for (Path path : walk.toList()) {
                Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
                checked++;
                if (permissions.stream().anyMatch(GROUP_OR_OTHER::contains)) {
                    exposed.add(storage.relativize(path) + " " + java.nio.file.attribute.PosixFilePermissions.toString(permissions));
                }
            }
        }
        assertEquals(List.of(), exposed, "group or other bits");
        assertTrue(Files.list(storage.resolve("db")).findAny().isPresent(), "H2's files are among those checked");
        assertTrue(checked > 12, "spool, quarantine and database walked: " + checked);
    }
}
