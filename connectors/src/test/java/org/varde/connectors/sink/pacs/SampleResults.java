package org.varde.connectors.sink.pacs;

import org.varde.connectors.result.AlgorithmResult;
import org.varde.connectors.result.Code;
import org.varde.connectors.result.Finding;
import org.varde.connectors.result.ImageReference;
import org.varde.connectors.result.Measurement;
import org.varde.connectors.result.Presence;
import org.varde.connectors.result.ReportKey;
import org.varde.connectors.result.ResultStatus;
import org.varde.connectors.result.SourceStudy;
import org.varde.connectors.result.VendorDevice;
import org.varde.connectors.result.WorklistPriority;
import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.DicomReader;
import org.varde.dicom.data.Part10;
import org.varde.dicom.data.Part10File;
import org.varde.dicom.data.Tag;
import org.varde.testdata.GeneratorOptions;
import org.varde.testdata.StudyGenerator;
import org.varde.testdata.StudyKind;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A generated CT thorax as the source study, and the results the SR tests write about it. */
final class SampleResults {
    static final Code NODULE = new Code("427359005", "SCT", "Solitary nodule of lung");
    static final Code LUNG = new Code("39607008", "SCT", "Lung");
    static final Code RIGHT_UPPER_LOBE = new Code("45653009", "SCT", "Upper lobe of right lung");
    static final Code LONG_AXIS = new Code("103339001", "SCT", "Long Axis");
    static final Code SHORT_AXIS = new Code("103340004", "SCT", "Short Axis");
    static final Code PE = new Code("59282003", "SCT", "Pulmonary embolism");
    static final Code PULMONARY_ARTERY = new Code("81040000", "SCT", "Pulmonary artery");
    static final Code EMPHYSEMA = new Code("87433001", "SCT", "Pulmonary emphysema");
    /** When the results were received: a fixed time, so the written objects are the same on every run. */
    static final ZonedDateTime PRODUCED_AT = Instant.parse("2026-11-30T09:15:30Z").atZone(ZoneId.of("Europe/Oslo"));
    static final VendorDevice DEVICE = new VendorDevice("Sandbox Imaging AB", "LungNodule CT", "2.4.1");

    /** The generated study's files and what the writers copy from it. */
    record Source(List<Path> files, StudyContext study, List<Attributes> headers) {
        ImageReference reference(int index) {
            Attributes h = headers.get(index);
            return new ImageReference(h.getString(Tag.SeriesInstanceUID), h.getString(Tag.SOPClassUID),
                    h.getString(Tag.SOPInstanceUID), List.of());
        }
    }

    private SampleResults() {
    }

    static Source ctThorax(Path dir, long seed) throws IOException {
        return ctThorax(dir, seed, null);
    }

    /** @param patientNameOrNull replaces the generated name (to test character sets) */
    static Source ctThorax(Path dir, long seed, String patientNameOrNull) throws IOException {
        List<Path> files = StudyGenerator.generate(dir, new GeneratorOptions(StudyKind.CT_THORAX, 1, seed, 4, 64));
        List<Attributes> headers = new ArrayList<>();
        for (Path f : files) {
            headers.add(header(f));
        }
        Attributes first = headers.get(0);
        List<SourceInstance> instances = headers.stream().map(h -> new SourceInstance(
                h.getString(Tag.SeriesInstanceUID), h.getString(Tag.SOPClassUID), h.getString(Tag.SOPInstanceUID)))
                .toList();
        String birth = first.getString(Tag.PatientBirthDate);
        SourceStudy journal = new SourceStudy(first.getString(Tag.StudyInstanceUID), first.getString(Tag.PatientID, ""),
                Optional.of("HOSP"), Optional.of(patientNameOrNull != null ? patientNameOrNull
                : first.getString(Tag.PatientName, "")),
                Optional.ofNullable(birth).map(b -> LocalDate.parse(b, DateTimeFormatter.BASIC_ISO_DATE)),
                Optional.ofNullable(first.getString(Tag.PatientSex)), Optional.ofNullable(first.getString(Tag.AccessionNumber)),
                Optional.ofNullable(first.getString(Tag.StudyDescription)), Optional.of("PL-77"), Optional.of("FI-88"));
        StudyContext study = new StudyContext(journal, first.getString(Tag.StudyID, ""), first.getString(Tag.StudyDate, ""),
                first.getString(Tag.StudyTime, ""), first.getString(Tag.ReferringPhysicianName, ""), instances,
                Optional.of(new RequestedProcedure("RP-1", "CT thorax",
                        Optional.of(new Code("169069000", "SCT", "CT of chest")))));
        return new Source(files, study, headers);
    }

    static Attributes header(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            Part10File p10 = Part10.readHeader(in);
            return new DicomReader(in, p10.transferSyntax()).readDataSetUntil(Tag.PixelData);
        }
    }

    static ReportKey key(String resultId, int version) {
        return new ReportKey(resultId, version);
    }

    /** Two nodules with long and short axis, each on its slice. */
    static AlgorithmResult measuredNodules(Source source) {
        Finding first = new Finding(NODULE, Presence.PRESENT, Optional.of(0.93),
                List.of(new Measurement(LONG_AXIS, new BigDecimal("9.5"), "mm"),
                        new Measurement(SHORT_AXIS, new BigDecimal("7.25"), "mm")),
                Optional.of(RIGHT_UPPER_LOBE), List.of(source.reference(1)));
        Finding second = new Finding(NODULE, Presence.PRESENT, Optional.empty(),
                List.of(new Measurement(LONG_AXIS, new BigDecimal("4.0"), "mm")), Optional.of(LUNG),
                List.of(source.reference(2), source.reference(3)));
        return result(source, ResultStatus.POSITIVE, List.of(first, second), Optional.of(WorklistPriority.URGENT));
    }

    static AlgorithmResult negative(Source source) {
        return result(source, ResultStatus.NEGATIVE, List.of(), Optional.empty());
    }

    /** A pulmonary embolism with a probability, no measurement, on one slice. */
    static AlgorithmResult pulmonaryEmbolism(Source source) {
        Finding pe = new Finding(PE, Presence.PRESENT, Optional.of(0.87), List.of(), Optional.of(PULMONARY_ARTERY),
                List.of(source.reference(0)));
        return result(source, ResultStatus.POSITIVE, List.of(pe), Optional.of(WorklistPriority.STAT));
    }

    /** A finding with neither measurement, probability nor image: just there, and one ruled out. */
    static AlgorithmResult unmeasured(Source source) {
        Finding emphysema = new Finding(EMPHYSEMA, Presence.PRESENT, Optional.empty(), List.of(), Optional.empty(),
                List.of());
        Finding noPe = new Finding(PE, Presence.ABSENT, Optional.of(0.02), List.of(), Optional.empty(), List.of());
        return result(source, ResultStatus.POSITIVE, List.of(emphysema, noPe), Optional.empty());
    }

    /** The algorithm could not decide; one nodule it measured but is not sure of. */
    static AlgorithmResult inconclusive(Source source) {
        Finding unsure = new Finding(NODULE, Presence.UNCERTAIN, Optional.of(0.41),
                List.of(new Measurement(LONG_AXIS, new BigDecimal("3.1"), "mm")), Optional.of(LUNG),
                List.of(source.reference(1)));
        return result(source, ResultStatus.INCONCLUSIVE, List.of(unsure), Optional.empty());
    }

    static AlgorithmResult result(Source source, ResultStatus status, List<Finding> findings,
                                  Optional<WorklistPriority> priority) {
        return new AlgorithmResult("lung-nodule-ct", "LungNodule CT", "2.4.1", DEVICE,
                source.study().studyInstanceUid(), status, findings, priority);
    }
}
