package org.varde.testdata;

import java.util.List;
import java.util.SplittableRandom;
import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.Tag;
import org.varde.dicom.data.UID;
import org.varde.dicom.data.VR;

/**
 * CT of the thorax: one acquisition reconstructed twice, thin slices and thick slices over the same
 * range, as a scanner sends them to PACS. The chest is drawn with its pulmonary arteries opacified, so
 * the same acquisition serves as a routine contrast thorax (thin lung kernel) and as a CT pulmonary
 * angiography (thin soft kernel, described as a CTPA: what a PE route matches on).
 */
final class CtThoraxProtocol implements ExaminationProtocol {

    static final int DEFAULT_SLICES = 64;
    static final int DEFAULT_MATRIX = 512;
    private static final double FIELD_OF_VIEW_MM = 350;
    private static final double THIN_MM = 1.0;
    private static final double THICK_MM = 5.0;
    private static final double FIRST_Z_MM = -40;

    private static final Equipment SCANNER = ExaminationProfile.syntheticEquipment("SynthCT 128", "SYNCT01");

    private final ExaminationProfile profile;
    private final String protocolName;
    private final Reconstruction thin;
    private final Reconstruction thick;

    /** One reconstruction: its series description, kernel and display window. */
    private record Reconstruction(String description, String kernel, VoiWindow window) {
    }

    private CtThoraxProtocol(ExaminationProfile profile, String protocolName, Reconstruction thin,
                             Reconstruction thick) {
        this.profile = profile;
        this.protocolName = protocolName;
        this.thin = thin;
        this.thick = thick;
    }

    /** Routine contrast CT thorax: thin slices in a sharp lung kernel, thick ones in a soft-tissue kernel. */
    static CtThoraxProtocol thorax() {
        return new CtThoraxProtocol(new ExaminationProfile("CT Thorax", 40, 88, SCANNER), "Thorax standard",
                new Reconstruction("Thorax 1.0 B70f", "B70f", new VoiWindow(-600, 1600)),
                new Reconstruction("Thorax 5.0 Br40", "Br40", new VoiWindow(40, 400)));
    }

    /**
     * CT pulmonary angiography (a suspected embolism): thin slices in a soft kernel under a vessel
     * window, where a filling defect shows, and thick ones for the mediastinum; CTPA in every description.
     */
    static CtThoraxProtocol pulmonaryAngiography() {
        return new CtThoraxProtocol(new ExaminationProfile("CT Angio lungearterier (CTPA)", 30, 90, SCANNER),
                "CTPA lungeemboli", new Reconstruction("CTPA 1.0 Br36", "Br36", new VoiWindow(100, 700)),
                new Reconstruction("CTPA 5.0 Br40", "Br40", new VoiWindow(40, 400)));
    }

    @Override
    public ExaminationProfile profile() {
        return profile;
    }

    /** The thin series has {@code slicesOrImages} slices; the thick one covers the same range. */
    @Override
    public List<SeriesProtocol> series(GeneratorOptions options, SplittableRandom studyRandom) {
        int thinSlices = options.imagesOr(DEFAULT_SLICES);
        int matrix = options.matrixOr(DEFAULT_MATRIX);
        double range = (thinSlices - 1) * THIN_MM;
        int thickSlices = (int) Math.floor(range / THICK_MM) + 1;
        double thickStart = FIRST_Z_MM - (range - (thickSlices - 1) * THICK_MM) / 2;
        return List.of(
                new CtSeries(1, thin, protocolName,
                        new AxialSlices(matrix, FIELD_OF_VIEW_MM, THIN_MM, THIN_MM, FIRST_Z_MM), thinSlices),
                new CtSeries(2, thick, protocolName,
                        new AxialSlices(matrix, FIELD_OF_VIEW_MM, THICK_MM, THICK_MM, thickStart), thickSlices));
    }

    @Override
    public Scene scene(SplittableRandom anatomy) {
        return new ChestCtScene(anatomy);
    }

    private record CtSeries(int seriesNumber, Reconstruction reconstruction, String protocolName,
                            AxialSlices slices, int imageCount) implements SeriesProtocol {

        @Override
        public String description() {
            return reconstruction.description();
        }

        @Override
        public String sopClassUid() {
            return UID.CTImageStorage;
        }

        /** 12 bits stored with intercept -1024: -1024..3071 HU, the range most scanners write. */
        @Override
        public PixelFormat pixelFormat() {
            return PixelFormat.square(slices.matrix(), 12);
        }

        @Override
        public void describeSeries(Attributes dataSet, SyntheticStudy study) {
            dataSet.setString(Tag.Modality, VR.CS, "CT");
            // PS3.16 Annex L: CHEST is the Body Part Examined code of the thorax
            dataSet.setString(Tag.BodyPartExamined, VR.CS, "CHEST");
            dataSet.setString(Tag.ProtocolName, VR.LO, protocolName);
            // SN: sternal notch, the landmark a thorax scan is positioned on
            slices.describeFrame(dataSet, study, "SN");
            // PS3.3 C.7.6.4 Contrast/Bolus: the pulmonary arteries are drawn opacified, as in a CTPA
            dataSet.setString(Tag.ContrastBolusAgent, VR.LO, "IOHEXOL 350 MG I/ML");
            dataSet.setString(Tag.KVP, VR.DS, "120");
            dataSet.setString(Tag.ConvolutionKernel, VR.SH, reconstruction.kernel());
            dataSet.setString(Tag.ReconstructionDiameter, VR.DS, DecimalStrings.of(slices.fieldOfView()));
            dataSet.setInt(Tag.AcquisitionNumber, VR.IS, 1);
            dataSet.setString(Tag.RescaleIntercept, VR.DS, "-1024");
            dataSet.setString(Tag.RescaleSlope, VR.DS, "1");
            dataSet.setString(Tag.RescaleType, VR.LO, "HU");
            reconstruction.window().describe(dataSet);
        }

        @Override
        public void describeImage(Attributes dataSet, int index) {
            // PS3.3 C.8.2.1.1.1: value 3 of a CT Image Type is AXIAL or LOCALIZER
            dataSet.setString(Tag.ImageType, VR.CS, "ORIGINAL", "PRIMARY", "AXIAL");
            slices.describe(dataSet, index);
        }

        @Override
        public ImagePlane plane(int index) {
            return slices.plane(index);
        }
    }
}
