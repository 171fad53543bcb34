package org.varde.testdata.detect;

import java.io.IOException;

/** An image a detector needs but cannot read: compressed, colour, not 16 bits, or inconsistent. */
public final class UnreadableImageException extends IOException {

    public UnreadableImageException(String message) {
        super(message);
    }
}
