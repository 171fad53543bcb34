package org.varde.connectors.result;

/** Whether a finding is there (TID 1501/1502 presence: 121071 Finding with Present/Absent). */
public enum Presence {
    PRESENT, ABSENT, UNCERTAIN
}
