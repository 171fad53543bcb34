package org.varde.gateway.cli;

import io.vertx.core.Vertx;
import org.varde.dicom.net.DicomClient;
import org.varde.dicom.net.StoreOutcome;
import org.varde.dicom.net.StoreScu;
import org.varde.testdata.GroundTruth;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Sends files with Varde's own C-STORE SCU over one association and reports each outcome. */
final class InstanceSender {
    private InstanceSender() {
    }

    /**
     * The files named, folders walked recursively, in a stable order. A folder's ground truth files
     * ({@code varde generate --plant} writes one beside each study) are not DICOM and are left out.
     */
    static List<Path> collect(List<Path> paths) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path path : paths) {
            if (Files.isDirectory(path)) {
                try (Stream<Path> walk = Files.walk(path)) {
                    walk.filter(Files::isRegularFile)
                            .filter(file -> !file.getFileName().toString().equals(GroundTruth.FILE_NAME))
                            .sorted().forEach(files::add);
                }
            } else if (Files.isRegularFile(path)) {
                files.add(path);
            } else {
                throw new IOException("no such file or folder: " + path);
            }
        }
        return files;
    }

    static List<StoreOutcome> send(List<Path> files, String host, int port, String callingAeTitle,
                                   String calledAeTitle) throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            DicomClient client = DicomClient.create(vertx);
            return RunningGateway.await(new StoreScu(vertx, client)
                    .send(host, port, callingAeTitle, calledAeTitle, files));
        } finally {
            RunningGateway.await(vertx.close());
        }
    }

    /** One line per file, then a summary; returns the number that failed. */
    static int report(List<StoreOutcome> outcomes, PrintStream out) {
        int failed = 0;
        for (StoreOutcome o : outcomes) {
            if (o.isSuccess()) {
                out.printf("ok      %s  %s%n", o.statusOrNull(), o.file());
            } else {
                failed++;
                String why = o.statusOrNull() != null ? "status " + o.statusOrNull() : o.failureOrNull();
                out.printf("FAILED  %s  %s%n", why, o.file());
            }
        }
        out.printf("%d sent, %d failed%n", outcomes.size() - failed, failed);
        return failed;
    }
}
