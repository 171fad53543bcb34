package org.varde.testdata;

import java.util.List;
import java.util.SplittableRandom;
import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.Tag;
import org.varde.dicom.data.UID;
import org.varde.dicom.data.VR;

/** MR of the head at 1.5 T: an axial T2 FLAIR and an axial T1 spin echo over the same slices. */
final class MrHeadProtocol implements ExaminationProtocol {

    static final int DEFAULT_SLICES = 24;
    static final int DEFAULT_MATRIX = 256;
    private static final double FIELD_OF_VIEW_MM = 230;
    private static final double THICKNESS_MM = 5;
    private static final double SPACING_MM = 6;
    private static final double FIRST_Z_MM = 80;
    private static final VoiWindow WINDOW = new VoiWindow(600, 1200);

    private static final ExaminationProfile PROFILE = new ExaminationProfile("MR Caput", 18, 85,
            ExaminationProfile.syntheticEquipment("SynthMR 1.5T", "SYNMR01"));

    @Override
    public ExaminationProfile profile() {
        return PROFILE;
    }

    @Override
    public List<SeriesProtocol> series(GeneratorOptions options, SplittableRandom studyRandom) {
        int slices = options.imagesOr(DEFAULT_SLICES);
        AxialSlices geometry = new AxialSlices(options.matrixOr(DEFAULT_MATRIX), FIELD_OF_VIEW_MM, THICKNESS_MM,
                SPACING_MM, FIRST_Z_MM);
        return List.of(
                new MrSeries(1, "T2 FLAIR tra", new Sequence(List.of("SE", "IR"), 9000, 81, 2500, 16),
                        geometry, slices),
                new MrSeries(2, "T1 SE tra", new Sequence(List.of("SE"), 550, 10, 0, 1), geometry, slices));
    }

    /**
     * MR Image module (PS3.3 C.8.3.1) timing of one pulse sequence.
     *
     * @param scanningSequence PS3.3 C.8.3.1: SE spin echo, IR inversion recovery, GR gradient recalled
     * @param inversionTime    ms, 0 when the sequence has no inversion pulse
     */
    record Sequence(List<String> scanningSequence, double repetitionTime, double echoTime, double inversionTime,
                    int echoTrainLength) {

        boolean inversionRecovery() {
            return inversionTime > 0;
        }
    }

    private record MrSeries(int seriesNumber, String description, Sequence sequence, AxialSlices slices,
                            int imageCount) implements SeriesProtocol {

        @Override
        public String sopClassUid() {
            return UID.MRImageStorage;
        }

        @Override
        public PixelFormat pixelFormat() {
            return PixelFormat.square(slices.matrix(), 12);
        }

        @Override
        public void describeSeries(Attributes dataSet, SyntheticStudy study) {
            dataSet.setString(Tag.Modality, VR.CS, "MR");
            dataSet.setString(Tag.BodyPartExamined, VR.CS, "HEAD");
            dataSet.setString(Tag.ProtocolName, VR.LO, "Caput rutine");
            // NA: nasion, the landmark a head scan is positioned on
            slices.describeFrame(dataSet, study, "NA");
            dataSet.setString(Tag.ScanningSequence, VR.CS, sequence.scanningSequence().toArray(String[]::new));
            // PS3.3 C.8.3.1: SK segmented k-space, SP spoiled
            dataSet.setString(Tag.SequenceVariant, VR.CS, "SK", "SP");
            // PS3.3 C.8.3.1: SP spatial presaturation, PFP partial Fourier in phase
            dataSet.setString(Tag.ScanOptions, VR.CS, sequence.inversionRecovery() ? "SP" : "PFP");
            dataSet.setString(Tag.MRAcquisitionType, VR.CS, "2D");
            dataSet.setString(Tag.RepetitionTime, VR.DS, DecimalStrings.of(sequence.repetitionTime()));
            dataSet.setString(Tag.EchoTime, VR.DS, DecimalStrings.of(sequence.echoTime()));
            if (sequence.inversionRecovery()) {
                // PS3.3 C.8.3.1: Inversion Time is 2C, required when Scanning Sequence includes IR
                dataSet.setString(Tag.InversionTime, VR.DS, DecimalStrings.of(sequence.inversionTime()));
            }
            dataSet.setInt(Tag.EchoTrainLength, VR.IS, sequence.echoTrainLength());
            dataSet.setString(Tag.MagneticFieldStrength, VR.DS, "1.5");
            dataSet.setString(Tag.ImagedNucleus, VR.SH, "1H");
            dataSet.setString(Tag.SpacingBetweenSlices, VR.DS, DecimalStrings.of(slices.spacing()));
            dataSet.setInt(Tag.AcquisitionNumber, VR.IS, 1);
            WINDOW.describe(dataSet);
        }

        @Override
        public void describeImage(Attributes dataSet, int index) {
            // PS3.3 C.8.3.1.1.1: value 3 is required; its defined terms name derived kinds (MPR, T1 MAP,
            // ...), so an acquired magnitude image carries M (and ND, no distortion correction) as
            // scanners write it; dciodvfy notes M as an unrecognised term, which is allowed
            dataSet.setString(Tag.ImageType, VR.CS, "ORIGINAL", "PRIMARY", "M", "ND");
            slices.describe(dataSet, index);
        }

        @Override
        public ImagePlane plane(int index) {
            return slices.plane(index);
        }
    }
}
