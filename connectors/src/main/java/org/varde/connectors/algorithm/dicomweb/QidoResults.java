package org.varde.connectors.algorithm.dicomweb;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.varde.dicom.data.UID;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Reads a QIDO-RS instance search response (PS3.18 10.6.3, DICOM JSON of PS3.18 Annex F) and keeps the
 * instances whose SOP class is one a vendor answers with: SR (TID 1500 reports, Key Object Selection),
 * Segmentation, Secondary Capture, Grayscale Softcopy Presentation State. SRs come first: the report is
 * what makes the job's result. Filtered here rather than by a query key because servers differ in
 * which instance-level keys they match (PS3.18 10.6.1.2.3 requires SOP Class UID matching, but UID list
 * matching is not universal).
 */
final class QidoResults {
    /** PS3.4 B.5: Segmentation, Secondary Capture, Grayscale Softcopy Presentation State. */
    private static final Set<String> OTHER_RESULT_CLASSES = Set.of("1.2.840.10008.5.1.4.1.1.66.4",
            "1.2.840.10008.5.1.4.1.1.7", "1.2.840.10008.5.1.4.1.1.11.1");
    private static final String SR_PREFIX = "1.2.840.10008.5.1.4.1.1.88.";
    private static final String STUDY = "0020000D";
    private static final String SERIES = "0020000E";
    private static final String SOP_CLASS = "00080016";
    private static final String SOP_INSTANCE = "00080018";

    private QidoResults() {
    }

    /**
     * @param study the study that was asked for: an entry naming another study is not this study's result
     * @throws IllegalArgumentException when the body is no JSON array of DICOM JSON objects
     */
    static List<ResultInstance> read(Buffer body, String study) {
        if (body.length() == 0) {
            return List.of(); // PS3.18 8.3.4.5: 204 or an empty body when nothing matches
        }
        JsonArray entries;
        try {
            entries = new JsonArray(body);
        } catch (DecodeException | ClassCastException e) {
            throw new IllegalArgumentException("the QIDO-RS response is not a DICOM JSON array");
        }
        List<ResultInstance> found = new ArrayList<>();
        for (Object entry : entries) {
            if (!(entry instanceof JsonObject item)) {
                throw new IllegalArgumentException("a QIDO-RS response entry is not a DICOM JSON object");
            }
            String sopClass = value(item, SOP_CLASS);
            String series = value(item, SERIES);
            String sop = value(item, SOP_INSTANCE);
            String itsStudy = value(item, STUDY);
            if (sopClass == null || series == null || sop == null || !isResultClass(sopClass)
                    || itsStudy != null && !itsStudy.equals(study)) {
                continue;
            }
            if (!UID.isSafe(series) || !UID.isSafe(sop)) {
                throw new IllegalArgumentException("the QIDO-RS response names an instance with an invalid UID");
            }
            found.add(new ResultInstance(study, series, sopClass, sop));
        }
        found.sort(Comparator.comparing(i -> !i.isStructuredReport()));
        return found;
    }

    static boolean isResultClass(String sopClass) {
        return sopClass.startsWith(SR_PREFIX) || OTHER_RESULT_CLASSES.contains(sopClass);
    }

    /** The first value of an attribute in DICOM JSON (PS3.18 F.2.2), or null. */
    private static String value(JsonObject item, String tag) {
        Object attribute = item.getValue(tag);
        if (!(attribute instanceof JsonObject a) || !(a.getValue("Value") instanceof JsonArray values)
                || values.isEmpty() || !(values.getValue(0) instanceof String text)) {
            return null;
        }
        return text;
    }
}
