package org.varde.connectors.algorithm.dicom;

import org.varde.dicom.dimse.Status;

/**
 * A vendor's C-STORE failure status in words an operator can pass on, and whether sending the same
 * instance again may succeed. PS3.4 B.2.3 (C-STORE statuses) and PS3.7 C.5 (general statuses).
 */
public final class StoreStatusWords {
    private StoreStatusWords() {
    }

    /** {@code "status A700 (Refused: Out of Resources)"}. */
    public static String of(Status status) {
        return "status " + status + " (" + meaning(status.code()) + ")";
    }

    /**
     * Out of resources (A7xx, 0213) and a processing failure (0110) may pass; a data set the vendor
     * does not understand or a SOP class it does not support stays refused however often it is sent.
     */
    public static boolean retryable(Status status) {
        int code = status.code();
        return (code & 0xFF00) == 0xA700 || code == 0x0213 || code == 0x0110;
    }

    private static String meaning(int code) {
        if ((code & 0xFF00) == 0xA700) {
            return "Refused: Out of Resources";
        }
        if ((code & 0xFF00) == 0xA900) {
            return "Error: Data Set Does Not Match SOP Class";
        }
        if ((code & 0xF000) == 0xC000) {
            return "Error: Cannot Understand";
        }
        return switch (code) {
            case 0x0110 -> "Processing Failure";
            case 0x0122 -> "Refused: SOP Class Not Supported";
            case 0x0124 -> "Refused: Not Authorized";
            case 0x0211 -> "Unrecognized Operation";
            case 0x0212 -> "Mistyped Argument";
            case 0x0213 -> "Resource Limitation";
            default -> "Failure";
        };
    }
}
