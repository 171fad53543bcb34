package org.varde.gateway.audit.export;

import org.junit.jupiter.api.Test;
import org.varde.gateway.audit.Actor;
import org.varde.gateway.audit.AuditAction;
import org.varde.gateway.audit.AuditEntry;
import org.varde.gateway.audit.AuditEvent;
import org.varde.gateway.audit.AuditOutcome;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DicomAuditMessageTest {
    private static final String STUDY = "1.2.826.0.1.3680043.8.498.1";
    private final DicomAuditMessage messages = new DicomAuditMessage("varde-radiology");

    @Test
    void everyActionMakesAMessageTheSchemaTakes() throws Exception {
        for (AuditAction action : AuditAction.values()) {
            for (AuditOutcome outcome : AuditOutcome.values()) {
                String xml = messages.xml(event(action, outcome, Actor.fromDescription("token alice")));
                try {
                    AuditMessageSchema.check(xml);
                } catch (SAXException e) {
                    throw new AssertionError(action + "/" + outcome + ": " + e.getMessage() + "\n" + xml, e);
                }
            }
        }
    }

    @Test
    void aDisclosureToAVendorIsInstancesTransferredFromVardeToTheVendor() throws Exception {
        AuditEvent event = new AuditEvent(7, Instant.parse("2026-12-02T04:05:06.123Z"), "gw-1",
                AuditEntry.of(Actor.system("dispatch on gw-1"), AuditAction.DISCLOSURE_TO_VENDOR).study(STUDY)
                        .job("job-1", "lung-nodules").target("dicom://VENDOR@127.0.0.1:11113"),
                "oslo", "0".repeat(64), "f".repeat(64));
        Document doc = parse(messages.xml(event));

        Element id = first(doc, "EventIdentification");
        assertEquals("R", id.getAttribute("EventActionCode"));
        assertEquals("0", id.getAttribute("EventOutcomeIndicator"));
        assertEquals("2026-12-02T04:05:06.123Z", id.getAttribute("EventDateTime"));
        assertEquals("110104", first(doc, "EventID").getAttribute("csd-code"));
        assertEquals("DICOM Instances Transferred", first(doc, "EventID").getAttribute("originalText"));
        assertTrue(first(doc, "EventOutcomeDescription").getTextContent().contains("seq 7"));

        List<String> roles = new ArrayList<>();
        NodeList participants = doc.getElementsByTagName("ActiveParticipant");
        for (int i = 0; i < participants.getLength(); i++) {
            Element p = (Element) participants.item(i);
            Element role = (Element) p.getElementsByTagName("RoleIDCode").item(0);
            roles.add(p.getAttribute("UserID") + "=" + role.getAttribute("csd-code") + "/" + p.getAttribute("UserIsRequestor"));
        }
        // Varde is the source and the requestor, the vendor's endpoint the destination
        assertEquals(List.of("varde-radiology=110153/true", "dicom://VENDOR@127.0.0.1:11113=110152/false"), roles);
        assertEquals("oslo", first(doc, "AuditSourceIdentification").getAttribute("AuditEnterpriseSiteID"));
        Element study = first(doc, "ParticipantObjectIdentification");
        assertEquals(STUDY, study.getAttribute("ParticipantObjectID"));
        assertEquals("110180", first(doc, "ParticipantObjectIDTypeCode").getAttribute("csd-code"));
    }

    @Test
    void aPersonsActionNamesThePersonAsRequestorAndASecurityAlertCarriesItsType() throws Exception {
        Document doc = parse(messages.xml(event(AuditAction.TOKEN_REVOKED, AuditOutcome.SUCCESS,
                Actor.fromDescription("oidc j.hansen"))));
        assertEquals("110113", first(doc, "EventID").getAttribute("csd-code"));
        assertEquals("110137", first(doc, "EventTypeCode").getAttribute("csd-code"));
        Element person = first(doc, "ActiveParticipant");
        assertEquals("j.hansen", person.getAttribute("UserID"));
        assertEquals("true", person.getAttribute("UserIsRequestor"));
    }

    @Test
    void aPurgeIsAStudyDeletedAndARefusalAMinorFailure() throws Exception {
        Document purge = parse(messages.xml(event(AuditAction.PURGE, AuditOutcome.SUCCESS, Actor.system("retention"))));
        assertEquals("110105", first(purge, "EventID").getAttribute("csd-code"));
        assertEquals("D", first(purge, "EventIdentification").getAttribute("EventActionCode"));
        Document refused = parse(messages.xml(event(AuditAction.RESULT_QUARANTINED, AuditOutcome.REFUSED,
                Actor.system("results"))));
        assertEquals("4", first(refused, "EventIdentification").getAttribute("EventOutcomeIndicator"));
    }

    @Test
    void controlCharactersInAPeersWordsDoNotBreakTheMessage() throws Exception {
        AuditEvent event = new AuditEvent(3, Instant.now(), "gw-1",
                AuditEntry.of(Actor.peer("MODALITY"), AuditAction.RESULT_RECEIVED).study(STUDY)
                        .detail("vendor said \u0000\u0007 garbage"), null, "0".repeat(64), "f".repeat(64));
        String xml = messages.xml(event);
        AuditMessageSchema.check(xml);
        assertTrue(first(parse(xml), "EventOutcomeDescription").getTextContent().contains("\uFFFD\uFFFD garbage"));
        assertEquals("AETITLES=MODALITY", first(parse(xml), "ActiveParticipant").getAttribute("AlternativeUserID"));
    }

    @Test
    void theSchemaRefusesAMessageWithoutItsEventId() {
        String xml = messages.xml(event(AuditAction.AUDIT_READ, AuditOutcome.SUCCESS, Actor.system("api")))
                .replaceAll("<EventID [^>]*/>", "");
        assertFalse(xml.contains("<EventID"));
        assertThrows(SAXException.class, () -> AuditMessageSchema.check(xml));
    }

    @Test
    void theSyslogFrameIsRfc5424WithTheAtnaPriorityAndMessageId() {
        byte[] frame = SyslogMessage.of(Instant.parse("2026-12-02T04:05:06.123Z"), "host one", "varde", "gw-1",
                "<AuditMessage/>");
        String text = new String(frame, StandardCharsets.UTF_8);
        assertTrue(text.startsWith("<85>1 2026-12-02T04:05:06.123Z host_one varde gw-1 IHE+RFC-3881 - \uFEFF<AuditMessage/>"),
                text);
        assertEquals("-", SyslogMessage.field(null, 48));
        assertEquals(48, SyslogMessage.field("x".repeat(100), 48).length());
    }

    private static AuditEvent event(AuditAction action, AuditOutcome outcome, Actor actor) {
        return new AuditEvent(1, Instant.parse("2026-12-02T04:05:06Z"), "gw-1",
                AuditEntry.of(actor, action).outcome(outcome).study(STUDY).job("job-1", "lung-nodules")
                        .target("sink pacs").detail("why & <what>"), null, "0".repeat(64), "f".repeat(64));
    }

    static Document parse(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    static Element first(Document doc, String name) {
        return (Element) doc.getElementsByTagName(name).item(0);
    }
}
