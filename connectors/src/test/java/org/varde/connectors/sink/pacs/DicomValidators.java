package org.varde.connectors.sink.pacs;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The validators IHE Connectathons use, run as the separate programs they are: dicom3tools'
 * {@code dciodvfy}, PixelMed's {@code DicomSRValidator} (Debian libpixelmed-java) and dcmtk's
 * {@code dsrdump}. Public: the gateway's end-to-end delivery test runs them on what PACS returns.
 */
public final class DicomValidators {
    private static final Path PIXELMED_JAR = Path.of("/usr/share/java/pixelmed.jar");

    private DicomValidators() {
    }

    public record Outcome(int exitCode, String output) {
        /** dciodvfy and PixelMed start each error line with "Error"; warnings with "Warning". */
        public List<String> errors() {
            return output.lines().filter(l -> l.startsWith("Error") || l.contains(": Error")).toList();
        }

        public List<String> warnings() {
            return output.lines().filter(l -> l.startsWith("Warning") || l.contains(": Warning")).toList();
        }
    }

    public static Outcome dciodvfy(Path file) throws IOException, InterruptedException {
        return run(List.of("dciodvfy", "-new", file.toString()));
    }

    /**
     * PixelMed's SR validator: IOD, then the templates named by the root. On Java 17 the XPath limits
     * the JDK sets by default stop its large stylesheets, so they are lifted for that process only.
     */
    public static Outcome pixelmedSr(Path file) throws IOException, InterruptedException {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return run(List.of(javaBin, "-Djdk.xml.xpathExprOpLimit=0", "-Djdk.xml.xpathExprGrpLimit=0",
                "-Djdk.xml.xpathTotalOpLimit=0", "-Xmx1g", "-cp", PIXELMED_JAR.toString(),
                "com.pixelmed.validate.DicomSRValidator", file.toString()));
    }

    /** PixelMed on several files in one process: the outcome of each, in order. */
    public static Map<Path, Outcome> pixelmedSr(List<Path> files) throws IOException, InterruptedException {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String testClasses = Path.of(PixelMedBatch.class.getProtectionDomain().getCodeSource().getLocation().getPath())
                .toString();
        List<String> command = new ArrayList<>(List.of(javaBin, "-Djdk.xml.xpathExprOpLimit=0",
                "-Djdk.xml.xpathExprGrpLimit=0", "-Djdk.xml.xpathTotalOpLimit=0", "-Xmx1g", "-cp",
                PIXELMED_JAR + File.pathSeparator + testClasses, PixelMedBatch.class.getName()));
        files.forEach(f -> command.add(f.toString()));
        Outcome all = run(command);
        if (all.exitCode() != 0) {
            throw new IOException("PixelMed failed (" + all.exitCode() + "): " + all.output());
        }
        Map<Path, Outcome> byFile = new LinkedHashMap<>();
        String[] parts = all.output().split("(?m)^" + PixelMedBatch.FILE_MARK);
        for (String part : parts) {
            int eol = part.indexOf('\n');
            if (eol > 0) {
                byFile.put(Path.of(part.substring(0, eol).trim()), new Outcome(0, part.substring(eol + 1)));
            }
        }
        return byFile;
    }

    public static Outcome dsrdump(Path file) throws IOException, InterruptedException {
        return run(List.of("dsrdump", "+U8", file.toString()));
    }

    public static boolean pixelmedInstalled() {
        return Files.isReadable(PIXELMED_JAR);
    }

    private static Outcome run(List<String> command) throws IOException, InterruptedException {
        Path log = Files.createTempFile("validator-", ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().put("TCP_NODELAY", "1");
            Process process = builder.start();
            // PixelMed compiles megabytes of XSLT: minutes on a loaded 2-core machine
            if (!process.waitFor(15, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IOException("timed out: " + command);
            }
            return new Outcome(process.exitValue(), Files.readString(log));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
