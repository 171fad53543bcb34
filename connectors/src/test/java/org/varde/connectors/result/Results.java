package org.varde.connectors.result;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/** Results and studies for sink tests: what a lung-nodule and a PE algorithm would report. */
public final class Results {
    public static final Code NODULE = new Code("786838002", "SCT", "Pulmonary nodule");
    public static final Code EMBOLISM = new Code("59282003", "SCT", "Pulmonary embolism");
    public static final Code LUNG = new Code("39607008", "SCT", "Lung");
    public static final Code LONG_AXIS = new Code("103339001", "SCT", "Long Axis");

    private Results() {
    }

    public static SourceStudy study() {
        return new SourceStudy("1.2.826.0.1.3680043.8.498.10", "01017012345", Optional.of("NO-FNR"),
                Optional.of("Ærø^Bjørn Åge"), Optional.of(LocalDate.of(1970, 1, 1)), Optional.of("M"),
                Optional.of("ACC20261201"), Optional.of("CT THORAX"), Optional.of("PL-778899"), Optional.of("FL-445566"));
    }

    public static AlgorithmResult nodule(double diameterMm, double probability) {
        Finding finding = new Finding(NODULE, Presence.PRESENT, Optional.of(probability),
                List.of(new Measurement(LONG_AXIS, BigDecimal.valueOf(diameterMm), "mm")), Optional.of(LUNG),
                List.of(new ImageReference("1.2.826.0.1.3680043.8.498.11", "1.2.840.10008.5.1.4.1.1.2",
                        "1.2.826.0.1.3680043.8.498.12", List.of())));
        return new AlgorithmResult("lung-nodules", "PulmoSpot", "2.1.0", device(), study().studyInstanceUid(),
                ResultStatus.POSITIVE, List.of(finding), Optional.of(WorklistPriority.URGENT));
    }

    public static AlgorithmResult negative() {
        return new AlgorithmResult("lung-nodules", "PulmoSpot", "2.1.0", device(), study().studyInstanceUid(),
                ResultStatus.NEGATIVE, List.of(), Optional.empty());
    }

    public static VendorDevice device() {
        return new VendorDevice("Sandbox Imaging AS", "PulmoSpot", "2.1.0");
    }
}
