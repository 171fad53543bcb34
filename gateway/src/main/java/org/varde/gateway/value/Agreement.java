package org.varde.gateway.value;

/**
 * A radiologist's word on a result. For PPV a PARTLY on a positive counts as a true positive (the
 * flag was right, a detail was not); for NPV a PARTLY on a negative counts as a false negative
 * (something was there).
 */
public enum Agreement {
    AGREE, DISAGREE, PARTLY
}
