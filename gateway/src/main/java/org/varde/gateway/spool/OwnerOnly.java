package org.varde.gateway.spool;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Files and folders that hold patient data are the gateway user's alone: 0600 and 0700, whatever
 * the process umask (a umask only takes bits away, so asking for these at creation is enough; a
 * umask of 022 would otherwise leave every instance readable by every local user). On a file system
 * without POSIX permissions the attributes are skipped.
 */
public final class OwnerOnly {
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");

    private OwnerOnly() {
    }

    /** For {@code Files.newByteChannel}/{@code FileChannel.open} and {@code Files.createFile}: 0600. */
    public static FileAttribute<?>[] file() {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)} : new FileAttribute<?>[0];
    }

    /** Creates one folder, 0700. */
    public static void createDirectory(Path dir) throws IOException {
        if (POSIX) {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIRECTORY));
        } else {
            Files.createDirectory(dir);
        }
    }

    /** Creates the missing folders of {@code dir}, each 0700; existing ones are left as they are. */
    public static void createDirectories(Path dir) throws IOException {
        Path absolute = dir.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            return;
        }
        if (absolute.getParent() != null) {
            createDirectories(absolute.getParent());
        }
        try {
            createDirectory(absolute);
        } catch (FileAlreadyExistsException raced) {
            // created meanwhile by another thread: fine
        }
    }

    /** Makes one existing folder of ours 0700 (a spool on a fresh mount point starts as 1777). */
    public static void restrict(Path dir) throws IOException {
        if (POSIX && Files.isDirectory(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Files.setPosixFilePermissions(dir, DIRECTORY);
        }
    }

    /**
     * Makes {@code dir} and everything below it 0700/0600, touching only what differs: for what a
     * library creates with its own permissions (H2's database files follow the umask), and for a
     * spool written by an older version under a looser umask.
     */
    public static void restrictTree(Path dir) throws IOException {
        if (!POSIX || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.toList()) {
                if (Files.isSymbolicLink(path)) {
                    continue;
                }
                Set<PosixFilePermission> wanted = Files.isDirectory(path) ? DIRECTORY : FILE;
                if (!Files.getPosixFilePermissions(path).equals(wanted)) {
                    Files.setPosixFilePermissions(path, wanted);
                }
            }
        }
    }
}
