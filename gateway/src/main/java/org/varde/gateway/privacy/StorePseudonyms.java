package org.varde.gateway.privacy;

import org.varde.dicom.data.UID;
import org.varde.dicom.deident.Pseudonyms;

import java.util.HashMap;
import java.util.Map;

/**
 * The replacements for one dispatch, read from (or created in) the {@link PseudonymStore} and kept
 * for the instances that follow: the study, series and frame of reference UIDs repeat in every one.
 */
final class StorePseudonyms implements Pseudonyms {
    private final PseudonymStore store;
    private final String scope;
    private final Map<String, String> cache = new HashMap<>();
    private PatientPseudonym patient;

    StorePseudonyms(PseudonymStore store, String scope) {
        this.store = store;
        this.scope = scope;
    }

    /** Finds or creates, in one go, the replacements of the UIDs of the next instance. */
    void prepare(Iterable<String> originals, String patientKey) {
        java.util.List<String> missing = new java.util.ArrayList<>();
        for (String original : originals) {
            if (!cache.containsKey(original) && UID.isSafe(original)) {
                missing.add(original);
            }
        }
        if (!missing.isEmpty()) {
            cache.putAll(store.replacements(scope, missing));
        }
        patient = store.patient(scope, patientKey);
    }

    @Override
    public String uid(String original) {
        String replacement = cache.get(original);
        if (replacement != null) {
            return replacement;
        }
        if (!UID.isSafe(original)) {
            // not a UID (too long, letters): it cannot be kept or mapped back, and must not leave
            return UID.generate();
        }
        replacement = store.replacements(scope, java.util.List.of(original)).get(original);
        cache.put(original, replacement);
        return replacement;
    }

    @Override
    public String patientId() {
        return patient.id();
    }

    @Override
    public int dayShift() {
        return patient.dayShift();
    }

    String replacementOf(String original) {
        return cache.get(original);
    }
}
