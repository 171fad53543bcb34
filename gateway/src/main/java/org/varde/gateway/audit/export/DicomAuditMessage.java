package org.varde.gateway.audit.export;

import org.varde.gateway.audit.Actor;
import org.varde.gateway.audit.AuditEntry;
import org.varde.gateway.audit.AuditEvent;
import org.varde.gateway.audit.AuditOutcome;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.StringWriter;

/**
 * One of Varde's audit events as a DICOM audit message (PS3.15 A.5, the IHE ATNA format): what
 * happened (Event ID, action, outcome), who took part (the caller, Varde, the vendor or sink the
 * data went to), and the study it concerned, by its UID only: like the event it tells, the message
 * carries no patient identity.
 */
public final class DicomAuditMessage {
    private static final XMLOutputFactory XML = XMLOutputFactory.newFactory();
    // PS3.15 A.5.2: Audit Source Type Code 4 (RFC 3881), "Application Server Process or Thread"
    private static final AtnaEvent.Code APPLICATION_SERVER = new AtnaEvent.Code("4",
            "Application Server Process or Thread");

    private final String auditSourceId;

    /** @param auditSourceId the name a collector knows this Varde by (A.5.2 AuditSourceID) */
    public DicomAuditMessage(String auditSourceId) {
        this.auditSourceId = auditSourceId;
    }

    public String xml(AuditEvent event) {
        AuditEntry entry = event.entry();
        AtnaEvent kind = AtnaEvent.of(entry.action());
        StringWriter out = new StringWriter(1024);
        try {
            XMLStreamWriter w = XML.createXMLStreamWriter(out);
            w.writeStartDocument("UTF-8", "1.0");
            w.writeStartElement("AuditMessage");

            w.writeStartElement("EventIdentification");
            w.writeAttribute("EventActionCode", String.valueOf(kind.actionCode()));
            w.writeAttribute("EventDateTime", event.at().toString());
            w.writeAttribute("EventOutcomeIndicator", outcomeIndicator(entry.outcome()));
            code(w, "EventID", kind.eventId());
            if (kind.typeCode() != null) {
                code(w, "EventTypeCode", kind.typeCode());
            }
            w.writeStartElement("EventOutcomeDescription");
            w.writeCharacters(clean(description(event)));
            w.writeEndElement();
            w.writeEndElement();

            participants(w, event, kind);

            w.writeStartElement("AuditSourceIdentification");
            if (event.site() != null) {
                w.writeAttribute("AuditEnterpriseSiteID", clean(event.site()));
            }
            w.writeAttribute("AuditSourceID", clean(auditSourceId));
            code(w, "AuditSourceTypeCode", APPLICATION_SERVER);
            w.writeEndElement();

            if (entry.studyInstanceUid() != null) {
                w.writeStartElement("ParticipantObjectIdentification");
                w.writeAttribute("ParticipantObjectID", clean(entry.studyInstanceUid()));
                w.writeAttribute("ParticipantObjectTypeCode", "2");      // system object
                w.writeAttribute("ParticipantObjectTypeCodeRole", "3");  // report
                code(w, "ParticipantObjectIDTypeCode", AtnaEvent.STUDY_INSTANCE_UID);
                w.writeEndElement();
            }
            w.writeEndElement();
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write audit message " + event.seq() + ": " + e.getMessage(), e);
        }
        return out.toString();
    }

    /**
     * The caller (the requestor), Varde itself, and where the data went or came from. Varde is the
     * Source of what it sends and the Destination of what it takes in (PS3.15 A.5.3.4).
     */
    private void participants(XMLStreamWriter w, AuditEvent event, AtnaEvent kind) throws XMLStreamException {
        AuditEntry entry = event.entry();
        Actor actor = entry.actor();
        boolean actorIsVarde = actor.kind() == Actor.Kind.SYSTEM;
        if (!actorIsVarde) {
            w.writeStartElement("ActiveParticipant");
            w.writeAttribute("UserID", clean(actor.name()));
            if (actor.kind() == Actor.Kind.PEER) {
                // A.5.2.1: a DICOM peer's AE title goes in AlternativeUserID as AETITLES=
                w.writeAttribute("AlternativeUserID", clean("AETITLES=" + actor.name()));
            }
            w.writeAttribute("UserIsRequestor", "true");
            w.writeEndElement();
        }
        w.writeStartElement("ActiveParticipant");
        w.writeAttribute("UserID", clean(auditSourceId));
        w.writeAttribute("AlternativeUserID", clean(actorIsVarde ? actor.name() : "node " + event.node()));
        w.writeAttribute("UserIsRequestor", Boolean.toString(actorIsVarde));
        code(w, "RoleIDCode", switch (kind.direction()) {
            case OUT -> AtnaEvent.SOURCE;
            case IN -> AtnaEvent.DESTINATION;
            case NONE -> AtnaEvent.APPLICATION;
        });
        w.writeEndElement();
        String peer = entry.target() != null ? entry.target()
                : entry.algorithmId() != null ? "algorithm " + entry.algorithmId() : null;
        if (kind.direction() != AtnaEvent.Direction.NONE && peer != null) {
            w.writeStartElement("ActiveParticipant");
            w.writeAttribute("UserID", clean(peer));
            w.writeAttribute("UserIsRequestor", "false");
            code(w, "RoleIDCode", kind.direction() == AtnaEvent.Direction.OUT ? AtnaEvent.DESTINATION : AtnaEvent.SOURCE);
            w.writeEndElement();
        }
    }

    /** Varde's own words, with its action name and place in the chain so a reader can find the row. */
    private static String description(AuditEvent event) {
        AuditEntry entry = event.entry();
        StringBuilder words = new StringBuilder(entry.action().name()).append(" (varde audit seq ")
                .append(event.seq()).append(')');
        if (entry.jobId() != null) {
            words.append("; job ").append(entry.jobId());
        }
        if (entry.detail() != null) {
            words.append(": ").append(entry.detail());
        }
        return words.toString();
    }

    /**
     * XML 1.0 has no way to write most control characters, even escaped: a detail quoting a peer's
     * garbage must not make the whole message unreadable, so they become U+FFFD.
     */
    static String clean(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean allowed = c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c <= 0xD7FF)
                    || Character.isSurrogate(c) || (c >= 0xE000 && c <= 0xFFFD);
            if (!allowed) {
                if (out == null) {
                    out = new StringBuilder(text.length()).append(text, 0, i);
                }
                out.append('\uFFFD');
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }

    /** PS3.15 A.5.1 EventOutcomeIndicator: 0 success, 4 minor failure, 8 serious failure. */
    private static String outcomeIndicator(AuditOutcome outcome) {
        return switch (outcome) {
            case SUCCESS -> "0";
            case REFUSED -> "4";
            case FAILURE -> "8";
        };
    }

    /** PS3.15 A.5.1 CodedValueType: csd-code, codeSystemName and originalText. */
    private static void code(XMLStreamWriter w, String element, AtnaEvent.Code code) throws XMLStreamException {
        w.writeEmptyElement(element);
        w.writeAttribute("csd-code", code.value());
        w.writeAttribute("codeSystemName", "DCM");
        w.writeAttribute("originalText", code.meaning());
    }
}
