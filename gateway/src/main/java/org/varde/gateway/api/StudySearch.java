package org.varde.gateway.api;

import org.varde.gateway.access.Role;
import org.varde.gateway.store.StudySummary;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The filters of {@code GET /api/studies}: {@code accession}, {@code patientId}, {@code modality}
 * and {@code receivedOn} (a UTC date, YYYY-MM-DD), all exact and combined with AND, over the most
 * recent studies. A filter on identity needs a role that sees identity: a viewer could otherwise learn
 * whether a given patient was imaged by asking, though the answer hides the ID.
 */
record StudySearch(String accession, String patientId, String modality, LocalDate receivedOn) {
    static final int MAX_VALUE_CHARS = 64;
    static final List<String> PARAMETERS = List.of("accession", "patientId", "modality", "receivedOn");

    /** @throws IllegalArgumentException naming the parameter at fault (answered 400) */
    static StudySearch parse(Function<String, String> param) {
        String accession = bounded(param, "accession");
        String patientId = bounded(param, "patientId");
        String modality = bounded(param, "modality");
        String date = bounded(param, "receivedOn");
        LocalDate receivedOn = null;
        if (date != null) {
            try {
                receivedOn = LocalDate.parse(date);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("receivedOn must be a date as YYYY-MM-DD");
            }
        }
        return new StudySearch(accession, patientId, modality, receivedOn);
    }

    private static String bounded(Function<String, String> param, String name) {
        String value = param.apply(name);
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() > MAX_VALUE_CHARS) {
            throw new IllegalArgumentException(name + " is longer than " + MAX_VALUE_CHARS + " characters");
        }
        return value.trim();
    }

    boolean namesIdentity() {
        return accession != null || patientId != null;
    }

    /** Whether a caller of this role may search so; a 403 otherwise. */
    boolean allowedFor(Role role) {
        return !namesIdentity() || role.seesIdentity();
    }

    Predicate<StudySummary> matcher() {
        return s -> (accession == null || accession.equals(s.accessionNumber()))
                && (patientId == null || patientId.equals(s.patientId()))
                && (modality == null || hasModality(s.modality()))
                && (receivedOn == null || receivedOn(s));
    }

    /** A study's modality may list several (CT\SR); any one of them matches. */
    private boolean hasModality(String modalities) {
        return modalities != null && Arrays.stream(modalities.split("[\\\\,]")).map(String::trim)
                .anyMatch(modality::equalsIgnoreCase);
    }

    private boolean receivedOn(StudySummary s) {
        return s.firstReceived() != null && s.firstReceived().atZone(ZoneOffset.UTC).toLocalDate().equals(receivedOn)
                || s.lastReceived() != null && s.lastReceived().atZone(ZoneOffset.UTC).toLocalDate().equals(receivedOn);
    }
}
