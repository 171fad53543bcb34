package org.varde.gateway.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a {@code viewer} sees instead of patient identity. The fields stay (a field is a contract)
 * with {@code null}, and {@code identityHidden: true} says why they are empty. Hidden: the patient's
 * names and IDs, birth date, and the accession number, in study JSON and in the values routing
 * reasons saw (a route may test {@code PatientID}). Kept: age and sex, which intended-use decisions
 * turn on (PS3.15 E.3.7, the Retain Patient Characteristics Option, keeps them for that reason),
 * and UIDs, which the API is navigated by.
 */
final class IdentityRedaction {
    /** JSON fields of the API that hold identity. */
    static final List<String> STUDY_FIELDS = List.of("patientId", "patientName", "patientBirthDate", "accessionNumber");
    /** DICOM keywords (PS3.6) of identity attributes a routing condition may test. */
    static final Set<String> KEYWORDS = Set.of("PatientName", "PatientID", "PatientBirthDate", "PatientBirthTime",
            "OtherPatientIDs", "OtherPatientIDsSequence", "OtherPatientNames", "PatientBirthName",
            "PatientMotherBirthName", "PatientAddress", "PatientTelephoneNumbers", "IssuerOfPatientID",
            "AccessionNumber", "MedicalRecordLocator", "ReferringPhysicianName", "PerformingPhysicianName",
            "OperatorsName", "RequestingPhysician", "AdmissionID");
    private static final Pattern KEYWORD_WORD = Pattern.compile("\\b(" + String.join("|", KEYWORDS) + ")\\b");
    static final String HIDDEN = "hidden";

    private IdentityRedaction() {
    }

    /** A study or a study summary, identity fields nulled. */
    static JsonObject study(JsonObject study) {
        STUDY_FIELDS.stream().filter(study::containsKey).forEach(field -> study.putNull(field));
        study.put("identityHidden", true);
        JsonArray decisions = study.getJsonArray("routingDecisions");
        if (decisions != null) {
            decisions(decisions);
        }
        return study;
    }

    /**
     * Routing decisions: a reason whose check names an identity attribute shows {@code hidden} for
     * the value it saw, in {@code actual}, in its {@code text} and in the decision's {@code why}.
     */
    static JsonArray decisions(JsonArray decisions) {
        for (Object d : decisions) {
            JsonObject decision = (JsonObject) d;
            JsonArray reasons = decision.getJsonArray("reasons", new JsonArray());
            for (Object r : reasons) {
                JsonObject reason = (JsonObject) r;
                if (namesIdentity(reason.getString("check"))) {
                    String text = reason.getString("text", "");
                    String hiddenText = hide(text, reason.getString("actual"));
                    if (text.equals(decision.getString("why"))) {
                        decision.put("why", hiddenText);
                    }
                    reason.put("actual", HIDDEN).put("text", hiddenText);
                }
            }
        }
        return decisions;
    }

    static boolean namesIdentity(String check) {
        return check != null && KEYWORD_WORD.matcher(check).find();
    }

    /** A reason's text ends with the value it saw in parentheses ({@code Reason.text()}): that part is replaced. */
    private static String hide(String text, String actual) {
        String seen = "(" + actual + ")";
        return text.endsWith(seen) ? text.substring(0, text.length() - seen.length()) + "(" + HIDDEN + ")"
                : "(" + HIDDEN + ")";
    }
}
