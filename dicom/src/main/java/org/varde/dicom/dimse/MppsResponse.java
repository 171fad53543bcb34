package org.varde.dicom.dimse;

import org.varde.dicom.data.Attributes;

/**
 * The handler's answer to an N-CREATE or N-SET.
 *
 * @param attributes   the response's Attribute List (PS3.7 10.1.5, 10.1.3), sent as its data set; null for none
 * @param errorComment Error Comment (0000,0902) of a failure, or null; cut to 64 characters (LO)
 * @param errorId      Error ID (0000,0903) of a failure (PS3.4 F.7.2.2.4: A710), or 0 for none
 */
public record MppsResponse(Status status, Attributes attributes, String errorComment, int errorId) {
    public static MppsResponse success() {
        return new MppsResponse(Status.SUCCESS, null, null, 0);
    }

    public static MppsResponse success(Attributes attributes) {
        return new MppsResponse(Status.SUCCESS, attributes, null, 0);
    }

    public static MppsResponse failure(Status status, String errorComment) {
        return new MppsResponse(status, null, errorComment, 0);
    }
}
