package org.varde.testdata.sandbox.ups;

/** What the sandbox UPS vendor does wrong for a study, when told to. */
public enum UpsMisbehaviour {
    /** Performs the workitem as a vendor should. */
    NONE,
    /** Sees the workitem and never claims it. */
    NEVER_CLAIMS,
    /** Claims it, then does nothing more (until Varde asks it to cancel: it honours that). */
    CLAIMS_NEVER_COMPLETES,
    /** Claims it and cancels it, with a reason (the image is not fit for the algorithm). */
    CANCELS,
    /** Claims it, stores no result and completes it anyway. */
    COMPLETES_WITHOUT_RESULT
}
