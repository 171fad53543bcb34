package org.varde.gateway.spool;

import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.varde.gateway.config.StorageSettings;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Where files go that the gateway keeps but will not process: {@code <storage.dir>/quarantine}, a
 * sibling of the spool. Each item is {@code <id>.dcm} with {@code <id>.reason} (JSON) beside it; the
 * id is a random UUID, never a name from the input. A file is moved here instead of being deleted
 * whenever deleting it could lose something a sender was told is stored (a conflicting resend) or
 * something nobody has looked at yet (a spool file the start-up reconcile cannot journal), so that a
 * bad file never stops the gateway and never disappears silently. Blocking: worker threads only.
 */
public final class Quarantine {
    public static final String FILE_SUFFIX = ".dcm";
    public static final String REASON_SUFFIX = ".reason";
    /** Reason files are ours and small; a bigger one is not read back into memory. */
    private static final int MAX_REASON_BYTES = 64 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(Quarantine.class);

    /** Why an item is here; {@link #description()} is what the API shows (no identity, no path). */
    public enum Reason {
        UNREADABLE("the header cannot be read"),
        NOT_JOURNALED("the journal refused the instance's row"),
        MISPLACED("the file is not where its UIDs say it belongs"),
        CONFLICT("same SOP Instance UID as a stored instance, but a different Patient ID or Study Instance UID");

        private final String description;

        Reason(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    /**
     * One quarantined file as its reason file describes it.
     *
     * @param detail the failure in the gateway's words (may name UIDs, never a patient); not for viewers
     */
    public record Item(String id, Reason reason, String detail, Instant quarantinedAt, String sopInstanceUid,
                       String studyInstanceUid, long byteCount) {
    }

    private final Path dir;
    private final boolean fsync;

    private Quarantine(Path dir, boolean fsync) {
        this.dir = dir;
        this.fsync = fsync;
    }

    /** Creates the folder when missing. */
    public static Quarantine open(StorageSettings storage) throws IOException {
        Quarantine quarantine = new Quarantine(storage.quarantineDir().toAbsolutePath().normalize(), storage.fsync());
        OwnerOnly.createDirectories(quarantine.dir);
        OwnerOnly.restrict(quarantine.dir);
        return quarantine;
    }

    public Path dir() {
        return dir;
    }

    /**
     * Moves {@code file} (which must be on the same file system: the spool and this folder are
     * siblings) here with a reason file beside it, both forced to disk when fsync is on, so that the
     * item survives a crash once this returns. The file's data first, then the rename, then the
     * reason, then the folder's entries.
     *
     * @return the item as recorded
     */
    public Item admit(Path file, Reason reason, String detail, String sopInstanceUidOrNull,
                      String studyInstanceUidOrNull) throws IOException {
        String id = UUID.randomUUID().toString();
        long size = Files.size(file);
        if (fsync) {
            Fsync.file(file);
        }
        Path kept = dir.resolve(id + FILE_SUFFIX);
        Files.move(file, kept, StandardCopyOption.ATOMIC_MOVE);
        OwnerOnly.restrictTree(kept); // a file found in the spool may predate the 0600 rule
        Item item = new Item(id, reason, detail, Instant.now(), sopInstanceUidOrNull, studyInstanceUidOrNull, size);
        Path reasonFile = dir.resolve(id + REASON_SUFFIX);
        Files.createFile(reasonFile, OwnerOnly.file());
        Files.write(reasonFile, json(item).encodePrettily().getBytes(StandardCharsets.UTF_8));
        if (fsync) {
            Fsync.file(reasonFile);
            Fsync.directory(dir);
            Fsync.directory(file.getParent());
        }
        return item;
    }

    /** Files quarantined now (reason files do not count); -1 when the folder cannot be read. */
    public long count() {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(FILE_SUFFIX)).count();
        } catch (IOException e) {
            return -1;
        }
    }

    /** Every quarantined file, newest first; one whose reason file is gone or unreadable says so. */
    public List<Item> list() throws IOException {
        List<Item> items = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(p -> p.getFileName().toString().endsWith(FILE_SUFFIX)).toList()) {
                items.add(read(file));
            }
        }
        items.sort(Comparator.comparing(Item::quarantinedAt, Comparator.nullsLast(Comparator.reverseOrder())));
        return items;
    }

    /**
     * Removes the items quarantined before {@code cutoff}: no image stays past the retention's hard
     * limit, not even one set aside. The image goes first, then its reason file; a reason file left
     * alone by a crash in between goes at the next call.
     *
     * @return the items removed
     */
    public List<Item> expire(Instant cutoff) throws IOException {
        List<Item> removed = new ArrayList<>();
        for (Item item : list()) {
            if (item.quarantinedAt() != null && item.quarantinedAt().isBefore(cutoff)) {
                Files.deleteIfExists(dir.resolve(item.id() + FILE_SUFFIX));
                Files.deleteIfExists(dir.resolve(item.id() + REASON_SUFFIX));
                removed.add(item);
            }
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path reason : files.filter(p -> p.getFileName().toString().endsWith(REASON_SUFFIX)).toList()) {
                String name = reason.getFileName().toString();
                Path image = dir.resolve(name.substring(0, name.length() - REASON_SUFFIX.length()) + FILE_SUFFIX);
                if (!Files.exists(image)) {
                    Files.deleteIfExists(reason);
                }
            }
        }
        if (fsync && !removed.isEmpty()) {
            Fsync.directory(dir);
        }
        return removed;
    }

    private Item read(Path file) {
        String name = file.getFileName().toString();
        String id = name.substring(0, name.length() - FILE_SUFFIX.length());
        Path reasonFile = dir.resolve(id + REASON_SUFFIX);
        try (InputStream in = Files.newInputStream(reasonFile)) {
            byte[] bytes = in.readNBytes(MAX_REASON_BYTES + 1);
            if (bytes.length > MAX_REASON_BYTES) {
                throw new IOException("reason file larger than " + MAX_REASON_BYTES + " bytes");
            }
            JsonObject json = new JsonObject(new String(bytes, StandardCharsets.UTF_8));
            return new Item(id, Reason.valueOf(json.getString("reason")), json.getString("detail"),
                    Instant.parse(json.getString("quarantinedAt")), json.getString("sopInstanceUid"),
                    json.getString("studyInstanceUid"), json.getLong("byteCount", -1L));
        } catch (IOException | RuntimeException e) {
            // a crash between the move and the reason file, or a reason file edited by hand
            LOG.debug("quarantine item {} has no readable reason file: {}", id, e.toString());
            return new Item(id, Reason.UNREADABLE, "no readable reason file", lastModified(file), null, null,
                    size(file));
        }
    }

    private static JsonObject json(Item item) {
        return new JsonObject()
                .put("id", item.id())
                .put("reason", item.reason().name())
                .put("description", item.reason().description())
                .put("detail", item.detail())
                .put("quarantinedAt", item.quarantinedAt().toString())
                .put("sopInstanceUid", item.sopInstanceUid())
                .put("studyInstanceUid", item.studyInstanceUid())
                .put("byteCount", item.byteCount());
    }

    private static Instant lastModified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toInstant();
        } catch (IOException e) {
            return null;
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }
}
