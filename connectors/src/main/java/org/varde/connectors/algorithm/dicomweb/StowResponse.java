package org.varde.connectors.algorithm.dicomweb;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The body of a STOW-RS response (PS3.18 10.5.3, Table 10.5.3-2 "Store Instances Response Module"):
 * the instances stored (Referenced SOP Sequence (0008,1199), each perhaps with a Warning Reason
 * (0008,1196)) and those that were not (Failed SOP Sequence (0008,1198) with a Failure Reason
 * (0008,1197)). Read from and written as the DICOM JSON model (PS3.18 F.2) and the Native DICOM Model
 * in XML (PS3.19 A.1): the adapter reads the vendor's answer, Varde's own endpoint writes its own.
 */
public record StowResponse(List<Item> referenced, List<Item> failed, String retrieveUrlOrNull) {
    static final String REFERENCED_SOP_SEQUENCE = "00081199";
    static final String FAILED_SOP_SEQUENCE = "00081198";
    static final String REFERENCED_SOP_CLASS = "00081150";
    static final String REFERENCED_SOP_INSTANCE = "00081155";
    static final String FAILURE_REASON = "00081197";
    static final String WARNING_REASON = "00081196";
    static final String RETRIEVE_URL = "00081190";

    /**
     * One instance in the response.
     *
     * @param reasonOrNull the Warning Reason of a stored one or the Failure Reason of a refused one: a
     *                     PS3.4 C-STORE status code (PS3.18 10.5.3.2 names the same codes), or null
     * @param commentOrNull why, in words, when the responder gives them (Varde's endpoint does, as
     *                      Error Comment (0000,0902) would over DIMSE); never written into the body
     */
    public record Item(String sopClassUid, String sopInstanceUid, Integer reasonOrNull, String commentOrNull) {
        public Item {
            Objects.requireNonNull(sopInstanceUid, "sopInstanceUid");
        }
    }

    public StowResponse {
        referenced = List.copyOf(referenced);
        failed = List.copyOf(failed);
    }

    /** Reads an {@code application/dicom+json} body. */
    public static StowResponse fromJson(byte[] body) throws UnreadableResponseException {
        try {
            JsonObject root = new JsonObject(io.vertx.core.buffer.Buffer.buffer(body));
            return new StowResponse(jsonItems(root, REFERENCED_SOP_SEQUENCE, WARNING_REASON),
                    jsonItems(root, FAILED_SOP_SEQUENCE, FAILURE_REASON), jsonString(root, RETRIEVE_URL));
        } catch (DecodeException | ClassCastException | IllegalStateException e) {
            throw new UnreadableResponseException("not a DICOM JSON STOW-RS response: " + e.getMessage());
        }
    }

    /** Reads an {@code application/dicom+xml} body, with no DTD and no external entities. */
    public static StowResponse fromXml(byte[] body) throws UnreadableResponseException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            Document document = factory.newDocumentBuilder().parse(new ByteArrayInputStream(body));
            Element root = document.getDocumentElement();
            if (!"NativeDicomModel".equals(root.getLocalName() == null ? root.getTagName() : root.getLocalName())) {
                throw new UnreadableResponseException("the XML is not a NativeDicomModel");
            }
            return new StowResponse(xmlItems(root, REFERENCED_SOP_SEQUENCE, WARNING_REASON),
                    xmlItems(root, FAILED_SOP_SEQUENCE, FAILURE_REASON), xmlString(root, RETRIEVE_URL));
        } catch (ParserConfigurationException | SAXException | IOException | RuntimeException e) {
            throw new UnreadableResponseException("not a DICOM XML STOW-RS response: " + e.getMessage());
        }
    }

    public JsonObject toJson() {
        JsonObject root = new JsonObject();
        if (retrieveUrlOrNull != null) {
            root.put(RETRIEVE_URL, new JsonObject().put("vr", "UR").put("Value", new JsonArray().add(retrieveUrlOrNull)));
        }
        if (!failed.isEmpty()) {
            root.put(FAILED_SOP_SEQUENCE, jsonSequence(failed, FAILURE_REASON));
        }
        // PS3.18 Table 10.5.3-2: Referenced SOP Sequence is required when any instance was stored
        if (!referenced.isEmpty()) {
            root.put(REFERENCED_SOP_SEQUENCE, jsonSequence(referenced, WARNING_REASON));
        }
        return root;
    }

    public String toXml() {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<NativeDicomModel>\n");
        if (retrieveUrlOrNull != null) {
            xml.append("<DicomAttribute tag=\"").append(RETRIEVE_URL).append("\" vr=\"UR\"><Value number=\"1\">")
                    .append(escape(retrieveUrlOrNull)).append("</Value></DicomAttribute>\n");
        }
        xmlSequence(xml, FAILED_SOP_SEQUENCE, failed, FAILURE_REASON);
        xmlSequence(xml, REFERENCED_SOP_SEQUENCE, referenced, WARNING_REASON);
        return xml.append("</NativeDicomModel>\n").toString();
    }

    private static JsonObject jsonSequence(List<Item> items, String reasonTag) {
        JsonArray values = new JsonArray();
        for (Item item : items) {
            JsonObject o = new JsonObject();
            if (item.sopClassUid() != null) {
                o.put(REFERENCED_SOP_CLASS, uiValue(item.sopClassUid()));
            }
            o.put(REFERENCED_SOP_INSTANCE, uiValue(item.sopInstanceUid()));
            if (item.reasonOrNull() != null) {
                o.put(reasonTag, new JsonObject().put("vr", "US").put("Value", new JsonArray().add(item.reasonOrNull())));
            }
            values.add(o);
        }
        return new JsonObject().put("vr", "SQ").put("Value", values);
    }

    private static JsonObject uiValue(String uid) {
        return new JsonObject().put("vr", "UI").put("Value", new JsonArray().add(uid));
    }

    private static void xmlSequence(StringBuilder xml, String tag, List<Item> items, String reasonTag) {
        if (items.isEmpty()) {
            return;
        }
        xml.append("<DicomAttribute tag=\"").append(tag).append("\" vr=\"SQ\">\n");
        int n = 1;
        for (Item item : items) {
            xml.append(" <Item number=\"").append(n++).append("\">\n");
            if (item.sopClassUid() != null) {
                xmlValue(xml, REFERENCED_SOP_CLASS, "UI", escape(item.sopClassUid()));
            }
            xmlValue(xml, REFERENCED_SOP_INSTANCE, "UI", escape(item.sopInstanceUid()));
            if (item.reasonOrNull() != null) {
                xmlValue(xml, reasonTag, "US", String.valueOf(item.reasonOrNull()));
            }
            xml.append(" </Item>\n");
        }
        xml.append("</DicomAttribute>\n");
    }

    private static void xmlValue(StringBuilder xml, String tag, String vr, String value) {
        xml.append("  <DicomAttribute tag=\"").append(tag).append("\" vr=\"").append(vr)
                .append("\"><Value number=\"1\">").append(value).append("</Value></DicomAttribute>\n");
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static List<Item> jsonItems(JsonObject root, String sequenceTag, String reasonTag) {
        JsonObject sequence = root.getJsonObject(sequenceTag);
        List<Item> items = new ArrayList<>();
        if (sequence == null || sequence.getJsonArray("Value") == null) {
            return items;
        }
        for (Object o : sequence.getJsonArray("Value")) {
            JsonObject item = (JsonObject) o;
            String instance = jsonString(item, REFERENCED_SOP_INSTANCE);
            if (instance == null) {
                throw new IllegalStateException("an item of " + sequenceTag + " has no Referenced SOP Instance UID");
            }
            items.add(new Item(jsonString(item, REFERENCED_SOP_CLASS), instance, jsonInteger(item, reasonTag), null));
        }
        return items;
    }

    private static String jsonString(JsonObject item, String tag) {
        JsonObject attribute = item.getJsonObject(tag);
        JsonArray value = attribute == null ? null : attribute.getJsonArray("Value");
        return value == null || value.isEmpty() ? null : String.valueOf(value.getValue(0));
    }

    private static Integer jsonInteger(JsonObject item, String tag) {
        JsonObject attribute = item.getJsonObject(tag);
        JsonArray value = attribute == null ? null : attribute.getJsonArray("Value");
        return value == null || value.isEmpty() ? null : ((Number) value.getValue(0)).intValue();
    }

    private static List<Item> xmlItems(Element root, String sequenceTag, String reasonTag) {
        List<Item> items = new ArrayList<>();
        Element sequence = attribute(root, sequenceTag);
        if (sequence == null) {
            return items;
        }
        for (Node n = sequence.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element item && "Item".equals(item.getTagName())) {
                String instance = xmlString(item, REFERENCED_SOP_INSTANCE);
                if (instance == null) {
                    throw new IllegalStateException("an item of " + sequenceTag + " has no Referenced SOP Instance UID");
                }
                String reason = xmlString(item, reasonTag);
                items.add(new Item(xmlString(item, REFERENCED_SOP_CLASS), instance,
                        reason == null ? null : Integer.valueOf(reason.strip()), null));
            }
        }
        return items;
    }

    private static Element attribute(Element parent, String tag) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && "DicomAttribute".equals(e.getTagName()) && tag.equalsIgnoreCase(e.getAttribute("tag"))) {
                return e;
            }
        }
        return null;
    }

    private static String xmlString(Element parent, String tag) {
        Element attribute = attribute(parent, tag);
        if (attribute == null) {
            return null;
        }
        for (Node n = attribute.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && "Value".equals(e.getTagName())) {
                return e.getTextContent().strip();
            }
        }
        return null;
    }

    /** The body is not a STOW-RS response Varde can read. */
    public static final class UnreadableResponseException extends Exception {
        private static final long serialVersionUID = 1L;

        public UnreadableResponseException(String message) {
            super(message);
        }
    }
}
