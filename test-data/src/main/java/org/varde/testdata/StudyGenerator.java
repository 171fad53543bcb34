package org.varde.testdata;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.Part10;
import org.varde.dicom.data.Tag;
import org.varde.dicom.data.TransferSyntax;
import org.varde.dicom.data.VR;

/**
 * Writes synthetic studies as DICOM Part 10 files in Explicit VR Little Endian, to
 * {@code outDir/<study>/<series>/<instance>.dcm} (numbers from 1; paths never come from UIDs).
 * No real patient data: names, identifiers and pixels are drawn from the seed.
 */
public final class StudyGenerator {

    private static final Logger LOG = LoggerFactory.getLogger(StudyGenerator.class);

    private StudyGenerator() {
    }

    /** {@code studies} studies of {@code kind} with the kind's default size. */
    public static List<Path> generate(Path outDir, StudyKind kind, int studies, long seed) throws IOException {
        return generate(outDir, GeneratorOptions.defaults(kind, studies, seed));
    }

    /**
     * The studies {@code options} describe; returns the DICOM files written, in the order written.
     * With a finding to plant, each study folder also gets its {@link GroundTruth#FILE_NAME}.
     */
    public static List<Path> generate(Path outDir, GeneratorOptions options) throws IOException {
        long started = System.nanoTime();
        SeedSpace seeds = new SeedSpace(options.seed(), options.kind());
        ExaminationProtocol protocol = ExaminationProtocol.of(options.kind());
        List<Path> written = new ArrayList<>();
        int positives = 0;
        for (int index = 1; index <= options.studies(); index++) {
            SyntheticStudy study = SyntheticStudy.draw(seeds, index, options.agesOr(protocol.profile()));
            Path studyDir = outDir.resolve(Integer.toString(index));
            SplittableRandom studyRandom = seeds.random("protocol/" + index);
            List<SeriesProtocol> series = protocol.series(options, studyRandom);
            // the anatomy does not depend on what is planted: the same seed without --plant draws the same patient
            Scene scene = protocol.scene(seeds.random("anatomy/" + index));
            Plant plant = plant(options.plant(), index, scene, seeds, series);
            for (SeriesProtocol one : series) {
                writeSeries(studyDir, study, protocol, one, scene, plant, written);
            }
            if (options.plant() != null) {
                GroundTruths.of(study, options.kind(), options.plant().finding(), plant, series)
                        .write(GroundTruth.fileOf(studyDir));
                positives += plant == null ? 0 : 1;
            }
        }
        LOG.info("generated {} {} studies ({} with a planted finding), {} files in {} ms", options.studies(),
                options.kind().cliName(), positives, written.size(), (System.nanoTime() - started) / 1_000_000);
        return written;
    }

    private static Plant plant(PlantOptions plant, int index, Scene scene, SeedSpace seeds, List<SeriesProtocol> series) {
        if (plant == null || !plant.positive(index)) {
            return null;
        }
        return scene.plant(plant.finding(), plant.diameterMm(), seeds.random("plant/" + index), series);
    }

    private static void writeSeries(Path studyDir, SyntheticStudy study, ExaminationProtocol protocol,
                                    SeriesProtocol series, Scene scene, Plant plant, List<Path> written)
            throws IOException {
        Path seriesDir = Files.createDirectories(studyDir.resolve(Integer.toString(series.seriesNumber())));
        SplittableRandom noise = study.pixelRandom(series.seriesNumber());
        for (int image = 0; image < series.imageCount(); image++) {
            Attributes dataSet = instance(study, protocol, series, image);
            dataSet.setBytes(Tag.PixelData, VR.OW, scene.pixels(series.plane(image), series.pixelFormat(), plant, noise));
            Path file = seriesDir.resolve((image + 1) + ".dcm");
            Part10.writeFile(file, dataSet, TransferSyntax.EXPLICIT_LE);
            written.add(file);
        }
    }

    /** Every attribute of one image but its pixels. */
    static Attributes instance(SyntheticStudy study, ExaminationProtocol protocol, SeriesProtocol series, int image) {
        Attributes dataSet = new Attributes();
        study.describe(dataSet, protocol);
        int number = series.seriesNumber();
        // PS3.3 C.12.1 SOP Common
        dataSet.setString(Tag.SOPClassUID, VR.UI, series.sopClassUid());
        dataSet.setString(Tag.SOPInstanceUID, VR.UI, study.sopInstanceUid(number, image));
        // PS3.3 C.7.3.1 General Series
        dataSet.setString(Tag.SeriesInstanceUID, VR.UI, study.seriesInstanceUid(number));
        dataSet.setInt(Tag.SeriesNumber, VR.IS, number);
        dataSet.setString(Tag.SeriesDescription, VR.LO, series.description());
        LocalDateTime seriesStart = study.imageTime(number, 0);
        dataSet.setString(Tag.SeriesDate, VR.DA, DicomDates.date(seriesStart.toLocalDate()));
        dataSet.setString(Tag.SeriesTime, VR.TM, DicomDates.time(seriesStart.toLocalTime()));
        series.describeSeries(dataSet, study);
        // PS3.3 C.7.6.1 General Image
        LocalDateTime acquired = study.imageTime(number, image);
        dataSet.setInt(Tag.InstanceNumber, VR.IS, image + 1);
        dataSet.setString(Tag.ContentDate, VR.DA, DicomDates.date(acquired.toLocalDate()));
        dataSet.setString(Tag.ContentTime, VR.TM, DicomDates.time(acquired.toLocalTime()));
        dataSet.setString(Tag.AcquisitionDate, VR.DA, DicomDates.date(acquired.toLocalDate()));
        dataSet.setString(Tag.AcquisitionTime, VR.TM, DicomDates.time(acquired.toLocalTime()));
        series.describeImage(dataSet, image);
        describePixels(dataSet, series.pixelFormat());
        return dataSet;
    }

    /** PS3.3 C.7.6.3 Image Pixel, all but Pixel Data. */
    private static void describePixels(Attributes dataSet, PixelFormat format) {
        dataSet.setInt(Tag.SamplesPerPixel, VR.US, 1);
        dataSet.setString(Tag.PhotometricInterpretation, VR.CS, "MONOCHROME2");
        dataSet.setInt(Tag.Rows, VR.US, format.rows());
        dataSet.setInt(Tag.Columns, VR.US, format.columns());
        dataSet.setInt(Tag.BitsAllocated, VR.US, PixelFormat.BITS_ALLOCATED);
        dataSet.setInt(Tag.BitsStored, VR.US, format.bitsStored());
        dataSet.setInt(Tag.HighBit, VR.US, format.highBit());
        dataSet.setInt(Tag.PixelRepresentation, VR.US, 0);
    }
}
