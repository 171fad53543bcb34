package org.varde.dicom.net.pdu;

import java.util.List;
import java.util.Optional;

/**
 * PS3.8 9.3.2: A-ASSOCIATE-RQ. AE titles are held trimmed of their space padding.
 *
 * @param presentationContexts as offered: an abstract syntax and one or more transfer syntaxes each
 */
public record AAssociateRQ(int protocolVersion, String calledAeTitle, String callingAeTitle,
                           String applicationContext, List<PresentationContext> presentationContexts,
                           UserInformation userInformation) implements Pdu {
    /** PS3.7 A.2.1: the one DICOM application context name. */
    public static final String DICOM_APPLICATION_CONTEXT = "1.2.840.10008.3.1.1.1";
    /** PS3.8 9.3.2: bit 0 of the protocol version field; the only version defined. */
    public static final int PROTOCOL_VERSION_1 = 1;

    public AAssociateRQ {
        presentationContexts = List.copyOf(presentationContexts);
    }

    public static AAssociateRQ of(String callingAeTitle, String calledAeTitle,
                                  List<PresentationContext> contexts, UserInformation userInformation) {
        return new AAssociateRQ(PROTOCOL_VERSION_1, calledAeTitle, callingAeTitle, DICOM_APPLICATION_CONTEXT,
                contexts, userInformation);
    }

    public Optional<PresentationContext> presentationContext(int id) {
        return presentationContexts.stream().filter(pc -> pc.id() == id).findFirst();
    }

    @Override
    public int type() {
        return A_ASSOCIATE_RQ;
    }
}
