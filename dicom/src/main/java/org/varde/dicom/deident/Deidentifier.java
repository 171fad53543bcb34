package org.varde.dicom.deident;

import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.Part10Rewriter;
import org.varde.dicom.data.Tag;
import org.varde.dicom.data.VR;
import org.varde.dicom.deident.ProfileTable.Entry;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The PS3.15 Annex E Basic Application Level Confidentiality Profile applied to a header (everything
 * before Pixel Data), in place, with the options Varde supports:
 * <ul>
 *   <li>Retain Longitudinal Temporal Information with Modified Dates ({@link DateHandling#SHIFT}):
 *       every date shifted by the patient's offset, times kept; or dates treated as the table says;</li>
 *   <li>Retain Patient Characteristics, for Patient's Age, Sex, Size and Weight only: an algorithm's
 *       intended use is decided on age and sex; the birth date goes (reduced to the age);</li>
 *   <li>Retain Safe Private, for exactly the private elements the catalogue names.</li>
 * </ul>
 * Patient ID and Name are replaced by the patient's pseudonym (Z allows a dummy), UIDs by their
 * replacements ({@link Pseudonyms}), and the attributes of PS3.15 E.1.1 and C.7.1.1 are added:
 * Patient Identity Removed, De-identification Method and its Code Sequence (CID 7050), Longitudinal
 * Temporal Information Modified. Attributes the table does not list are kept; sequences are cleaned
 * item by item at every depth.
 */
public final class Deidentifier {

    static final int PATIENT_NAME = 0x00100010;
    static final int PATIENT_ID = 0x00100020;
    static final int PATIENT_BIRTH_DATE = 0x00100030;
    static final int PATIENT_BIRTH_TIME = 0x00100032;
    static final int PATIENT_SEX = 0x00100040;
    static final int PATIENT_AGE = 0x00101010;
    static final int PATIENT_SIZE = 0x00101020;
    static final int PATIENT_WEIGHT = 0x00101030;
    static final int PATIENT_IDENTITY_REMOVED = 0x00120062;
    static final int DEIDENTIFICATION_METHOD = 0x00120063;
    static final int DEIDENTIFICATION_METHOD_CODE_SEQUENCE = 0x00120064;
    static final int BURNED_IN_ANNOTATION = 0x00280301;
    static final int LONGITUDINAL_TEMPORAL_INFORMATION_MODIFIED = 0x00280303;

    /** Kept under the Retain Patient Characteristics Option (PS3.15 E.3.7: K in its column). */
    private static final Set<Integer> PATIENT_CHARACTERISTICS = Set.of(PATIENT_SEX, PATIENT_AGE, PATIENT_SIZE,
            PATIENT_WEIGHT);

    private final ProfileTable table = ProfileTable.basic();
    private final DeidentificationOptions options;

    public Deidentifier(DeidentificationOptions options) {
        this.options = options;
    }

    public DeidentificationOptions options() {
        return options;
    }

    /**
     * The original UIDs {@code header} holds that will be replaced, at any depth, so that the caller
     * can find or create all their replacements in one go before {@link #deidentify}.
     */
    public Set<String> uidsToReplace(Attributes header) {
        UnknownSequences.parseInPlace(header);
        Set<String> uids = new LinkedHashSet<>();
        collectUids(header, uids);
        return uids;
    }

    /** The header's transform and the trailer's, for {@link Part10Rewriter}. */
    public Part10Rewriter.Transform transform(Pseudonyms pseudonyms) {
        return new Part10Rewriter.Transform() {
            @Override
            public Attributes header(Attributes header) throws DeidentificationException {
                return deidentify(header, pseudonyms);
            }

            @Override
            public Attributes trailer(Attributes trailer) {
                UnknownSequences.parseInPlace(trailer);
                clean(trailer, pseudonyms);
                return trailer;
            }
        };
    }

    /**
     * De-identifies {@code header} in place and returns it.
     *
     * @throws DeidentificationException when identity may be burned into the pixels: the Basic
     *                                   Profile does not clean pixels, so such an instance must not leave
     */
    public Attributes deidentify(Attributes header, Pseudonyms pseudonyms) throws DeidentificationException {
        if ("YES".equalsIgnoreCase(header.getString(BURNED_IN_ANNOTATION))) {
            throw new DeidentificationException("Burned In Annotation is YES: the pixels may show the patient's "
                    + "identity, and pixel cleaning (PS3.15 Clean Pixel Data Option) is not done");
        }
        UnknownSequences.parseInPlace(header);
        String age = PatientAges.ageOrComputed(header);
        clean(header, pseudonyms);
        if (age != null) {
            header.setString(PATIENT_AGE, VR.AS, age);
        }
        header.setString(PATIENT_ID, VR.LO, pseudonyms.patientId());
        // PS3.5 6.2: a name with its component delimiter, not the retired single-component form
        header.setString(PATIENT_NAME, VR.PN, pseudonyms.patientId().replace('-', '^'));
        DeidentificationMarks.add(header, options);
        return header;
    }

    private void clean(Attributes ds, Pseudonyms pseudonyms) {
        for (int tag : tags(ds)) {
            if (Tag.isPrivate(tag) || Tag.group(tag) == 0x0002) {
                continue;
            }
            Entry entry = table.entry(tag);
            VR vr = entry != null && ds.getVR(tag) == VR.UN ? entry.vr() : ds.getVR(tag);
            if (PATIENT_CHARACTERISTICS.contains(tag)) {
                continue;
            }
            if (options.dates() == DateHandling.SHIFT && shifts(tag, vr)) {
                DateShift.shift(ds, tag, vr, pseudonyms.dayShift());
                continue;
            }
            ProfileAction action = entry == null ? ProfileAction.K : entry.action().resolved();
            apply(ds, tag, vr, action, pseudonyms);
        }
        PrivateElements.clean(ds, options.keepPrivate(), item -> clean(item, pseudonyms));
    }

    /** Under Modified Dates every date (listed or not) moves, except the birth date: it becomes the age. */
    private static boolean shifts(int tag, VR vr) {
        return (vr == VR.DA || vr == VR.DT || vr == VR.TM) && tag != PATIENT_BIRTH_DATE && tag != PATIENT_BIRTH_TIME;
    }

    private void apply(Attributes ds, int tag, VR vr, ProfileAction action, Pseudonyms pseudonyms) {
        switch (action) {
            case X -> ds.remove(tag);
            case Z -> empty(ds, tag, vr);
            case U -> replaceUids(ds, tag, vr, pseudonyms);
            case D -> dummy(ds, tag, vr, pseudonyms);
            default -> keep(ds, tag, pseudonyms);
        }
    }

    private static void empty(Attributes ds, int tag, VR vr) {
        if (vr == VR.SQ) {
            ds.newSequence(tag);
        } else {
            ds.setBytes(tag, vr, new byte[0]);
        }
    }

    /** K: a plain value stays; a sequence stays with its items cleaned. A sequence left unparsed cannot be cleaned: it goes. */
    private void keep(Attributes ds, int tag, Pseudonyms pseudonyms) {
        List<Attributes> items = ds.getSequence(tag);
        if (items != null) {
            items.forEach(item -> clean(item, pseudonyms));
        }
    }

    private void dummy(Attributes ds, int tag, VR vr, Pseudonyms pseudonyms) {
        if (vr == VR.SQ) {
            if (ds.getSequence(tag) == null) {
                ds.newSequence(tag).add(new Attributes());
            } else {
                keep(ds, tag, pseudonyms);
            }
        } else if (vr == VR.UI) {
            replaceUids(ds, tag, vr, pseudonyms);
        } else {
            DummyValues.set(ds, tag, vr);
        }
    }

    private static void replaceUids(Attributes ds, int tag, VR vr, Pseudonyms pseudonyms) {
        String[] values = UidValues.of(ds, tag);
        if (values.length == 0) {
            return;
        }
        String[] replaced = new String[values.length];
        for (int i = 0; i < values.length; i++) {
            replaced[i] = values[i].isEmpty() ? values[i] : pseudonyms.uid(values[i]);
        }
        ds.setString(tag, VR.UI, replaced);
    }

    private void collectUids(Attributes ds, Set<String> uids) {
        for (int tag : tags(ds)) {
            List<Attributes> items = ds.getSequence(tag);
            if (items != null) {
                items.forEach(item -> collectUids(item, uids));
                continue;
            }
            Entry entry = table.entry(tag);
            if (entry == null || entry.vr() != VR.UI) {
                continue;
            }
            ProfileAction action = entry.action().resolved();
            if (action == ProfileAction.U || action == ProfileAction.D) {
                for (String value : UidValues.of(ds, tag)) {
                    if (!value.isEmpty()) {
                        uids.add(value);
                    }
                }
            }
        }
    }

    static int[] tags(Attributes ds) {
        int[] tags = new int[ds.size()];
        int i = 0;
        for (int tag : ds) {
            tags[i++] = tag;
        }
        return tags;
    }
}
