package org.varde.testdata;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What was planted in one generated study, written beside it as {@value #FILE_NAME}
 * ({@code <out>/<study>/ground-truth.json}); docs/test-data.md describes the format. A negative
 * study says so explicitly ({@code "presence": "absent"}), so that a missing file is never read as
 * a negative.
 *
 * @param studyInstanceUid the study
 * @param kind             the kind of study
 * @param finding          the finding the set was planted with
 * @param present          whether this study carries it
 * @param diameterMm       its diameter in mm (a break line: its length across the bone); 0 when absent
 * @param location         where it is; null when absent
 */
public record GroundTruth(String studyInstanceUid, StudyKind kind, Finding finding, boolean present,
                          double diameterMm, Location location) {

    public static final String FILE_NAME = "ground-truth.json";
    public static final String FORMAT = "varde-ground-truth/1";
    /** A ground truth file is a few kB; a larger one is not ours. */
    private static final long MAX_BYTES = 1 << 20;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public GroundTruth {
        Objects.requireNonNull(studyInstanceUid, "studyInstanceUid");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(finding, "finding");
        if (present != (location != null)) {
            throw new IllegalArgumentException("a present finding has a location, an absent one none");
        }
    }

    /**
     * Where a finding is, in the series a reader would look at (CT: the thin series; radiograph: the
     * PA view).
     *
     * @param seriesInstanceUid   the series
     * @param sopInstanceUid      the image through the finding's centre
     * @param instanceNumber      its Instance Number
     * @param firstInstanceNumber first image of the series that shows the finding
     * @param lastInstanceNumber  last image of the series that shows it
     * @param sopInstanceUids     every image of the series that shows it, in instance order
     * @param column              centre column in image pixel coordinates (PS3.3 C.18.6.1.1: the
     *                            centre of the top left pixel is 0.5, 0.5)
     * @param row                 centre row, same convention
     * @param patientMm           centre in the patient coordinate system (mm) for a CT; null for a radiograph
     */
    public record Location(String seriesInstanceUid, String sopInstanceUid, int instanceNumber,
                           int firstInstanceNumber, int lastInstanceNumber, List<String> sopInstanceUids,
                           double column, double row, PatientPoint patientMm) {
        public Location {
            sopInstanceUids = List.copyOf(sopInstanceUids);
        }
    }

    /** A point in the patient coordinate system of PS3.3 C.7.6.2.1.1 (x to the left, y posterior, z head). */
    public record PatientPoint(double x, double y, double z) {
    }

    public static GroundTruth absent(String studyInstanceUid, StudyKind kind, Finding finding) {
        return new GroundTruth(studyInstanceUid, kind, finding, false, 0, null);
    }

    /** The file of the study written to {@code studyDir}. */
    public static Path fileOf(Path studyDir) {
        return studyDir.resolve(FILE_NAME);
    }

    /** Writes the file whole or not at all (a temporary file renamed into place). */
    public void write(Path file) throws IOException {
        Path temporary = file.resolveSibling(FILE_NAME + ".tmp");
        JSON.writeValue(temporary.toFile(), toJson());
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public String toJsonText() {
        try {
            return JSON.writeValueAsString(toJson());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private ObjectNode toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("studyInstanceUid", studyInstanceUid);
        root.put("kind", kind.cliName());
        root.put("finding", finding.cliName());
        root.put("presence", present ? "present" : "absent");
        if (!present) {
            root.putNull("location");
            return root;
        }
        root.put("diameterMm", diameterMm);
        ObjectNode where = root.putObject("location");
        where.put("seriesInstanceUid", location.seriesInstanceUid());
        where.put("sopInstanceUid", location.sopInstanceUid());
        where.put("instanceNumber", location.instanceNumber());
        where.put("firstInstanceNumber", location.firstInstanceNumber());
        where.put("lastInstanceNumber", location.lastInstanceNumber());
        ArrayNode uids = where.putArray("sopInstanceUids");
        location.sopInstanceUids().forEach(uids::add);
        where.put("column", round(location.column()));
        where.put("row", round(location.row()));
        if (location.patientMm() == null) {
            where.putNull("patientMm");
        } else {
            ObjectNode point = where.putObject("patientMm");
            point.put("x", round(location.patientMm().x()));
            point.put("y", round(location.patientMm().y()));
            point.put("z", round(location.patientMm().z()));
        }
        return root;
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    /** Reads a ground truth file; anything but this format is refused with the reason. */
    public static GroundTruth read(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_BYTES) {
            throw new IOException(file + ": " + size + " bytes is no ground truth file (at most " + MAX_BYTES + ")");
        }
        JsonNode root = JSON.readTree(file.toFile());
        try {
            return fromJson(root);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    private static GroundTruth fromJson(JsonNode root) {
        if (!FORMAT.equals(root.path("format").asText())) {
            throw new IllegalArgumentException("format is not " + FORMAT);
        }
        String uid = text(root, "studyInstanceUid");
        StudyKind kind = StudyKind.fromCliName(text(root, "kind"));
        Finding finding = Finding.fromCliName(text(root, "finding"));
        String presence = text(root, "presence");
        if (presence.equals("absent")) {
            return absent(uid, kind, finding);
        }
        if (!presence.equals("present")) {
            throw new IllegalArgumentException("presence must be present or absent, was " + presence);
        }
        JsonNode where = root.path("location");
        List<String> uids = new ArrayList<>();
        where.path("sopInstanceUids").forEach(node -> uids.add(node.asText()));
        JsonNode point = where.path("patientMm");
        PatientPoint patient = point.isObject()
                ? new PatientPoint(number(point, "x"), number(point, "y"), number(point, "z")) : null;
        Location location = new Location(text(where, "seriesInstanceUid"), text(where, "sopInstanceUid"),
                (int) number(where, "instanceNumber"), (int) number(where, "firstInstanceNumber"),
                (int) number(where, "lastInstanceNumber"), uids, number(where, "column"), number(where, "row"), patient);
        return new GroundTruth(uid, kind, finding, true, number(root, "diameterMm"), location);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("missing text field " + field);
        }
        return value.asText();
    }

    private static double number(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isNumber()) {
            throw new IllegalArgumentException("missing number field " + field);
        }
        return value.asDouble();
    }
}
