package org.varde.connectors.sink.pacs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.varde.connectors.result.AlgorithmResult;
import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.Tag;
import org.varde.dicom.data.UID;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SummaryImageWriterTest {
    private static final PacsWriterOptions OPTIONS = PacsWriterOptions.defaults("test-node", "0.1.0-test");

    @Test
    void theSummarySaysInPlainWordsWhatWasFoundByWhichAlgorithmAndThatNoRadiologistVerifiedIt(@TempDir Path dir)
            throws Exception {
        SampleResults.Source source = SampleResults.ctThorax(dir.resolve("source"), 41);
        AlgorithmResult result = SampleResults.measuredNodules(source);
        List<String> lines = SummaryImageWriter.lines(result, source.study(),
                SampleResults.PRODUCED_AT);
        String text = String.join("\n", lines);
        assertTrue(text.contains("AI RESULT, NOT VERIFIED BY A RADIOLOGIST"), text);
        assertTrue(text.contains("Algorithm: LungNodule CT 2.4.1 (Sandbox Imaging AB)"), text);
        assertTrue(text.contains("Result: POSITIVE, 2 findings"), text);
        assertTrue(text.contains("1. Solitary nodule of lung: present, upper lobe of right lung, long axis 9.5 mm, "
                + "short axis 7.25 mm, probability 93 % (1 image)"), text);
    }

    @Test
    void theImageIsASecondaryCaptureWithTextDrawnAndTheSameOnEveryResend(@TempDir Path dir) throws Exception {
        SampleResults.Source source = SampleResults.ctThorax(dir.resolve("source"), 42);
        SummaryImageWriter writer = new SummaryImageWriter(OPTIONS);
        AlgorithmResult result = SampleResults.pulmonaryEmbolism(source);
        Path first = dir.resolve("sc-1.dcm");
        Path again = dir.resolve("sc-2.dcm");
        PacsObject sc = writer.write(SampleResults.key("job-2", 1), result, source.study(), SampleResults.PRODUCED_AT);
        sc.writeTo(first);
        writer.write(SampleResults.key("job-2", 1), result, source.study(), SampleResults.PRODUCED_AT).writeTo(again);
        assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(again));

        Attributes read = SrWriterTest.read(first);
        assertEquals(UID.SecondaryCaptureImageStorage, read.getString(Tag.SOPClassUID));
        assertEquals(source.study().studyInstanceUid(), read.getString(Tag.StudyInstanceUID));
        assertEquals("YES", read.getString(Tag.BurnedInAnnotation));
        byte[] pixels = read.getBytes(Tag.PixelData);
        assertEquals(SummaryImageWriter.WIDTH * SummaryImageWriter.HEIGHT, pixels.length);
        long lit = 0;
        for (byte b : pixels) {
            lit += (b & 0xFF) > 128 ? 1 : 0;
        }
        // text covers a few percent of the picture: more than nothing, far less than all
        assertTrue(lit > 2_000 && lit < pixels.length / 4, "lit pixels: " + lit);
        assertNotEquals(new SrWriter(OPTIONS).seriesInstanceUid(SampleResults.key("job-2", 1)), sc.seriesInstanceUid());
    }
}
