package org.varde.dicom.deident;

/**
 * Where the de-identifier gets the replacements that must stay the same across instances, studies
 * and restarts: the store that keeps the mapping implements it (Varde's: the gateway's privacy
 * store). Every UID it will be asked for was listed by {@link Deidentifier#uidsToReplace} first.
 */
public interface Pseudonyms {
    /** The replacement for an original UID; the same original always gets the same one. */
    String uid(String original);

    /** The pseudonymous Patient ID (also used as the Patient's Name) of this instance's patient. */
    String patientId();

    /** Days added to every date of this patient (negative: earlier); the same for all their studies. */
    int dayShift();
}
