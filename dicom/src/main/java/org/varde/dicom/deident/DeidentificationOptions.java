package org.varde.dicom.deident;

import java.util.Objects;
import java.util.Set;

/**
 * How one algorithm's copies are de-identified.
 *
 * @param dates       shift dates per patient, or remove them as the Basic Profile does
 * @param keepPrivate the private elements kept (the Retain Safe Private Option for the ones named);
 *                    every other private element is removed
 */
public record DeidentificationOptions(DateHandling dates, Set<PrivateElementKey> keepPrivate) {
    public DeidentificationOptions {
        Objects.requireNonNull(dates, "dates");
        keepPrivate = Set.copyOf(keepPrivate);
    }

    /** Dates shifted, no private element kept. */
    public static DeidentificationOptions defaults() {
        return new DeidentificationOptions(DateHandling.SHIFT, Set.of());
    }
}
