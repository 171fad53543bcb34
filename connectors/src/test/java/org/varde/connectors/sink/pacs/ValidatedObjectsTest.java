package org.varde.connectors.sink.pacs;

import org.junit.jupiter.api.BeforeAll;
import org.varde.connectors.sink.HumanReview;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The quality bar of issue 8: every SR Varde writes passes dciodvfy and PixelMed's DicomSRValidator
 * with no error and dsrdump renders it; every summary image passes dciodvfy. Warnings are logged for
 * a reader to look at.
 */
class ValidatedObjectsTest {
    private static final HumanReview APPROVED = SrWriterTest.APPROVED;
    private static final Logger LOG = LoggerFactory.getLogger(ValidatedObjectsTest.class);

    @TempDir
    static Path dir;
    private static final Map<String, Path> SRS = new LinkedHashMap<>();
    private static final Map<String, Path> SCS = new LinkedHashMap<>();
    private static Map<Path, DicomValidators.Outcome> pixelmed;

    @BeforeAll
    static void writeEveryKindOfResult() throws Exception {
        SampleResults.Source source = SampleResults.ctThorax(dir.resolve("source"), 11);
        SampleResults.Source latin1 = SampleResults.ctThorax(dir.resolve("latin1"), 12, "Müller^Jürgen^^Dr.");
        SampleResults.Source utf8 = SampleResults.ctThorax(dir.resolve("utf8"), 13, "Yamada^Tarou=山田^太郎");
        PacsWriterOptions options = PacsWriterOptions.defaults("test-node", "0.1.0-test");
        SrWriter sr = new SrWriter(options);
        SummaryImageWriter sc = new SummaryImageWriter(options);
        Map<String, Object[]> cases = new LinkedHashMap<>();
        cases.put("nodules", new Object[] {source, SampleResults.measuredNodules(source)});
        cases.put("negative", new Object[] {source, SampleResults.negative(source)});
        cases.put("pe", new Object[] {source, SampleResults.pulmonaryEmbolism(source)});
        cases.put("unmeasured", new Object[] {source, SampleResults.unmeasured(source)});
        cases.put("inconclusive", new Object[] {source, SampleResults.inconclusive(source)});
        cases.put("latin1", new Object[] {latin1, SampleResults.measuredNodules(latin1)});
        cases.put("utf8", new Object[] {utf8, SampleResults.pulmonaryEmbolism(utf8)});
        // reviewed (issue 12): the same results approved by a reviewer or released on timeout
        cases.put("verified-nodules", new Object[] {source, SampleResults.measuredNodules(source), APPROVED});
        cases.put("verified-negative", new Object[] {source, SampleResults.negative(source), APPROVED});
        cases.put("verified-utf8", new Object[] {utf8, SampleResults.pulmonaryEmbolism(utf8),
                HumanReview.approved("Yamada^Tarou=山田^太郎", "Sjukhuset i Växjö", APPROVED.at())});
        cases.put("approved-inconclusive", new Object[] {source, SampleResults.inconclusive(source), APPROVED});
        cases.put("released-nodules", new Object[] {source, SampleResults.measuredNodules(source),
                HumanReview.releasedOnTimeout(APPROVED.at(), java.time.Duration.ofMinutes(30))});
        int job = 0;
        for (Map.Entry<String, Object[]> c : cases.entrySet()) {
            SampleResults.Source s = (SampleResults.Source) c.getValue()[0];
            var result = (org.varde.connectors.result.AlgorithmResult) c.getValue()[1];
            org.varde.connectors.result.ReportKey key = SampleResults.key("job-" + ++job, 1);
            Path srFile = dir.resolve(c.getKey() + "-sr.dcm");
            HumanReview review = c.getValue().length > 2 ? (HumanReview) c.getValue()[2] : HumanReview.none();
            sr.write(key, result, s.study(), SampleResults.PRODUCED_AT, review).writeTo(srFile);
            SRS.put(c.getKey(), srFile);
            Path scFile = dir.resolve(c.getKey() + "-sc.dcm");
            sc.write(key, result, s.study(), SampleResults.PRODUCED_AT).writeTo(scFile);
            SCS.put(c.getKey(), scFile);
        }
        pixelmed = DicomValidators.pixelmedSr(List.copyOf(SRS.values()));
    }

    @Test
    void everySrPassesDciodvfyWithoutError() throws Exception {
        for (Map.Entry<String, Path> sr : SRS.entrySet()) {
            DicomValidators.Outcome outcome = DicomValidators.dciodvfy(sr.getValue());
            logWarnings("dciodvfy", sr.getKey(), outcome.warnings());
            assertTrue(outcome.output().contains("Comprehensive3DSR"), sr.getKey() + ": " + outcome.output());
            assertEquals(List.of(), outcome.errors(), sr.getKey() + ": " + outcome.output());
        }
    }

    @Test
    void everySrPassesPixelMedsSrValidatorWithoutError() {
        assertEquals(SRS.size(), pixelmed.size(), "PixelMed answered for every file: " + pixelmed.keySet());
        for (Map.Entry<String, Path> sr : SRS.entrySet()) {
            DicomValidators.Outcome outcome = pixelmed.get(sr.getValue());
            logWarnings("PixelMed", sr.getKey(), outcome.warnings());
            // it found the IOD and checked the content against TID 1500 (no silent pass)
            assertTrue(outcome.output().contains("Found Root Template TID_1500"), sr.getKey() + ": " + outcome.output());
            assertTrue(outcome.output().contains("IOD validation complete"), sr.getKey() + ": " + outcome.output());
            assertEquals(List.of(), outcome.errors(), sr.getKey() + ": " + outcome.output());
        }
    }

    @Test
    void dsrdumpRendersEverySrWithItsFindingsAndFlags() throws Exception {
        for (Map.Entry<String, Path> sr : SRS.entrySet()) {
            DicomValidators.Outcome outcome = DicomValidators.dsrdump(sr.getValue());
            assertEquals(0, outcome.exitCode(), sr.getKey() + ": " + outcome.output());
            String dump = outcome.output();
            assertTrue(dump.contains("Comprehensive 3D SR Document"), sr.getKey() + ": " + dump);
            boolean verified = sr.getKey().startsWith("verified");
            assertTrue(dump.contains("Verification Flag   : " + (verified ? "VERIFIED" : "UNVERIFIED")), sr.getKey() + ": " + dump);
            assertTrue(dump.contains("\"Imaging Measurement Report\""), sr.getKey() + ": " + dump);
            assertTrue(dump.contains("(121007,DCM,\"Device\")"), sr.getKey() + ": " + dump);
            assertTrue(dump.contains("\"Algorithm Version\")=\"2.4.1\""), sr.getKey() + ": " + dump);
        }
        String nodules = DicomValidators.dsrdump(SRS.get("nodules")).output();
        assertTrue(nodules.contains("\"Long Axis\")=\"9.5\" (mm,UCUM,\"millimeter\")"), nodules);
        assertTrue(nodules.contains("\"Certainty of Finding\")=\"93\" (%,UCUM,\"Percent\")"), nodules);
        String verified = DicomValidators.dsrdump(SRS.get("verified-nodules")).output();
        assertTrue(verified.contains("Berg^Ingrid"), verified);
        assertTrue(verified.contains("Varde University Hospital"), verified);
        String released = DicomValidators.dsrdump(SRS.get("released-nodules")).output();
        // dsrdump shortens long texts: the beginning shows
        assertTrue(released.contains("=\"AI result released without"), released);
        String pe = DicomValidators.dsrdump(SRS.get("pe")).output();
        assertTrue(pe.contains("\"Pulmonary embolism\")=(52101004,SCT,\"Present\")"), pe);
        assertTrue(pe.contains("\"Certainty of Finding\")=\"87\""), pe);
    }

    @Test
    void everySummaryImagePassesDciodvfyWithoutError() throws Exception {
        for (Map.Entry<String, Path> sc : SCS.entrySet()) {
            DicomValidators.Outcome outcome = DicomValidators.dciodvfy(sc.getValue());
            logWarnings("dciodvfy", sc.getKey() + " summary image", outcome.warnings());
            assertTrue(outcome.output().contains("SCImage"), sc.getKey() + ": " + outcome.output());
            assertEquals(List.of(), outcome.errors(), sc.getKey() + ": " + outcome.output());
        }
    }

    private static void logWarnings(String validator, String what, List<String> warnings) {
        for (String w : warnings) {
            LOG.info("{} warning for {}: {}", validator, what, w);
        }
    }
}
