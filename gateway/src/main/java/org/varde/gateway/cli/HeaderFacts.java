package org.varde.gateway.cli;

import org.varde.gateway.routing.HeaderKeywords;
import org.varde.gateway.routing.StudyFacts;
import org.varde.gateway.routing.StudyFactsAssembler;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Study facts from DICOM files on disk, built exactly as the gateway builds them from its journal
 * ({@link HeaderKeywords}): a dry run sees the attributes a live decision sees, no more.
 */
final class HeaderFacts {
    private HeaderFacts() {
    }

    /** Files that are not Part 10 DICOM are skipped; the map is keyed by Study Instance UID, in file order. */
    static Map<String, StudyFacts> read(List<Path> files, String callingAe, List<Path> skipped) {
        Map<String, List<Map<String, String>>> byStudy = new LinkedHashMap<>();
        for (Path file : files) {
            try {
                Map<String, String> keywords = keywords(file, callingAe);
                byStudy.computeIfAbsent(keywords.getOrDefault("StudyInstanceUID", ""), k -> new ArrayList<>())
                        .add(keywords);
            } catch (IOException | RuntimeException notDicom) {
                skipped.add(file);
            }
        }
        Map<String, StudyFacts> studies = new LinkedHashMap<>();
        byStudy.forEach((uid, instances) -> studies.put(uid, StudyFactsAssembler.fromInstances(instances)));
        return studies;
    }

    private static Map<String, String> keywords(Path file, String callingAe) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 64 * 1024)) {
            return HeaderKeywords.of(in, callingAe);
        }
    }
}
