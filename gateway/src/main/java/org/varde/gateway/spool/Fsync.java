package org.varde.gateway.spool;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Forcing to disk, the way Linux wants it. Blocking. */
final class Fsync {
    private Fsync() {
    }

    /** A file needs only its data and size (fdatasync, force(false)): its timestamps can be lost. */
    static void file(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(false);
        }
    }

    /** Linux: fsync on a directory opened read-only persists its entries (a rename, a new file). */
    static void directory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
