package org.varde.connectors.sink.hl7;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Map;

import org.varde.connectors.result.Code;
import org.varde.connectors.result.SourceStudy;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.DataTypeException;
import ca.uhn.hl7v2.model.v251.datatype.CE;
import ca.uhn.hl7v2.model.v251.datatype.CWE;
import ca.uhn.hl7v2.model.v251.datatype.CX;
import ca.uhn.hl7v2.model.v251.datatype.XPN;
import ca.uhn.hl7v2.model.v251.segment.MSH;
import ca.uhn.hl7v2.model.v251.segment.PID;

/** The fields both messages fill the same way: header, patient, codes, time stamps, message ids. */
final class Hl7Fields {
    /** DICOM coding scheme designators as HL7 table 0396 names them; others are local (99zzz). */
    private static final Map<String, String> CODING_SYSTEMS = Map.of(
            "SCT", "SCT", "SRT", "SCT", "LN", "LN", "DCM", "DCM", "UMLS", "UML", "UCUM", "UCUM");
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyyMMddHHmmssZ").withZone(ZoneOffset.UTC);

    private Hl7Fields() {
    }

    static void header(MSH msh, Hl7SinkOptions options, String messageType, String trigger, String structure,
                       String controlId, Instant at) throws HL7Exception {
        msh.getFieldSeparator().setValue("|");
        msh.getEncodingCharacters().setValue("^~\\&");
        msh.getSendingApplication().getNamespaceID().setValue(options.sendingApplication());
        msh.getSendingFacility().getNamespaceID().setValue(options.sendingFacility());
        msh.getReceivingApplication().getNamespaceID().setValue(options.receivingApplication());
        msh.getReceivingFacility().getNamespaceID().setValue(options.receivingFacility());
        msh.getDateTimeOfMessage().getTime().setValue(TS.format(at));
        msh.getMessageType().getMessageCode().setValue(messageType);
        msh.getMessageType().getTriggerEvent().setValue(trigger);
        msh.getMessageType().getMessageStructure().setValue(structure);
        msh.getMessageControlID().setValue(controlId);
        msh.getProcessingID().getProcessingID().setValue("P");
        msh.getVersionID().getVersionID().setValue("2.5.1");
        // AL/AL: original mode needs an application ACK for every message (v2.5.1 2.9.2)
        msh.getAcceptAcknowledgmentType().setValue("AL");
        msh.getApplicationAcknowledgmentType().setValue("AL");
        // names carry æøå: say the encoding, and the MLLP layer encodes by it (MSH-18, table 0211)
        msh.getCharacterSet(0).setValue("UNICODE UTF-8");
    }

    static void patient(PID pid, SourceStudy study) throws HL7Exception {
        pid.getSetIDPID().setValue("1");
        CX id = pid.getPatientIdentifierList(0);
        id.getIDNumber().setValue(study.patientId());
        study.issuerOfPatientId().ifPresent(issuer -> set(() -> id.getAssigningAuthority().getNamespaceID().setValue(issuer)));
        id.getIdentifierTypeCode().setValue("PI");
        XPN name = pid.getPatientName(0);
        String[] pn = study.patientName().orElse("").split("\\^", -1);
        name.getFamilyName().getSurname().setValue(pn.length > 0 ? pn[0] : "");
        if (pn.length > 1) {
            name.getGivenName().setValue(pn[1]);
        }
        study.birthDate().ifPresent(d -> set(() -> pid.getDateTimeOfBirth().getTime().setValue(
                d.format(DateTimeFormatter.BASIC_ISO_DATE))));
        study.sex().ifPresent(s -> set(() -> pid.getAdministrativeSex().setValue(s)));
    }

    static void code(CE ce, Code code) throws DataTypeException {
        ce.getIdentifier().setValue(code.value());
        ce.getText().setValue(code.meaning());
        ce.getNameOfCodingSystem().setValue(codingSystem(code.scheme()));
    }

    static void code(CWE cwe, String value, String text, String system) throws DataTypeException {
        cwe.getIdentifier().setValue(value);
        cwe.getText().setValue(text);
        cwe.getNameOfCodingSystem().setValue(system);
    }

    static String codingSystem(String designator) {
        String name = CODING_SYSTEMS.get(designator);
        return name != null ? name : "99" + designator.replaceAll("[^A-Za-z0-9]", "");
    }

    static String timestamp(Instant at) {
        return TS.format(at);
    }

    /**
     * MSH-10 is at most 20 characters (v2.5.1 ST); the same delivery always gets the same id, so a
     * RIS that checks duplicates sees a resend as one.
     */
    static String controlId(String prefix, String deliveryKey) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(deliveryKey.getBytes(StandardCharsets.UTF_8));
            return prefix + HexFormat.of().formatHex(hash, 0, 9).toUpperCase(java.util.Locale.ROOT);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    interface FieldWrite {
        void run() throws HL7Exception;
    }

    /** Sets a field from a lambda: optional values fill fields inside ifPresent. */
    static void set(FieldWrite write) {
        try {
            write.run();
        } catch (HL7Exception e) {
            throw new IllegalArgumentException("cannot set HL7 field: " + e.getMessage(), e);
        }
    }
}
