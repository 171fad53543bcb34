package org.varde.connectors.algorithm.dicomweb;

import java.io.FileNotFoundException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The body of a STOW-RS request (PS3.18 10.5.1.2, 8.6.1.2): {@code multipart/related;
 * type="application/dicom"}, one part per instance, each part a Part 10 file exactly as it lies in the
 * spool. The body is a chain of the JDK's publishers: the boundaries are a few bytes each, the files
 * are read from disk as the socket takes them, so no instance is ever held whole in memory.
 */
final class StowBody {
    static final String PART_TYPE = "application/dicom";
    private static final String CRLF = "\r\n";

    private final String boundary;

    StowBody() {
        // RFC 2046 5.1.1: a boundary that cannot occur in the parts; 122 random bits make that certain enough
        this.boundary = "varde-" + UUID.randomUUID();
    }

    String contentType() {
        return "multipart/related; type=\"" + PART_TYPE + "\"; boundary=" + boundary;
    }

    /** @throws FileNotFoundException when a spool file has gone (read errors later fail the exchange) */
    HttpRequest.BodyPublisher publisher(List<Path> files) throws FileNotFoundException {
        List<HttpRequest.BodyPublisher> parts = new ArrayList<>(2 * files.size() + 1);
        String partHeader = "--" + boundary + CRLF + "Content-Type: " + PART_TYPE + CRLF + CRLF;
        for (int i = 0; i < files.size(); i++) {
            parts.add(ascii((i == 0 ? "" : CRLF) + partHeader));
            parts.add(HttpRequest.BodyPublishers.ofFile(files.get(i)));
        }
        parts.add(ascii(CRLF + "--" + boundary + "--" + CRLF));
        // every part has a known length, so the request carries a Content-Length rather than chunks
        return HttpRequest.BodyPublishers.concat(parts.toArray(HttpRequest.BodyPublisher[]::new));
    }

    private static HttpRequest.BodyPublisher ascii(String text) {
        return HttpRequest.BodyPublishers.ofByteArray(text.getBytes(StandardCharsets.US_ASCII));
    }
}
