package org.varde.gateway.cli;

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

    @Override
    public Integer call() throws Exception {
        StudyKind studyKind;
        try {
            studyKind = StudyKind.fromCliName(kind);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        if (studies < 1) {
            System.err.println("--studies must be at least 1");
            return 2;
        }
        List<Path> files = StudyGenerator.generate(out, studyKind, studies, seed);
        System.out.printf("wrote %d files of %d %s studies to %s%n", files.size(), studies, studyKind.cliName(), out);
        return 0;
    }
}
