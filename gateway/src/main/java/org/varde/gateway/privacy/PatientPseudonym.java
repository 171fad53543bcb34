package org.varde.gateway.privacy;

/**
 * A patient as one vendor knows them.
 *
 * @param id       the pseudonymous Patient ID (and Patient's Name)
 * @param dayShift days added to each of the patient's dates, the same for all their studies
 */
public record PatientPseudonym(String id, int dayShift) {
}
