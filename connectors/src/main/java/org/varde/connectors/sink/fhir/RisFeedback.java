package org.varde.connectors.sink.fhir;

import java.time.Instant;
import java.util.Date;

import org.hl7.fhir.r4.model.Resource;

import ca.uhn.fhir.context.FhirContext;

/**
 * A radiologist's word on one of Varde's results, as the RIS sent it ({@link RisFeedbackReader}).
 *
 * @param source         what makes a resend the same feedback: {@code Observation|<system>|<value>} for an
 *                       Observation's own identifier, {@code Observation/<id>} for an update by id,
 *                       {@code Task|urn:varde:priority-task|<key>} for Varde's Task; null for a create
 *                       that names neither (each such create is new feedback)
 * @param resultId       Varde's result the resource points at
 * @param correctFinding the finding the radiologist says is right, when given ({@code system|code display} or text)
 * @param practitioner   who gave it, as the resource names them (performer, owner); null when it names nobody
 * @param agreement      the word; null for a withdrawal ({@link #withdrawn()})
 */
public record RisFeedback(String resourceType, String source, String resultId, Agreement agreement,
                          String correctFinding, String comment, String practitioner, Resource resource) {

    /** The radiologist's word, coded in {@link RisFeedbackReader#FEEDBACK_SYSTEM}. */
    public enum Agreement {
        AGREE, DISAGREE, PARTLY
    }

    /**
     * An Observation the RIS marked {@code entered-in-error} (R4 observation-status: "should not have
     * existed"): the feedback of the same resource is taken back; {@link #resultId()} may then be null.
     */
    public boolean withdrawn() {
        return agreement == null;
    }

    /** The resource as Varde holds it now, for the answer: with the id it has here and when it was stored. */
    public String answer(String id, Instant stored) {
        Resource copy = resource.copy();
        copy.setId(id);
        copy.getMeta().setLastUpdated(Date.from(stored)).setVersionId(null);
        return FhirContext.forR4Cached().newJsonParser().encodeResourceToString(copy);
    }
}
