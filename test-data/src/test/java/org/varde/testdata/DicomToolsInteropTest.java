package org.varde.testdata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.Tag;

/** Generated files as third-party tools see them: dcmtk parses them, dicom3tools checks the IOD. */
class DicomToolsInteropTest {

    private static final Map<StudyKind, String> EXPECTED_IOD = Map.of(
            StudyKind.CT_THORAX, "CTImage",
            StudyKind.CTPA, "CTImage",
            StudyKind.MR_HEAD, "MRImage",
            StudyKind.CXR, "DXImageForPresentation",
            StudyKind.WRIST, "DXImageForPresentation");

    @TempDir
    Path out;

    @ParameterizedTest
    @EnumSource(StudyKind.class)
    void dcmdumpReadsEveryKindWithoutComplaint(StudyKind kind) throws Exception {
        Path file = StudyGenerator.generate(out, new GeneratorOptions(kind, 1, 21, 2, 32)).get(0);
        Attributes read = GeneratedFiles.dataSet(file);

        ExternalTool.Result dump = ExternalTool.run("dcmdump", file, "+U8");

        assertEquals(0, dump.exitCode(), dump.output());
        assertTrue(complaints(dump.output(), "E:", "W:").isEmpty(), dump.output());
        assertTrue(dump.output().contains("[ISO_IR 192]"), dump.output());
        assertTrue(dump.output().contains("[" + read.getString(Tag.PatientName) + "]"), dump.output());
        assertTrue(dump.output().contains("[" + read.getString(Tag.Modality) + "]"), dump.output());
    }

    @ParameterizedTest
    @EnumSource(StudyKind.class)
    void dciodvfyFindsNoErrorInTheImageIod(StudyKind kind) throws Exception {
        for (Path file : StudyGenerator.generate(out, new GeneratorOptions(kind, 1, 21, 3, 32))) {
            ExternalTool.Result check = ExternalTool.run("dciodvfy", file);

            // dciodvfy names the IOD it checked on its first line, then one line per finding
            String iod = EXPECTED_IOD.get(kind);
            assertNotNull(iod, "no expected IOD named for " + kind + ": add it when adding a study kind");
            assertTrue(check.output().startsWith(iod), check.output());
            List<String> errors = complaints(check.output(), "Error");
            assertTrue(errors.isEmpty(), file + ":\n" + String.join("\n", errors) + "\n--- full output:\n" + check.output());
        }
    }

    private static List<String> complaints(String output, String... prefixes) {
        return output.lines()
                .filter(line -> List.of(prefixes).stream().anyMatch(line::startsWith))
                .collect(Collectors.toList());
    }
}
