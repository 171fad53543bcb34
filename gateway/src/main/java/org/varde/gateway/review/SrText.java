package org.varde.gateway.review;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.DicomReader;
import org.varde.dicom.data.Part10;
import org.varde.dicom.data.Part10File;
import org.varde.dicom.data.ReadLimits;
import org.varde.dicom.data.Tag;

/**
 * A vendor's SR as plain text for the reviewer: its title and flags, then the content tree (PS3.3
 * C.17.3), one item a line, indented by depth: value type, concept name, value. Bounded: at most
 * {@value #MAX_DEPTH} levels and {@value #MAX_CHARS} characters, the file read with the reader's
 * default limits (a vendor's object is input, not trusted).
 */
public final class SrText {
    static final int MAX_DEPTH = 16;
    static final int MAX_CHARS = 64 * 1024;

    private SrText() {
    }

    public static String render(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            Part10File p10 = Part10.readHeader(in);
            Attributes ds = new DicomReader(in, p10.transferSyntax()).limits(ReadLimits.DEFAULTS).readDataSet();
            return render(ds);
        }
    }

    public static String render(Attributes ds) {
        StringBuilder out = new StringBuilder();
        line(out, 0, "Document: " + name(ds) + "; Completion " + ds.getString(Tag.CompletionFlag, "?")
                + ", Verification " + ds.getString(Tag.VerificationFlag, "?"));
        children(out, ds, 1);
        if (out.length() > MAX_CHARS) {
            return out.substring(0, MAX_CHARS) + "\n[shortened]";
        }
        return out.toString();
    }

    private static void children(StringBuilder out, Attributes item, int depth) {
        if (depth > MAX_DEPTH || out.length() > MAX_CHARS) {
            return;
        }
        for (Attributes child : sequence(item, Tag.ContentSequence)) {
            String relationship = child.getString(Tag.RelationshipType, "");
            String how = relationship.isEmpty() ? "" : relationship.toLowerCase(java.util.Locale.ROOT) + " ";
            line(out, depth, how + child.getString(Tag.ValueType, "?") + " " + name(child) + value(child));
            children(out, child, depth + 1);
        }
    }

    private static String value(Attributes item) {
        String type = item.getString(Tag.ValueType, "");
        return switch (type) {
            case "TEXT", "DATETIME", "DATE", "TIME", "UIDREF", "PNAME" -> " = " + first(item, Tag.TextValue, Tag.DateTime,
                    Tag.Date, Tag.Time, Tag.UID, Tag.PersonName);
            case "CODE" -> " = " + meaning(sequence(item, Tag.ConceptCodeSequence));
            case "NUM" -> {
                List<Attributes> measured = sequence(item, Tag.MeasuredValueSequence);
                if (measured.isEmpty()) {
                    yield " = (no value)";
                }
                Attributes m = measured.get(0);
                List<Attributes> units = sequence(m, Tag.MeasurementUnitsCodeSequence);
                yield " = " + m.getString(Tag.NumericValue, "?")
                        + (units.isEmpty() ? "" : " " + units.get(0).getString(Tag.CodeValue, ""));
            }
            case "IMAGE", "COMPOSITE" -> {
                List<Attributes> refs = sequence(item, Tag.ReferencedSOPSequence);
                yield refs.isEmpty() ? "" : " = " + refs.get(0).getString(Tag.ReferencedSOPInstanceUID, "?");
            }
            default -> "";
        };
    }

    private static String name(Attributes item) {
        return meaning(sequence(item, Tag.ConceptNameCodeSequence));
    }

    private static String meaning(List<Attributes> codes) {
        return codes.isEmpty() ? "(unnamed)" : "\"" + codes.get(0).getString(Tag.CodeMeaning, "?") + "\"";
    }

    private static String first(Attributes item, int... tags) {
        for (int tag : tags) {
            String v = item.getString(tag);
            if (v != null) {
                return "\"" + v + "\"";
            }
        }
        return "(no value)";
    }

    private static List<Attributes> sequence(Attributes item, int tag) {
        List<Attributes> s = item.getSequence(tag);
        return s == null ? List.of() : s;
    }

    private static void line(StringBuilder out, int depth, String text) {
        out.append("  ".repeat(depth)).append(text.replace('\n', ' ').replace('\r', ' ')).append('\n');
    }
}
