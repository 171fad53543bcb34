package org.varde.dicom.deident;

import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.Part10Rewriter;
import org.varde.dicom.data.Tag;
import org.varde.dicom.data.VR;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The way back: an object a vendor made from pseudonymised instances (an SR, a segmentation, a
 * secondary capture) gets the original identity before anything in Varde uses it. Every UID it
 * carries, at any depth, that is one of Varde's replacements becomes the original again (its own new
 * UIDs are left alone); the Patient and General Study attributes are set from an original instance
 * of the study; the marks of de-identification go, since the object is no longer de-identified.
 */
public final class Reidentifier {
    /** Patient and General Study module attributes (PS3.3 C.7.1.1, C.7.2.1) restored from the original. */
    static final int[] IDENTITY = {
            0x00100010, // Patient's Name
            0x00100020, // Patient ID
            0x00100021, // Issuer of Patient ID
            0x00100024, // Issuer of Patient ID Qualifiers Sequence
            0x00100030, // Patient's Birth Date
            0x00100040, // Patient's Sex
            0x00101010, // Patient's Age
            0x00101002, // Other Patient IDs Sequence
            0x00080050, // Accession Number
            0x00080051, // Issuer of Accession Number Sequence
            0x00080020, // Study Date
            0x00080030, // Study Time
            0x00080090, // Referring Physician's Name
            0x00081030, // Study Description
            0x00200010, // Study ID
    };
    private static final int[] MARKS = {
            Deidentifier.PATIENT_IDENTITY_REMOVED,
            Deidentifier.DEIDENTIFICATION_METHOD,
            Deidentifier.DEIDENTIFICATION_METHOD_CODE_SEQUENCE,
            Deidentifier.LONGITUDINAL_TEMPORAL_INFORMATION_MODIFIED,
    };

    private final UnaryOperator<String> originalOf;
    private final Attributes originalIdentity;

    /**
     * @param originalOf       the original of a replacement UID, or null when it is not one of them
     * @param originalIdentity the header of one original instance of the study
     */
    public Reidentifier(UnaryOperator<String> originalOf, Attributes originalIdentity) {
        this.originalOf = originalOf;
        this.originalIdentity = originalIdentity;
    }

    /** A reidentifier over a ready map of replacement to original. */
    public static Reidentifier of(Map<String, String> originals, Attributes originalIdentity) {
        return new Reidentifier(originals::get, originalIdentity);
    }

    public Part10Rewriter.Transform transform() {
        return new Part10Rewriter.Transform() {
            @Override
            public Attributes header(Attributes header) {
                return reidentify(header);
            }

            @Override
            public Attributes trailer(Attributes trailer) {
                restoreUids(trailer);
                return trailer;
            }
        };
    }

    /** Re-identifies {@code ds} in place and returns it. */
    public Attributes reidentify(Attributes ds) {
        UnknownSequences.parseInPlace(ds);
        restoreUids(ds);
        characterSet(ds);
        for (int tag : IDENTITY) {
            copy(tag, ds);
        }
        for (int tag : MARKS) {
            ds.remove(tag);
        }
        return ds;
    }

    /**
     * PS3.5 6.1.2.3: an object without (0008,0005) is in the default repertoire, which cannot hold a
     * restored name like "Løvås". It takes the original's character set, which contains the default
     * repertoire (ASCII is the G0 of every PS3.3 C.12.1.1.2 term), so its own text reads the same.
     * An object that declares its own set keeps it: its text was encoded in it.
     */
    private void characterSet(Attributes ds) {
        String[] own = ds.getStrings(Tag.SpecificCharacterSet);
        String[] original = originalIdentity.getStrings(Tag.SpecificCharacterSet);
        boolean ownIsDefault = own == null || String.join("", own).isBlank();
        if (ownIsDefault && original != null && !String.join("", original).isBlank()) {
            ds.setString(Tag.SpecificCharacterSet, VR.CS, original);
        }
    }

    private void copy(int tag, Attributes target) {
        if (!originalIdentity.contains(tag)) {
            target.remove(tag);
            return;
        }
        VR vr = originalIdentity.getVR(tag);
        List<Attributes> items = originalIdentity.getSequence(tag);
        if (items != null) {
            List<Attributes> copy = target.newSequence(tag);
            items.forEach(item -> copy.add(deepCopy(item)));
        } else if (vr.usesSpecificCharacterSet()) {
            // decoded with the original's character set and encoded with the result's
            String[] values = originalIdentity.getStrings(tag);
            target.setString(tag, vr, values == null ? new String[] {""} : values);
        } else {
            target.setBytes(tag, vr, originalIdentity.getBytes(tag).clone());
        }
    }

    private static Attributes deepCopy(Attributes source) {
        Attributes copy = new Attributes();
        for (int tag : source) {
            List<Attributes> items = source.getSequence(tag);
            if (items != null) {
                List<Attributes> nested = copy.newSequence(tag);
                items.forEach(item -> nested.add(deepCopy(item)));
            } else if (source.getBytes(tag) != null) {
                copy.setBytes(tag, source.getVR(tag), source.getBytes(tag).clone());
            }
        }
        return copy;
    }

    /**
     * Every UID value at any depth (a UN value the table knows as UI included, a UN sequence parsed):
     * the candidates to look up before {@link #reidentify}.
     */
    public static Set<String> uidsIn(Attributes ds) {
        UnknownSequences.parseInPlace(ds);
        Set<String> uids = new HashSet<>();
        collectUids(ds, uids);
        return uids;
    }

    private static void collectUids(Attributes ds, Set<String> uids) {
        for (int tag : ds) {
            List<Attributes> items = ds.getSequence(tag);
            if (items != null) {
                items.forEach(item -> collectUids(item, uids));
            } else if (holdsUids(ds, tag)) {
                for (String value : UidValues.of(ds, tag)) {
                    if (!value.isEmpty()) {
                        uids.add(value);
                    }
                }
            }
        }
    }

    /** UI, or UN (Implicit VR, unknown to the reader's dictionary) where PS3.6 says UI. */
    private static boolean holdsUids(Attributes ds, int tag) {
        VR vr = ds.getVR(tag);
        ProfileTable.Entry entry = vr == VR.UN ? ProfileTable.basic().entry(tag) : null;
        return vr == VR.UI || entry != null && entry.vr() == VR.UI;
    }

    private void restoreUids(Attributes ds) {
        for (int tag : Deidentifier.tags(ds)) {
            List<Attributes> items = ds.getSequence(tag);
            if (items != null) {
                items.forEach(this::restoreUids);
                continue;
            }
            if (!holdsUids(ds, tag)) {
                continue;
            }
            String[] values = UidValues.of(ds, tag);
            boolean changed = false;
            for (int i = 0; i < values.length; i++) {
                String original = values[i].isEmpty() ? null : originalOf.apply(values[i]);
                if (original != null) {
                    values[i] = original;
                    changed = true;
                }
            }
            if (changed) {
                ds.setString(tag, VR.UI, values);
            }
        }
    }
}
