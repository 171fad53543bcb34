package org.varde.gateway.value;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Whether a finding is truly present in a study: one ground truth file of the sandbox generator
 * ({@code varde-ground-truth/1}, docs/test-data.md). Where the finding lies is not kept: results are
 * matched at the study level (docs/accountability.md, "Against ground truth").
 */
public record StudyTruth(String studyInstanceUid, String kind, TruthFinding finding, boolean present) {
    public static final String FORMAT = "varde-ground-truth/1";
    /** A generated set is posted at once; a larger one in parts. */
    public static final int MAX_STUDIES = 1000;

    // PS3.5 9.1: a UID is digits and dots, at most 64 characters
    private static final Pattern UID = Pattern.compile("[0-9]+(\\.[0-9]+)*");
    private static final Pattern KIND = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");

    /**
     * The ground truth files in a body: one file's object, or an array of them. Refuses the whole
     * body with the reason (and the index of the file) when any is not one, or one study and finding
     * comes twice.
     */
    public static List<StudyTruth> parse(Object body) {
        List<Object> items = new ArrayList<>();
        if (body instanceof JsonObject one) {
            items.add(one);
        } else if (body instanceof JsonArray many) {
            many.forEach(items::add);
        } else {
            throw new IllegalArgumentException("body must be a ground truth file's JSON (" + FORMAT
                    + ") or an array of them");
        }
        if (items.isEmpty() || items.size() > MAX_STUDIES) {
            throw new IllegalArgumentException("give 1.." + MAX_STUDIES + " ground truth files, were " + items.size());
        }
        List<StudyTruth> truths = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            StudyTruth truth = one(items.get(i), body instanceof JsonArray ? "[" + i + "] " : "");
            if (truths.stream().anyMatch(t -> t.studyInstanceUid.equals(truth.studyInstanceUid)
                    && t.finding == truth.finding)) {
                throw new IllegalArgumentException("[" + i + "] study " + truth.studyInstanceUid + " and finding "
                        + truth.finding.generatorName() + " come twice");
            }
            truths.add(truth);
        }
        return truths;
    }

    private static StudyTruth one(Object item, String where) {
        if (!(item instanceof JsonObject json)) {
            throw new IllegalArgumentException(where + "is not an object");
        }
        try {
            if (!FORMAT.equals(json.getValue("format"))) {
                throw new IllegalArgumentException("format must be " + FORMAT);
            }
            String uid = text(json, "studyInstanceUid", 64);
            if (!UID.matcher(uid).matches()) {
                throw new IllegalArgumentException("studyInstanceUid must be a UID (digits and dots)");
            }
            String kind = text(json, "kind", 32);
            if (!KIND.matcher(kind).matches()) {
                throw new IllegalArgumentException("kind must be the generator's kind of study, such as ct-thorax");
            }
            TruthFinding finding = TruthFinding.of(text(json, "finding", 32));
            String presence = text(json, "presence", 8);
            if (!presence.equals("present") && !presence.equals("absent")) {
                throw new IllegalArgumentException("presence must be present or absent");
            }
            return new StudyTruth(uid, kind, finding, presence.equals("present"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + e.getMessage(), e);
        }
    }

    private static String text(JsonObject json, String key, int max) {
        if (!(json.getValue(key) instanceof String value) || value.isEmpty() || value.length() > max) {
            throw new IllegalArgumentException(key + " must be a text of 1.." + max + " characters");
        }
        return value;
    }
}
