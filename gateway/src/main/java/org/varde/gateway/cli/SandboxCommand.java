package org.varde.gateway.cli;

import org.varde.testdata.sandbox.dicom.ResultsAnswer;
import org.varde.testdata.sandbox.dicomweb.WebAnswer;
import org.varde.testdata.sandbox.rest.RestMisbehaviour;
import org.varde.testdata.sandbox.ups.UpsMisbehaviour;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code varde sandbox}: the simulated vendors on their own, each on a real socket, each told how to
 * behave; prints where each listens and the catalogue entries that reach them, then serves until
 * stopped (Ctrl-C). For trying a gateway against vendors that really detect, and for watching how it
 * copes with one that hangs, refuses or answers garbage.
 */
@Command(name = "sandbox", mixinStandardHelpOptions = true,
        description = "Run the sandbox vendors (DICOM nodule, DICOMweb PE, REST fracture, UPS-RS chest X-ray triage) until stopped.")
final class SandboxCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--only", split = ",", paramLabel = "PROTOCOL", converter = ProtocolWord.class,
            description = "which vendors: dicom, dicomweb, rest, ups (default all; ups only with --ups-token-file)")
    Set<SandboxProtocol> only = EnumSet.allOf(SandboxProtocol.class);

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "address the vendors listen on (default ${DEFAULT-VALUE})")
    String host;

    @Option(names = "--dicom-port", defaultValue = "11121", description = "DICOM vendor's port, 0 for any free one (default ${DEFAULT-VALUE})")
    int dicomPort;

    @Option(names = "--dicom-ae", defaultValue = "PULMOSPOT", description = "DICOM vendor's AE title (default ${DEFAULT-VALUE})")
    String dicomAeTitle;

    @Option(names = "--dicom-misbehave", defaultValue = "NONE",
            description = "DICOM vendor: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})")
    ResultsAnswer.Misbehaviour dicomMisbehaviour;

    @Option(names = "--dicomweb-port", defaultValue = "18042", description = "DICOMweb vendor's port (default ${DEFAULT-VALUE})")
    int dicomWebPort;

    @Option(names = "--dicomweb-misbehave", defaultValue = "NONE",
            description = "DICOMweb vendor: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})")
    WebAnswer.Misbehaviour dicomWebMisbehaviour;

    @Option(names = "--dicomweb-poll", description = "DICOMweb vendor keeps its results for Varde to poll even with a token")
    boolean dicomWebPoll;

    @Option(names = "--vendor-token-file", paramLabel = "FILE",
            description = "Varde's vendor token for the DICOMweb vendor (varde token create sandbox-pe --role vendor);"
                    + " without it the DICOMweb vendor keeps its results for polling")
    Path vendorTokenFile;

    @Option(names = "--rest-port", defaultValue = "18081", description = "REST vendor's port (default ${DEFAULT-VALUE})")
    int restPort;

    @Option(names = "--rest-token", defaultValue = "sandbox-rest-token",
            description = "bearer token the REST vendor requires (default ${DEFAULT-VALUE})")
    String restToken;

    @Option(names = "--rest-misbehave", defaultValue = "NONE",
            description = "REST vendor: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})")
    RestMisbehaviour restMisbehaviour;

    @Option(names = "--ups-token-file", paramLabel = "FILE",
            description = "Varde's vendor token for the UPS-RS vendor (varde token create --name " + SandboxVendors.CXR_ID
                    + " --role vendor); without it the UPS-RS vendor does not start")
    Path upsTokenFile;

    @Option(names = "--ups-ae", defaultValue = "SANDBOX_CXR",
            description = "AE Title the UPS-RS vendor subscribes as (default ${DEFAULT-VALUE})")
    String upsAeTitle;

    @Option(names = "--ups-query-seconds", defaultValue = "10",
            description = "UPS-RS vendor's fallback query interval; events tell it sooner (default ${DEFAULT-VALUE})")
    int upsQuerySeconds;

    @Option(names = "--ups-misbehave", defaultValue = "NONE",
            description = "UPS-RS vendor: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})")
    UpsMisbehaviour upsMisbehaviour;

    @Option(names = "--varde-host", defaultValue = "127.0.0.1", description = "where Varde listens (default ${DEFAULT-VALUE})")
    String vardeHost;

    @Option(names = "--varde-dicom-port", defaultValue = "11112", description = "Varde's DICOM port (default ${DEFAULT-VALUE})")
    int vardeDicomPort;

    @Option(names = "--varde-results-ae", defaultValue = "VARDE_RESULTS",
            description = "Varde's results AE title (default ${DEFAULT-VALUE})")
    String vardeResultsAe;

    @Option(names = "--varde-http-port", defaultValue = "8080", description = "Varde's HTTP port (default ${DEFAULT-VALUE})")
    int vardeHttpPort;

    @Option(names = "--work-dir", paramLabel = "DIR", description = "vendors' scratch folder (default: a new temporary one)")
    Path workDir;

    /** A protocol as the catalogue spells it ({@code dicomweb}), not as the enum does. */
    static final class ProtocolWord implements ITypeConverter<SandboxProtocol> {
        @Override
        public SandboxProtocol convert(String word) {
            for (SandboxProtocol p : SandboxProtocol.values()) {
                if (p.word().equalsIgnoreCase(word.strip())) {
                    return p;
                }
            }
            throw new TypeConversionException("\"" + word + "\" is none of dicom, dicomweb, rest, ups");
        }
    }

    /** The running vendors, for whoever stops them (the shutdown hook, a test). */
    SandboxVendors running;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        SandboxVendors.Varde varde;
        String upsToken;
        try {
            varde = new SandboxVendors.Varde(vardeHost, vardeDicomPort, vardeResultsAe,
                    URI.create("http://" + vardeHost + ":" + vardeHttpPort + "/dicomweb"), token(vendorTokenFile));
            upsToken = token(upsTokenFile);
        } catch (IOException e) {
            spec.commandLine().getErr().println("cannot read a token file: " + e.getMessage());
            return VardeCommand.CONFIG_ERROR;
        }
        if (upsQuerySeconds < 1) {
            spec.commandLine().getErr().println("--ups-query-seconds must be at least 1");
            return VardeCommand.CONFIG_ERROR;
        }
        Path work = workDir != null ? Files.createDirectories(workDir) : Files.createTempDirectory("varde-sandbox-");
        SandboxVendors vendors = new SandboxVendors();
        running = vendors;
        try {
            if (only.contains(SandboxProtocol.DICOM)) {
                vendors.startDicom(host, dicomPort, dicomAeTitle, varde, dicomMisbehaviour);
            }
            if (only.contains(SandboxProtocol.DICOMWEB)) {
                vendors.startDicomWeb(host, dicomWebPort, work, varde, dicomWebMisbehaviour, dicomWebPoll);
            }
            if (only.contains(SandboxProtocol.REST)) {
                vendors.startRest(host, restPort, work, varde, restToken, restMisbehaviour);
            }
            if (only.contains(SandboxProtocol.UPS) && upsToken != null) {
                vendors.startUps(work, new SandboxVendors.Varde(vardeHost, vardeDicomPort, vardeResultsAe,
                        varde.dicomWebUrl(), upsToken), upsAeTitle, java.time.Duration.ofSeconds(upsQuerySeconds),
                        upsMisbehaviour);
            } else if (only.contains(SandboxProtocol.UPS)) {
                spec.commandLine().getErr().println("ups: not started; it pulls from Varde with a vendor token: "
                        + "varde token create --name " + SandboxVendors.CXR_ID + " --role vendor, then --ups-token-file");
            }
        } catch (Exception e) {
            vendors.close();
            spec.commandLine().getErr().println("a sandbox vendor cannot start: " + e.getMessage());
            return 1;
        }
        print(out, vendors.started());
        Runtime.getRuntime().addShutdownHook(new Thread(vendors::close, "sandbox-stop"));
        return VardeCommand.KEEP_RUNNING;
    }

    private static String token(Path file) throws IOException {
        if (file == null) {
            return null;
        }
        String token = Files.readString(file, StandardCharsets.UTF_8).strip();
        return token.isEmpty() ? null : token;
    }

    private void print(PrintWriter out, List<SandboxVendors.Started> started) {
        out.println("Sandbox vendors (stop with Ctrl-C):");
        for (SandboxVendors.Started s : started) {
            out.printf("  %-9s %s%n", s.protocol().word(), s.listensAt());
        }
        out.println("Varde is expected at " + vardeHost + ": DICOM port " + vardeDicomPort + " (results AE "
                + vardeResultsAe + "), HTTP port " + vardeHttpPort + ".");
        out.println();
        out.println("# catalogue entries (an algorithms file), then routes that select them:");
        out.println("algorithms:");
        started.forEach(s -> out.print(s.catalogueEntry()));
        out.flush();
    }
}
