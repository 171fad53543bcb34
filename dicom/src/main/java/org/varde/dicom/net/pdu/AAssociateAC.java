package org.varde.dicom.net.pdu;

import java.util.List;
import java.util.Optional;

/**
 * PS3.8 9.3.3: A-ASSOCIATE-AC. The AE title fields echo the request (PS3.8 9.3.3: not tested).
 *
 * @param presentationContexts as answered: a result and one transfer syntax each, no abstract syntax
 */
public record AAssociateAC(int protocolVersion, String calledAeTitle, String callingAeTitle,
                           String applicationContext, List<PresentationContext> presentationContexts,
                           UserInformation userInformation) implements Pdu {
    public AAssociateAC {
        presentationContexts = List.copyOf(presentationContexts);
    }

    public Optional<PresentationContext> presentationContext(int id) {
        return presentationContexts.stream().filter(pc -> pc.id() == id).findFirst();
    }

    @Override
    public int type() {
        return A_ASSOCIATE_AC;
    }
}
