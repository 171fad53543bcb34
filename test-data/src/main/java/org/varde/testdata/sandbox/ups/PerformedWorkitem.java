package org.varde.testdata.sandbox.ups;

/**
 * What the sandbox vendor did with one workitem, and Varde's answers.
 *
 * @param action     claimed, completed, canceled, cancel-honoured, stored, skipped
 * @param httpStatus Varde's answer to the request that did it
 */
public record PerformedWorkitem(String workitemUid, String studyInstanceUid, String action, int httpStatus,
                                String detail) {
}
