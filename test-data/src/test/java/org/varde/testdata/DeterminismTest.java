package org.varde.testdata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.Tag;
import org.varde.dicom.data.UID;

class DeterminismTest {

    private static final int[] UID_TAGS = {Tag.StudyInstanceUID, Tag.SeriesInstanceUID, Tag.SOPInstanceUID};

    @TempDir
    Path out;

    @Test
    void sameSeedWritesTheSameFiles() throws IOException {
        GeneratorOptions options = new GeneratorOptions(StudyKind.MR_HEAD, 2, 42, 3, 16);
        List<Path> first = StudyGenerator.generate(out.resolve("a"), options);
        List<Path> second = StudyGenerator.generate(out.resolve("b"), options);

        assertEquals(uids(first), uids(second));
        for (int i = 0; i < first.size(); i++) {
            assertEquals(-1, Files.mismatch(first.get(i), second.get(i)), "byte-identical: " + first.get(i));
        }
    }

    @Test
    void differentSeedsShareNoUid() throws IOException {
        Set<String> one = new HashSet<>(uids(StudyGenerator.generate(out.resolve("a"),
                new GeneratorOptions(StudyKind.CT_THORAX, 2, 1, 5, 8))));
        List<String> other = uids(StudyGenerator.generate(out.resolve("b"),
                new GeneratorOptions(StudyKind.CT_THORAX, 2, 2, 5, 8)));

        for (String uid : other) {
            assertFalse(one.contains(uid), "seed 2 repeats a UID of seed 1: " + uid);
        }
    }

    @Test
    void differentKindsOnTheSameSeedShareNoUid() throws IOException {
        Set<String> chest = new HashSet<>(uids(StudyGenerator.generate(out.resolve("cxr"),
                new GeneratorOptions(StudyKind.CXR, 1, 5, 1, 8))));
        List<String> wrist = uids(StudyGenerator.generate(out.resolve("wrist"),
                new GeneratorOptions(StudyKind.WRIST, 1, 5, 1, 8)));

        for (String uid : wrist) {
            assertFalse(chest.contains(uid), "a wrist study repeats a chest UID on the same seed: " + uid);
        }
    }

    @Test
    void uidsAreSafeUuidDerivedAndUniquePerInstance() throws IOException {
        List<Path> files = StudyGenerator.generate(out, new GeneratorOptions(StudyKind.CT_THORAX, 3, 99, 6, 8));
        Set<String> instances = new HashSet<>();
        Set<String> studies = new HashSet<>();
        for (Path file : files) {
            Attributes read = GeneratedFiles.dataSet(file);
            for (int tag : UID_TAGS) {
                String uid = read.getString(tag);
                // PS3.5 B.2: UUID-derived UIDs live under 2.25
                assertTrue(uid.startsWith("2.25.") && UID.isSafe(uid), uid);
            }
            assertTrue(UID.isSafe(read.getString(Tag.FrameOfReferenceUID)));
            assertTrue(instances.add(read.getString(Tag.SOPInstanceUID)), "duplicate SOP Instance UID");
            studies.add(read.getString(Tag.StudyInstanceUID));
        }
        assertEquals(3, studies.size());
    }

    private static List<String> uids(List<Path> files) throws IOException {
        List<String> uids = new ArrayList<>();
        for (Path file : files) {
            Attributes read = GeneratedFiles.dataSet(file);
            for (int tag : UID_TAGS) {
                uids.add(read.getString(tag));
            }
        }
        return uids;
    }
}
