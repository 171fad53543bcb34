package org.varde.gateway.audit.export;

import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import java.io.IOException;
import java.io.StringReader;

/** PS3.15 A.5.1's DICOM Audit Message schema (test resource atna/dicom-audit-message.xsd), for checking messages. */
final class AuditMessageSchema {
    private static final Schema SCHEMA = load();

    private AuditMessageSchema() {
    }

    /** Throws with the validator's words when {@code xml} does not follow the schema. */
    static void check(String xml) throws SAXException, IOException {
        var validator = SCHEMA.newValidator();
        validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        validator.validate(new StreamSource(new StringReader(xml)));
    }

    private static Schema load() {
        try {
            SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
            return factory.newSchema(AuditMessageSchema.class.getResource("/atna/dicom-audit-message.xsd"));
        } catch (SAXException e) {
            throw new IllegalStateException("the test's audit message schema does not load: " + e.getMessage(), e);
        }
    }
}
