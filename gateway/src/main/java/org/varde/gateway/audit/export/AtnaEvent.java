package org.varde.gateway.audit.export;

import org.varde.gateway.audit.AuditAction;

/**
 * How one of Varde's audit actions is told in a DICOM audit message (PS3.15 A.5): its Event ID from
 * CID 400 "Audit Event ID", its EventActionCode, an Event Type Code from CID 403 where the Event ID
 * is a Security Alert, and which way the data went (for the Source and Destination participants).
 *
 * @param typeCode    code of CID 403 "Security Alert Type Code", or null
 * @param direction   whether Varde sent the data ({@link Direction#OUT}), took it in ({@link Direction#IN}), or neither
 */
record AtnaEvent(Code eventId, char actionCode, Code typeCode, Direction direction) {

    enum Direction { OUT, IN, NONE }

    /** A coded value as PS3.15 A.5.1's CodedValueType holds it; every code here is DCM (PS3.16 Annex D). */
    record Code(String value, String meaning) {
    }

    // PS3.16 CID 400 "Audit Event ID"
    static final Code APPLICATION_ACTIVITY = new Code("110100", "Application Activity");
    static final Code AUDIT_LOG_USED = new Code("110101", "Audit Log Used");
    static final Code INSTANCES_ACCESSED = new Code("110103", "DICOM Instances Accessed");
    static final Code INSTANCES_TRANSFERRED = new Code("110104", "DICOM Instances Transferred");
    static final Code STUDY_DELETED = new Code("110105", "DICOM Study Deleted");
    static final Code EXPORT = new Code("110106", "Export");
    static final Code PATIENT_RECORD = new Code("110110", "Patient Record");
    static final Code PROCEDURE_RECORD = new Code("110111", "Procedure Record");
    static final Code SECURITY_ALERT = new Code("110113", "Security Alert");
    // PS3.16 CID 403 "Security Alert Type Code"
    static final Code SOFTWARE_CONFIGURATION = new Code("110131", "Software Configuration");
    static final Code USE_OF_RESTRICTED_FUNCTION = new Code("110132", "Use of Restricted Function");
    static final Code USER_SECURITY_ATTRIBUTES_CHANGED = new Code("110137", "User Security Attributes Changed");
    // PS3.16 CID 402 "Audit Active Participant Role ID Code"
    static final Code APPLICATION = new Code("110150", "Application");
    static final Code DESTINATION = new Code("110152", "Destination Role ID");
    static final Code SOURCE = new Code("110153", "Source Role ID");
    // PS3.16 CID 404 "Audit Participant Object ID Type Code"
    static final Code STUDY_INSTANCE_UID = new Code("110180", "Study Instance UID");

    /**
     * The mapping; an action added later without its own line is told as a Procedure Record update,
     * so a new kind of event is exported rather than lost.
     */
    static AtnaEvent of(AuditAction action) {
        return switch (action) {
            // images sent to a vendor over the network: PS3.15 A.5.3.4, the sender reads ('R') its copy
            case DISCLOSURE_TO_VENDOR -> new AtnaEvent(INSTANCES_TRANSFERRED, 'R', null, Direction.OUT);
            // a vendor's result objects stored here: created ('C')
            case RESULT_RECEIVED, RESULT_QUARANTINED -> new AtnaEvent(INSTANCES_TRANSFERRED, 'C', null, Direction.IN);
            // a result written to PACS or a RIS (SR, FHIR, HL7 v2): patient data leaves the system
            case DELIVERY_SENT, DELIVERY_FAILED -> new AtnaEvent(EXPORT, 'R', null, Direction.OUT);
            case DELIVERY_KEPT -> new AtnaEvent(INSTANCES_ACCESSED, 'C', null, Direction.NONE);
            case REIDENTIFICATION -> new AtnaEvent(PATIENT_RECORD, 'U', null, Direction.NONE);
            case IDENTITY_READ -> new AtnaEvent(PATIENT_RECORD, 'R', null, Direction.NONE);
            case AUDIT_READ -> new AtnaEvent(AUDIT_LOG_USED, 'R', null, Direction.NONE);
            case CONFIG_RELOAD, ROUTE_MODE_CHANGED ->
                    new AtnaEvent(SECURITY_ALERT, 'E', SOFTWARE_CONFIGURATION, Direction.NONE);
            case TOKEN_CREATED, TOKEN_REVOKED ->
                    new AtnaEvent(SECURITY_ALERT, 'E', USER_SECURITY_ATTRIBUTES_CHANGED, Direction.NONE);
            case JOB_RETRY, DEAD_LETTER_DISCARD, STUDY_COMPLETED_BY_OPERATOR ->
                    new AtnaEvent(SECURITY_ALERT, 'E', USE_OF_RESTRICTED_FUNCTION, Direction.NONE);
            case PURGE -> new AtnaEvent(STUDY_DELETED, 'D', null, Direction.NONE);
            case AUDIT_PRUNED -> new AtnaEvent(AUDIT_LOG_USED, 'D', null, Direction.NONE);
            default -> new AtnaEvent(PROCEDURE_RECORD, 'U', null, Direction.NONE);
        };
    }
}
