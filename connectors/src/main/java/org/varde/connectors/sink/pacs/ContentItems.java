package org.varde.connectors.sink.pacs;

import org.varde.connectors.result.Code;
import org.varde.connectors.result.ImageReference;
import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.Tag;
import org.varde.dicom.data.VR;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;

/** SR content items (PS3.3 C.17.3 SR Document Content Module), one factory method per value type. */
final class ContentItems {

    static final String CONTAINS = "CONTAINS";
    static final String HAS_OBS_CONTEXT = "HAS OBS CONTEXT";
    static final String HAS_CONCEPT_MOD = "HAS CONCEPT MOD";
    static final String HAS_PROPERTIES = "HAS PROPERTIES";
    static final String INFERRED_FROM = "INFERRED FROM";

    // PS3.5 6.2: SH holds 16 characters, LO 64, DS 16
    private static final int SH_MAX = 16;
    private static final int LO_MAX = 64;
    private static final int DS_MAX = 16;

    private ContentItems() {
    }

    static Attributes container(String relationship, Code concept) {
        Attributes item = named(relationship, "CONTAINER", concept);
        // PS3.3 C.17.3.2.1: SEPARATE, the children are independent statements
        item.setString(Tag.ContinuityOfContent, VR.CS, "SEPARATE");
        return item;
    }

    static Attributes code(String relationship, Code concept, Code value) {
        Attributes item = named(relationship, "CODE", concept);
        codeSequence(item, Tag.ConceptCodeSequence, value);
        return item;
    }

    static Attributes text(String relationship, Code concept, String value) {
        Attributes item = named(relationship, "TEXT", concept);
        item.setString(Tag.TextValue, VR.UT, value);
        return item;
    }

    static Attributes uidRef(String relationship, Code concept, String uid) {
        Attributes item = named(relationship, "UIDREF", concept);
        item.setString(Tag.UID, VR.UI, uid);
        return item;
    }

    /** PS3.3 C.18.1 Numeric Measurement Macro: one Measured Value item with value and unit. */
    static Attributes num(String relationship, Code concept, BigDecimal value, Code unit) {
        Attributes item = named(relationship, "NUM", concept);
        Attributes measured = new Attributes();
        item.newSequence(Tag.MeasuredValueSequence).add(measured);
        codeSequence(measured, Tag.MeasurementUnitsCodeSequence, unit);
        measured.setString(Tag.NumericValue, VR.DS, decimalString(value));
        return item;
    }

    /** PS3.3 C.18.4 Image Reference Macro; the concept name is optional for IMAGE (null: none). */
    static Attributes image(String relationshipOrNull, Code conceptOrNull, String sopClassUid,
                            String sopInstanceUid, List<Integer> frames) {
        Attributes item = new Attributes();
        if (relationshipOrNull != null) {
            item.setString(Tag.RelationshipType, VR.CS, relationshipOrNull);
        }
        item.setString(Tag.ValueType, VR.CS, "IMAGE");
        if (conceptOrNull != null) {
            codeSequence(item, Tag.ConceptNameCodeSequence, conceptOrNull);
        }
        Attributes sop = new Attributes();
        item.newSequence(Tag.ReferencedSOPSequence).add(sop);
        sop.setString(Tag.ReferencedSOPClassUID, VR.UI, sopClassUid);
        sop.setString(Tag.ReferencedSOPInstanceUID, VR.UI, sopInstanceUid);
        if (!frames.isEmpty()) {
            sop.setInt(Tag.ReferencedFrameNumber, VR.IS, frames.stream().mapToInt(Integer::intValue).toArray());
        }
        return item;
    }

    static Attributes image(String relationship, Code conceptOrNull, ImageReference reference) {
        return image(relationship, conceptOrNull, reference.sopClassUid(), reference.sopInstanceUid(),
                reference.frames());
    }

    /** The children of a content item (created on first use). */
    static List<Attributes> children(Attributes item) {
        List<Attributes> children = item.getSequence(Tag.ContentSequence);
        return children != null ? children : item.newSequence(Tag.ContentSequence);
    }

    /**
     * A one-item code sequence (PS3.3 8.8 Basic Code Sequence Macro). A code value longer than SH's 16
     * characters goes in Long Code Value (PS3.3 8.8.1.1); a meaning longer than LO's 64 is shortened,
     * as the meaning is only the display text of the code.
     */
    static void codeSequence(Attributes target, int tag, Code code) {
        if (code.scheme().length() > SH_MAX) {
            throw new IllegalArgumentException("coding scheme designator longer than 16 characters (SH): \""
                    + code.scheme() + "\"");
        }
        Attributes item = new Attributes();
        target.newSequence(tag).add(item);
        if (code.value().length() <= SH_MAX) {
            item.setString(Tag.CodeValue, VR.SH, code.value());
        } else {
            item.setString(Tag.LongCodeValue, VR.UC, code.value());
        }
        item.setString(Tag.CodingSchemeDesignator, VR.SH, code.scheme());
        String meaning = code.meaning().isBlank() ? code.value() : code.meaning();
        item.setString(Tag.CodeMeaning, VR.LO, meaning.length() > LO_MAX ? meaning.substring(0, LO_MAX) : meaning);
    }

    /** PS3.5 6.2 DS: at most 16 characters; rounded to fit when a vendor sends more digits. */
    static String decimalString(BigDecimal value) {
        BigDecimal v = value.stripTrailingZeros();
        for (int digits = DS_MAX; digits > 0; digits--) {
            String s = v.round(new MathContext(digits)).stripTrailingZeros().toPlainString();
            if (s.length() <= DS_MAX) {
                return s;
            }
            s = v.round(new MathContext(digits)).toString();
            if (s.length() <= DS_MAX) {
                return s;
            }
        }
        throw new IllegalArgumentException("value does not fit a Decimal String: " + value);
    }

    private static Attributes named(String relationship, String valueType, Code concept) {
        Attributes item = new Attributes();
        if (relationship != null) {
            item.setString(Tag.RelationshipType, VR.CS, relationship);
        }
        item.setString(Tag.ValueType, VR.CS, valueType);
        codeSequence(item, Tag.ConceptNameCodeSequence, concept);
        return item;
    }
}
