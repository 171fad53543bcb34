package org.varde.connectors.sink.fhir;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import org.varde.connectors.result.AlgorithmResult;
import org.varde.connectors.result.Code;
import org.varde.connectors.result.Finding;
import org.varde.connectors.result.ImageReference;
import org.varde.connectors.result.Measurement;
import org.varde.connectors.result.Presence;
import org.varde.connectors.result.ResultStatus;
import org.varde.connectors.result.SourceStudy;
import org.varde.connectors.result.VendorDevice;
import org.varde.connectors.result.WorklistPriority;

/**
 * A made-up result, shaped like a real one (a measured finding with a body site and an image, a
 * priority), for the validator's warm-up: it names no one and is never sent. UIDs under 2.25
 * (PS3.5 B.2), codes from SNOMED CT.
 */
final class WarmUpResult {
    private static final String STUDY = "2.25.1";

    private WarmUpResult() {
    }

    static SourceStudy study() {
        return new SourceStudy(STUDY, "WARM-UP", Optional.of("WARM-UP"), Optional.of("Warm^Up"),
                Optional.of(LocalDate.of(1970, 1, 1)), Optional.of("O"), Optional.of("WARM-UP"),
                Optional.of("CT THORAX"), Optional.of("WARM-UP-P"), Optional.of("WARM-UP-F"));
    }

    static AlgorithmResult positive() {
        Finding finding = new Finding(new Code("786838002", "SCT", "Pulmonary nodule"), Presence.PRESENT,
                Optional.of(0.9), List.of(new Measurement(new Code("103339001", "SCT", "Long Axis"),
                BigDecimal.TEN, "mm")), Optional.of(new Code("39607008", "SCT", "Lung")),
                List.of(new ImageReference("2.25.2", "1.2.840.10008.5.1.4.1.1.2", "2.25.3", List.of())));
        return new AlgorithmResult("warm-up", "Warm-up", "1", new VendorDevice("Varde", "Warm-up", "1"), STUDY,
                ResultStatus.POSITIVE, List.of(finding), Optional.of(WorklistPriority.URGENT));
    }
}
