package org.varde.testdata.detect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.varde.testdata.GeneratorOptions;
import org.varde.testdata.GroundTruth;
import org.varde.testdata.StudyGenerator;

/** A generated set read back study by study: each study's DICOM files and its ground truth. */
record PlantedSet(List<Study> studies) {

    record Study(Path folder, List<Path> files, GroundTruth truth) {
    }

    static PlantedSet generate(Path out, GeneratorOptions options) throws IOException {
        StudyGenerator.generate(out, options);
        List<Study> studies = new ArrayList<>();
        for (int index = 1; index <= options.studies(); index++) {
            Path folder = out.resolve(Integer.toString(index));
            studies.add(new Study(folder, dicomFiles(folder), read(folder)));
        }
        return new PlantedSet(studies);
    }

    private static GroundTruth read(Path folder) throws IOException {
        Path file = GroundTruth.fileOf(folder);
        return Files.exists(file) ? GroundTruth.read(file) : null;
    }

    static List<Path> dicomFiles(Path folder) throws IOException {
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(file -> file.toString().endsWith(".dcm")).sorted().toList();
        }
    }
}
