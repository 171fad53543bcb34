package org.varde.gateway.privacy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The pseudonymised copies of a job's instances, in a folder of their own in the spool that only the
 * gateway's user can read; they exist while the dispatch runs and are deleted when it ends.
 *
 * @param directory        the per-job folder (0700)
 * @param instances        the copies (0600), in the order of the originals
 * @param studyInstanceUid the study's replacement UID, as the vendor will know it
 * @param originalSopOf    replacement SOP Instance UID to original, to read the vendor's receipt
 */
public record PseudonymisedStudy(Path directory, List<Path> instances, String studyInstanceUid,
                                 Map<String, String> originalSopOf) implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PseudonymisedStudy.class);

    public PseudonymisedStudy {
        instances = List.copyOf(instances);
        originalSopOf = Map.copyOf(originalSopOf);
    }

    /** The acknowledged replacement SOP Instance UIDs as the originals the job store records. */
    public List<String> originalsOf(List<String> acknowledged) {
        return acknowledged.stream().map(originalSopOf::get).filter(java.util.Objects::nonNull).toList();
    }

    /** Deletes the copies and their folder; a failure is logged, the start-up sweep removes what is left. */
    @Override
    public void close() {
        deleteTree(directory);
    }

    static void deleteTree(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            LOG.warn("cannot delete pseudonymised copies in {}: {}", directory, e.toString());
        }
    }
}
