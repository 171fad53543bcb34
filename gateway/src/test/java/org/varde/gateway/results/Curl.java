package org.varde.gateway.results;

import org.varde.gateway.testing.Processes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** HTTP by {@code curl}, a client that is not Varde's code: status, headers and the body in a file. */
final class Curl {
    record Answer(String status, String headers, Path bodyFile) {
        String body() throws IOException {
            return Files.readString(bodyFile);
        }

        /** The first value of a response header, or "". */
        String header(String name) {
            for (String line : headers.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).strip();
                }
            }
            return "";
        }
    }

    private Curl() {
    }

    /** One request; {@code out} holds its files. A body is sent as application/dicom+json. */
    static Answer run(Path out, String token, String method, String url, String body, String... headers)
            throws Exception {
        Files.createDirectories(out);
        Path bodyFile = out.resolve("body");
        Path headerFile = out.resolve("headers");
        List<String> command = new ArrayList<>(List.of("curl", "-s", "--http1.1", "-X", method, "-o", bodyFile.toString(),
                "-D", headerFile.toString(), "-w", "%{http_code}"));
        if (token != null) {
            command.addAll(List.of("-H", "Authorization: Bearer " + token));
        }
        for (String h : headers) {
            command.addAll(List.of("-H", h));
        }
        if (body != null) {
            command.addAll(List.of("-H", "Content-Type: application/dicom+json", "--data-binary", body));
        }
        command.add(url);
        Processes.Result result = Processes.run(command, out);
        assertEquals(0, result.exitCode(), result.output());
        String status = result.output().strip();
        status = status.substring(Math.max(0, status.length() - 3));
        return new Answer(status, Files.exists(headerFile) ? Files.readString(headerFile) : "",
                Files.exists(bodyFile) ? bodyFile : Files.writeString(bodyFile, ""));
    }
}
