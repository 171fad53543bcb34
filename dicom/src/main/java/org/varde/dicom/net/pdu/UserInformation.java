package org.varde.dicom.net.pdu;

import java.util.List;

/**
 * PS3.8 9.3.2.3 / 9.3.3.3 and PS3.7 Annex D: the user information item of A-ASSOCIATE-RQ/AC.
 *
 * @param maxPduLength              PS3.8 D.1: the largest P-DATA-TF variable field the sender
 *                                  receives; 0 means unlimited
 * @param asyncOperationsWindowOrNull PS3.7 D.3.3.3, absent means 1 invoked / 1 performed
 * @param extendedNegotiations      PS3.7 D.3.3.5, passed through as received
 * @param userIdentityOrNull        PS3.7 D.3.3.7, request side
 * @param userIdentityResponseOrNull PS3.7 D.3.3.7, server response on the accept side
 */
public record UserInformation(long maxPduLength, String implementationClassUid, String implementationVersionNameOrNull,
                              AsyncOperationsWindow asyncOperationsWindowOrNull, List<RoleSelection> roleSelections,
                              List<ExtendedNegotiation> extendedNegotiations, UserIdentity userIdentityOrNull,
                              byte[] userIdentityResponseOrNull) {
    public UserInformation {
        roleSelections = List.copyOf(roleSelections);
        extendedNegotiations = List.copyOf(extendedNegotiations);
    }

    public static UserInformation of(long maxPduLength, String implementationClassUid, String versionName) {
        return new UserInformation(maxPduLength, implementationClassUid, versionName, null, List.of(), List.of(),
                null, null);
    }

    public UserInformation withRoleSelections(List<RoleSelection> roles) {
        return new UserInformation(maxPduLength, implementationClassUid, implementationVersionNameOrNull,
                asyncOperationsWindowOrNull, roles, extendedNegotiations, userIdentityOrNull, userIdentityResponseOrNull);
    }

    /** PS3.7 D.3.3.3: sub-item 0x53. */
    public record AsyncOperationsWindow(int maxInvoked, int maxPerformed) {
    }

    /** PS3.7 D.3.3.4: sub-item 0x54; true means the association requestor may take that role. */
    public record RoleSelection(String sopClassUid, boolean scuRole, boolean scpRole) {
    }

    /** PS3.7 D.3.3.5: sub-item 0x56, the service-class application information kept as bytes. */
    public record ExtendedNegotiation(String sopClassUid, byte[] applicationInformation) {
    }

    /** PS3.7 D.3.3.7: sub-item 0x58. */
    public record UserIdentity(int identityType, boolean positiveResponseRequested, byte[] primaryField,
                               byte[] secondaryField) {
    }
}
