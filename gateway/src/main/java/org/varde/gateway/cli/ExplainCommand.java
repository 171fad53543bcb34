package org.varde.gateway.cli;

import org.varde.gateway.config.ConfigException;
import org.varde.gateway.routing.RoutingConfig;
import org.varde.gateway.routing.RoutingConfigException;
import org.varde.gateway.routing.RoutingDecision;
import org.varde.gateway.routing.RoutingDecisionJson;
import org.varde.gateway.routing.StudyFacts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code varde routes explain PATH}: reads the headers of a folder of DICOM files (or one file), and
 * prints for each study what the router would decide, per route and algorithm, with every reason.
 * A dry run: no gateway is started, nothing is sent, nothing is written.
 */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = "Which algorithms a study would go to, and why (dry run, nothing is sent).")
final class ExplainCommand implements Callable<Integer> {
    static final int USAGE_ERROR = 2;

    @Parameters(index = "0", paramLabel = "PATH",
            description = "a folder of DICOM files (walked recursively) or one file")
    Path path;

    @Option(names = "--config", defaultValue = "config/varde.yaml", paramLabel = "FILE",
            description = "gateway configuration: its routing section, else algorithms.yaml and routes.yaml"
                    + " beside it (default ${DEFAULT-VALUE})")
    Path config;

    @Option(names = "--algorithms", paramLabel = "FILE",
            description = "algorithm catalogue (default: algorithms.yaml beside --config)")
    Path algorithms;

    @Option(names = "--routes", paramLabel = "FILE", description = "routes (default: routes.yaml beside --config)")
    Path routes;

    @Option(names = "--calling-aet", defaultValue = "", paramLabel = "AET",
            description = "the calling AE title the study would arrive from (routes may match on CallingAE)")
    String callingAe;

    @Option(names = "--json", description = "print the decisions as the API's JSON")
    boolean json;

    @Override
    public Integer call() {
        RoutingConfig routing;
        try {
            routing = RoutingSource.load(config, algorithms, routes);
        } catch (RoutingConfigException | ConfigException e) {
            System.err.println("config error: " + e.getMessage());
            return VardeCommand.CONFIG_ERROR;
        }
        List<Path> files;
        try {
            files = InstanceSender.collect(List.of(path));
        } catch (IOException e) {
            System.err.println(e.getMessage());
            return USAGE_ERROR;
        }
        List<Path> skipped = new ArrayList<>();
        Map<String, StudyFacts> studies = HeaderFacts.read(files, callingAe, skipped);
        skipped.forEach(f -> System.err.println("skipped (not a DICOM Part 10 file): " + f));
        if (studies.isEmpty()) {
            System.err.println("no DICOM files in " + path);
            return USAGE_ERROR;
        }
        studies.values().forEach(study -> print(study, routing.decide(study), System.out));
        return 0;
    }

    private void print(StudyFacts study, List<RoutingDecision> decisions, PrintStream out) {
        if (json) {
            out.println(RoutingDecisionJson.toJson(decisions).toPrettyString());
            return;
        }
        DecisionText.print(study, decisions, out);
    }
}
