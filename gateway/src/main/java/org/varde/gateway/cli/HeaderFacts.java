package org.varde.gateway.cli;

import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.DicomReader;
import org.varde.dicom.data.Part10;
import org.varde.dicom.data.Part10File;
import org.varde.dicom.data.Tag;
import org.varde.gateway.assembly.InstanceKeywords;
import org.varde.gateway.routing.StudyFacts;
import org.varde.gateway.routing.StudyFactsAssembler;
import org.varde.gateway.store.InstanceRecord;

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
 * the header goes through the journal's record ({@link InstanceRecord}) and {@link InstanceKeywords},
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
                Map<String, String> keywords = InstanceKeywords.of(record(header(file), callingAe));
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

    // The same fields the ingest journals (ingest.InstanceHeaders); identities are read but never printed.
    private static InstanceRecord record(Attributes h, String callingAe) {
        return new InstanceRecord(h.getString(Tag.SOPInstanceUID), h.getString(Tag.StudyInstanceUID),
                h.getString(Tag.SeriesInstanceUID), h.getString(Tag.SOPClassUID), null,
                null, null, h.getString(Tag.PatientBirthDate), h.getString(Tag.PatientSex),
                h.getString(Tag.PatientAge), h.getString(Tag.AccessionNumber), h.getString(Tag.Modality),
                h.getString(Tag.BodyPartExamined), h.getString(Tag.StudyDescription),
                h.getString(Tag.SeriesDescription), joined(h.getStrings(Tag.ImageType)), sliceThickness(h),
                h.getString(Tag.ViewPosition), h.getString(Tag.InstitutionName), h.getString(Tag.StationName),
                h.getString(Tag.Manufacturer), callingAe, 0, Instant.EPOCH, "", false);
    }

    private static String joined(String[] values) {
        return values == null || values.length == 0 ? null : String.join("\\", values);
    }

    private static Double sliceThickness(Attributes header) {
        try {
            double value = header.getDouble(Tag.SliceThickness, Double.NaN);
            return Double.isNaN(value) ? null : value;
        } catch (RuntimeException malformed) {
            // as the ingest does: a DS that is not a number leaves the fact empty, and the guard fails safe
            return null;
        }
    }
}
