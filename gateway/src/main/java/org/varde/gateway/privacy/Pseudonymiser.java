package org.varde.gateway.privacy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.Part10Rewriter;
import org.varde.dicom.data.Tag;
import org.varde.dicom.deident.DeidentificationOptions;
import org.varde.dicom.deident.Deidentifier;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes the copies a vendor receives when its catalogue entry says {@code privacy.pseudonymize}: each
 * spool instance rewritten streaming through the PS3.15 Basic Profile with the algorithm's options,
 * replacements from the {@link PseudonymStore} (scope: the algorithm), into a per-job folder under
 * the spool's {@code .pseudonymised} that only the gateway's user can read. Blocking: run on a worker.
 */
public final class Pseudonymiser {
    /**
     * Under the spool root, hidden like {@code .incoming}; the copies are not named *.dcm, so the
     * spool reconciler never takes them for instances.
     */
    public static final String FOLDER = ".pseudonymised";
    private static final Logger LOG = LoggerFactory.getLogger(Pseudonymiser.class);
    private static final String COPY_SUFFIX = ".part10";

    private final PseudonymStore store;
    private final Path base;
    private final Part10Rewriter rewriter;

    /**
     * @param spoolRoot      the spool root; the copies live below it, on the same disk and under the same retention
     * @param maxHeaderBytes the most an instance's header (before Pixel Data) may take in memory
     */
    public Pseudonymiser(PseudonymStore store, Path spoolRoot, long maxHeaderBytes) {
        this.store = store;
        this.base = spoolRoot.resolve(FOLDER);
        this.rewriter = new Part10Rewriter(maxHeaderBytes);
    }

    /**
     * Pseudonymised copies of {@code originals} for {@code algorithmId}. The caller closes the result
     * when the dispatch ends, whatever its outcome.
     *
     * @throws PrivacyException when an instance cannot be de-identified (nothing is left behind)
     */
    public PseudonymisedStudy copies(String algorithmId, DeidentificationOptions options, List<Path> originals) {
        Path directory;
        try {
            Files.createDirectories(base);
            directory = Files.createTempDirectory(base, "job-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new PrivacyException("cannot create the folder for pseudonymised copies under " + base, e);
        }
        try {
            return copyInto(directory, algorithmId, new Deidentifier(options), originals);
        } catch (IOException | RuntimeException e) {
            PseudonymisedStudy.deleteTree(directory);
            throw e instanceof PrivacyException p ? p
                    : new PrivacyException("cannot pseudonymise an instance for " + algorithmId + ": " + e.getMessage(), e);
        }
    }

    private PseudonymisedStudy copyInto(Path directory, String algorithmId, Deidentifier deidentifier,
                                        List<Path> originals) throws IOException {
        StorePseudonyms pseudonyms = new StorePseudonyms(store, algorithmId);
        List<Path> copies = new ArrayList<>();
        Map<String, String> originalSopOf = new HashMap<>();
        String[] study = new String[1];
        Part10Rewriter.Transform transform = new Part10Rewriter.Transform() {
            @Override
            public Attributes header(Attributes header) throws IOException {
                String sop = header.getString(Tag.SOPInstanceUID);
                pseudonyms.prepare(deidentifier.uidsToReplace(header), patientKey(header));
                Attributes copy = deidentifier.deidentify(header, pseudonyms);
                originalSopOf.put(copy.getString(Tag.SOPInstanceUID), sop);
                study[0] = copy.getString(Tag.StudyInstanceUID);
                return copy;
            }

            @Override
            public Attributes trailer(Attributes trailer) throws IOException {
                return deidentifier.transform(pseudonyms).trailer(trailer);
            }
        };
        for (Path original : originals) {
            Path copy = directory.resolve(String.format("%06d%s", copies.size() + 1, COPY_SUFFIX));
            try (InputStream in = new BufferedInputStream(Files.newInputStream(original), 64 * 1024);
                 OutputStream out = new BufferedOutputStream(Files.newOutputStream(Files.createFile(copy,
                         PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))),
                         StandardOpenOption.WRITE), 64 * 1024)) {
                rewriter.rewrite(in, Files.size(original), out, transform);
            }
            copies.add(copy);
        }
        LOG.info("pseudonymised {} instances for algorithm {} into {}", copies.size(), algorithmId, directory.getFileName());
        return new PseudonymisedStudy(directory, copies, study[0], originalSopOf);
    }

    /** Patient ID with its issuer (PS3.3 C.7.1.1), or the study when the patient has no ID. */
    static String patientKey(Attributes header) {
        String id = header.getString(Tag.PatientID);
        if (id == null) {
            return "study:" + header.getString(Tag.StudyInstanceUID);
        }
        String issuer = header.getString(0x00100021);
        return (issuer == null ? "" : issuer) + "|" + id;
    }

    /** Removes copies left by a crash in the middle of a dispatch; called at start-up, before any dispatch. */
    public void sweepLeftovers() {
        if (!Files.isDirectory(base)) {
            return;
        }
        try (var folders = Files.list(base)) {
            folders.forEach(PseudonymisedStudy::deleteTree);
        } catch (IOException e) {
            LOG.warn("cannot sweep {}: {}", base, e.toString());
        }
    }
}
