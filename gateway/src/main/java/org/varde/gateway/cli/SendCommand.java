package org.varde.gateway.cli;

import org.varde.dicom.net.StoreOutcome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code varde send PATH… --to HOST:PORT --aet AET}: a C-STORE SCU. */
@Command(name = "send", mixinStandardHelpOptions = true, description = "Send DICOM files (C-STORE SCU).")
final class SendCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "PATH", description = "files or folders (walked recursively)")
    List<Path> paths;

    @Option(names = "--to", required = true, paramLabel = "HOST:PORT", description = "the storage SCP")
    String to;

    @Option(names = "--aet", required = true, paramLabel = "AET", description = "called AE title")
    String calledAeTitle;

    @Option(names = "--calling-aet", defaultValue = "VARDE_SCU", paramLabel = "AET",
            description = "our AE title (default ${DEFAULT-VALUE})")
    String callingAeTitle;

    @Override
    public Integer call() throws Exception {
        int colon = to.lastIndexOf(':');
        int port;
        try {
            port = Integer.parseInt(to.substring(colon + 1));
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            port = -1;
        }
        if (colon <= 0 || port < 1 || port > 65535) {
            System.err.println("--to must be HOST:PORT, was " + to);
            return 2;
        }
        List<Path> files = InstanceSender.collect(paths);
        if (files.isEmpty()) {
            System.err.println("no files to send");
            return 1;
        }
        List<StoreOutcome> outcomes;
        try {
            outcomes = InstanceSender.send(files, to.substring(0, colon), port, callingAeTitle, calledAeTitle);
        } catch (Exception e) {
            System.err.println("association failed: " + e.getMessage());
            return 1;
        }
        return InstanceSender.report(outcomes, System.out) == 0 ? 0 : 1;
    }
}
