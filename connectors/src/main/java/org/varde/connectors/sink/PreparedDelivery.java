package org.varde.connectors.sink;

import java.util.Objects;

/**
 * What a sink built for one delivery, before it is sent.
 *
 * @param mediaType what {@code text} is ({@code application/fhir+json}, {@code x-application/hl7-v2+er7},
 *                  {@code text/plain} for a DICOM object's dump)
 * @param text      the message as it would go on the wire (for shadow routes and the API), or a
 *                  readable rendering where the wire form is binary
 * @param message   the built message in the sink's own type, handed back to {@link ResultSink#send}
 */
public record PreparedDelivery(String mediaType, String text, Object message) {
    public PreparedDelivery {
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(message, "message");
    }
}
