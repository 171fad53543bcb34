package org.varde.gateway.value;

import org.junit.jupiter.api.Test;
import org.varde.connectors.algorithm.dicom.Tid1500Reader;
import org.varde.connectors.result.AlgorithmResult;
import org.varde.connectors.result.ResultStatus;
import org.varde.gateway.results.ResultJson;
import org.varde.testdata.Finding;
import org.varde.testdata.sandbox.dicom.ReceivedInstance;
import org.varde.testdata.sandbox.dicom.ReportedFinding;
import org.varde.testdata.sandbox.dicom.Tid1500Report;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The sandbox DICOM vendor's SR names each finding by the code the ground truth of that finding is
 * matched on: read back as the gateway reads a vendor's SR, a reported fracture or opacity comes out
 * under {@link TruthFinding}'s code, present or absent as reported.
 */
class SandboxSrTruthTest {
    private static final String STUDY = "1.2.826.0.1.3680043.9.7777.1";
    private static final List<ReceivedInstance> RECEIVED = List.of(new ReceivedInstance("P1", "Doe^Jo", STUDY,
            STUDY + ".1", "1.2.840.10008.5.1.4.1.1.1.1", STUDY + ".1.1"));

    @Test
    void aReportedFractureIsNamedByTheFractureCodeWithItsLength() throws Exception {
        AlgorithmResult result = read(new ReportedFinding(Finding.FRACTURE, true, new BigDecimal("18.5"), null,
                List.of(STUDY + ".1.1")));
        assertEquals(Map.of("SCT:" + TruthFinding.FRACTURE.code(), true),
                GroundTruthFigures.named(ResultJson.of(result).encode()));
        assertEquals(ResultStatus.POSITIVE, result.status());
        var finding = result.findings().get(0);
        assertEquals("74670003", finding.bodySite().orElseThrow().value());
        assertEquals("410668003", finding.measurements().get(0).concept().value());
        assertEquals(0, new BigDecimal("18.5").compareTo(finding.measurements().get(0).value()));
    }

    @Test
    void opacityAndFractureRuledOutAreNamedAbsent() throws Exception {
        assertEquals(Map.of("SCT:" + TruthFinding.OPACITY.code(), false), GroundTruthFigures.named(
                ResultJson.of(read(ReportedFinding.absent(Finding.OPACITY))).encode()));
        assertEquals(Map.of("SCT:" + TruthFinding.FRACTURE.code(), false), GroundTruthFigures.named(
                ResultJson.of(read(ReportedFinding.absent(Finding.FRACTURE))).encode()));
    }

    private static AlgorithmResult read(ReportedFinding finding) throws Exception {
        return Tid1500Reader.read(Tid1500Report.of(RECEIVED, STUDY, "BoneSight XR", "2.3.0", List.of(finding)),
                "fracture-xr");
    }
}
