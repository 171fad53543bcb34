package org.varde.gateway.cli;

import org.varde.testdata.AgeRange;
import org.varde.testdata.GeneratorOptions;
import org.varde.testdata.GroundTruth;
import org.varde.testdata.PlantOptions;
import org.varde.testdata.StudyGenerator;
import org.varde.testdata.StudyKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code varde generate}: synthetic studies, no real patient data. */
@Command(name = "generate", mixinStandardHelpOptions = true, description = "Write synthetic DICOM studies.")
final class GenerateCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output folder")
    Path out;

    @Option(names = "--kind", required = true, paramLabel = "KIND", description = "ct-thorax, ctpa, cxr, mr-head or wrist")
    String kind;

    @Option(names = "--studies", defaultValue = "1", description = "number of studies (default ${DEFAULT-VALUE})")
    int studies;

    @Option(names = "--seed", defaultValue = "1", description = "same seed, same UIDs (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--slices", defaultValue = "0",
            description = "images in the main series; 0 = the kind's default (default ${DEFAULT-VALUE})")
    int slices;

    @Option(names = "--matrix", defaultValue = "0",
            description = "rows and columns of every image; 0 = the kind's default (default ${DEFAULT-VALUE})")
    int matrix;

    @Option(names = "--plant", paramLabel = "FINDING[:SIZEmm]",
            description = "plant a finding in the pixels and write " + GroundTruth.FILE_NAME + " beside each study: "
                    + "nodule or pe (ct-thorax, ctpa), opacity (cxr), fracture (wrist); e.g. nodule:10mm "
                    + "(no size: drawn per study)")
    String plant;

    @Option(names = "--positive-rate", paramLabel = "RATE",
            description = "share of the studies that carry the finding, 0 to 1 (default 1 with --plant)")
    Double positiveRate;

    @Option(names = "--age", paramLabel = "YEARS|MIN-MAX|child",
            description = "the patients' age in years, e.g. 7, 2-12 or child (4-12); default: the kind's own "
                    + "population (adults, from 6 years for a wrist)")
    String age;

    @Override
    public Integer call() throws Exception {
        StudyKind studyKind;
        try {
            studyKind = StudyKind.fromCliName(kind);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        GeneratorOptions options;
        try {
            options = new GeneratorOptions(studyKind, studies, seed, slices, matrix, plantOptions(),
                    age == null ? null : AgeRange.parse(age));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        List<Path> files;
        try {
            files = StudyGenerator.generate(out, options);
        } catch (IllegalArgumentException e) {
            // a finding that does not fit these images (e.g. a nodule longer than the slices cover)
            System.err.println(e.getMessage());
            return 2;
        }
        System.out.printf("wrote %d files of %d %s studies to %s%n", files.size(), studies, studyKind.cliName(), out);
        if (options.plant() != null) {
            System.out.printf("planted %s in %s of them; ground truth in %s/<study>/%s%n",
                    options.plant().finding().cliName(), positiveShare(options), out, GroundTruth.FILE_NAME);
        }
        return 0;
    }

    private PlantOptions plantOptions() {
        if (plant == null) {
            if (positiveRate != null) {
                throw new IllegalArgumentException("--positive-rate needs --plant");
            }
            return null;
        }
        return PlantOptions.parse(plant, positiveRate == null ? 1.0 : positiveRate);
    }

    private static String positiveShare(GeneratorOptions options) {
        return Math.round(options.studies() * options.plant().positiveRate()) + " of " + options.studies();
    }
}
