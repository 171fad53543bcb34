package org.varde.gateway.cli;

import org.varde.testdata.GeneratorOptions;
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

    @Option(names = "--kind", required = true, paramLabel = "KIND", description = "ct-thorax, cxr, mr-head or wrist")
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
            options = new GeneratorOptions(studyKind, studies, seed, slices, matrix);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        List<Path> files = StudyGenerator.generate(out, options);
        System.out.printf("wrote %d files of %d %s studies to %s%n", files.size(), studies, studyKind.cliName(), out);
        return 0;
    }
}
