package org.varde.gateway.cli;

import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.DicomReader;
import org.varde.dicom.data.Part10;
import org.varde.dicom.data.Part10File;
import org.varde.dicom.data.Tag;
import org.varde.gateway.assembly.InstanceKeywords;
import org.varde.gateway.ingest.InstanceHeaders;
import org.varde.gateway.routing.StudyFacts;
import org.varde.gateway.routing.StudyFactsAssembler;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Study facts from DICOM files on disk, built exactly as the gateway builds them from its journal:
 * the header goes through the journal's record ({@link InstanceHeaders}) and {@link InstanceKeywords},
 * so a dry run sees the attributes a live decision sees, no more.
 */
final class HeaderFacts {
    private HeaderFacts() {
    }

    /** Files that are not Part 10 DICOM are skipped; the map is keyed by Study Instance UID, in file order. */
    static Map<String, StudyFacts> read(List<Path> files, String callingAe, List<Path> skipped) {
        Map<String, List<Map<String, String>>> byStudy = new LinkedHashMap<>();
        for (Path file : files) {
            try {
                // no spool file, no size: the record only carries the header's facts
                Map<String, String> keywords = InstanceKeywords.of(
                        InstanceHeaders.record(header(file), null, callingAe, 0, Instant.EPOCH, ""));
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

    /** Everything before Pixel Data: a dry run never reads pixels either. */
    private static Attributes header(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 64 * 1024)) {
            Part10File part10 = Part10.readHeader(in);
            return new DicomReader(in, part10.transferSyntax()).readDataSetUntil(Tag.PixelData);
        }
    }
}
