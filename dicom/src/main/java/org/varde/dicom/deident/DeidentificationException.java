package org.varde.dicom.deident;

import java.io.IOException;

/** An instance that cannot be de-identified safely (e.g. identity burned into the pixels). */
public final class DeidentificationException extends IOException {
    public DeidentificationException(String message) {
        super(message);
    }
}
