package org.varde.testdata.sandbox.dicomweb;

/**
 * What Varde answered when the sandbox vendor pushed its result.
 *
 * @param status           the HTTP status (0 when the request failed before an answer)
 * @param body             the STOW-RS response body, or why no answer came
 * @param warnings         Varde's {@code Warning} headers, joined
 * @param studyInstanceUid the study the pushed SR names
 */
public record PushOutcome(int status, String body, String warnings, String studyInstanceUid) {
}
