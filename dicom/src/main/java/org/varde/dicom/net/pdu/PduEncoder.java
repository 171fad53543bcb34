package org.varde.dicom.net.pdu;

import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;

/** Writes PDUs in the byte layout of PS3.8 9.3; the inverse of {@link PduDecoder}. */
public final class PduEncoder {
    private PduEncoder() {
    }

    public static Buffer encode(Pdu pdu) {
        if (pdu instanceof AAssociateRQ rq) {
            return associate(Pdu.A_ASSOCIATE_RQ, rq.protocolVersion(), rq.calledAeTitle(), rq.callingAeTitle(),
                    rq.applicationContext(), rq.presentationContexts(), rq.userInformation(), 0x20);
        }
        if (pdu instanceof AAssociateAC ac) {
            return associate(Pdu.A_ASSOCIATE_AC, ac.protocolVersion(), ac.calledAeTitle(), ac.callingAeTitle(),
                    ac.applicationContext(), ac.presentationContexts(), ac.userInformation(), 0x21);
        }
        if (pdu instanceof AAssociateRJ rj) {
            return fixed(Pdu.A_ASSOCIATE_RJ, 0, rj.result(), rj.source(), rj.reason());
        }
        if (pdu instanceof PDataTF p) {
            return pData(p);
        }
        if (pdu instanceof AAbort a) {
            return fixed(Pdu.A_ABORT, 0, 0, a.source(), a.reason());
        }
        // A-RELEASE-RQ and -RP: four reserved bytes
        return fixed(pdu.type(), 0, 0, 0, 0);
    }

    /**
     * The twelve bytes in front of a single-PDV P-DATA-TF (PS3.8 9.3.5): the sender appends the
     * payload itself, so a data set fragment is never copied into an intermediate PDU object.
     */
    public static Buffer pDataHeader(int presentationContextId, boolean command, boolean last, int payloadLength) {
        return Buffer.buffer(Pdu.HEADER_LENGTH + PresentationDataValue.HEADER_LENGTH + payloadLength)
                .appendByte((byte) Pdu.P_DATA_TF).appendByte((byte) 0)
                .appendInt(payloadLength + PresentationDataValue.HEADER_LENGTH)
                .appendInt(payloadLength + 2)
                .appendByte((byte) presentationContextId)
                .appendByte((byte) ((command ? 0x01 : 0) | (last ? 0x02 : 0)));
    }

    private static Buffer fixed(int type, int b0, int b1, int b2, int b3) {
        return Buffer.buffer(10).appendByte((byte) type).appendByte((byte) 0).appendInt(4)
                .appendByte((byte) b0).appendByte((byte) b1).appendByte((byte) b2).appendByte((byte) b3);
    }

    private static Buffer pData(PDataTF p) {
        Buffer out = Buffer.buffer().appendByte((byte) Pdu.P_DATA_TF).appendByte((byte) 0).appendInt(0);
        for (PresentationDataValue v : p.values()) {
            out.appendInt(v.data().length() + 2).appendByte((byte) v.presentationContextId())
                    .appendByte((byte) v.controlHeader()).appendBuffer(v.data());
        }
        return out.setInt(2, out.length() - Pdu.HEADER_LENGTH);
    }

    private static Buffer associate(int type, int version, String called, String calling, String applicationContext,
                                    java.util.List<PresentationContext> contexts, UserInformation userInformation,
                                    int contextItemType) {
        Buffer out = Buffer.buffer(512).appendByte((byte) type).appendByte((byte) 0).appendInt(0)
                .appendUnsignedShort(version).appendUnsignedShort(0)
                .appendBytes(aeTitle(called)).appendBytes(aeTitle(calling)).appendBytes(new byte[32]);
        item(out, 0x10, ascii(applicationContext));
        for (PresentationContext pc : contexts) {
            item(out, contextItemType, contextItemType == 0x20 ? offered(pc) : answered(pc));
        }
        item(out, 0x50, userInformation(userInformation));
        return out.setInt(2, out.length() - Pdu.HEADER_LENGTH);
    }

    private static Buffer offered(PresentationContext pc) {
        Buffer b = Buffer.buffer().appendByte((byte) pc.id()).appendBytes(new byte[3]);
        item(b, 0x30, ascii(pc.abstractSyntaxOrNull()));
        for (String ts : pc.transferSyntaxes()) {
            item(b, 0x40, ascii(ts));
        }
        return b;
    }

    private static Buffer answered(PresentationContext pc) {
        Buffer b = Buffer.buffer().appendByte((byte) pc.id()).appendByte((byte) 0)
                .appendByte((byte) pc.result()).appendByte((byte) 0);
        item(b, 0x40, ascii(pc.transferSyntax()));
        return b;
    }

    private static Buffer userInformation(UserInformation ui) {
        Buffer b = Buffer.buffer();
        item(b, 0x51, Buffer.buffer(4).appendUnsignedInt(ui.maxPduLength()));
        item(b, 0x52, ascii(ui.implementationClassUid()));
        if (ui.asyncOperationsWindowOrNull() != null) {
            item(b, 0x53, Buffer.buffer(4).appendUnsignedShort(ui.asyncOperationsWindowOrNull().maxInvoked())
                    .appendUnsignedShort(ui.asyncOperationsWindowOrNull().maxPerformed()));
        }
        for (UserInformation.RoleSelection role : ui.roleSelections()) {
            Buffer uid = ascii(role.sopClassUid());
            item(b, 0x54, Buffer.buffer().appendUnsignedShort(uid.length()).appendBuffer(uid)
                    .appendByte((byte) (role.scuRole() ? 1 : 0)).appendByte((byte) (role.scpRole() ? 1 : 0)));
        }
        if (ui.implementationVersionNameOrNull() != null) {
            item(b, 0x55, ascii(ui.implementationVersionNameOrNull()));
        }
        for (UserInformation.ExtendedNegotiation ext : ui.extendedNegotiations()) {
            Buffer uid = ascii(ext.sopClassUid());
            item(b, 0x56, Buffer.buffer().appendUnsignedShort(uid.length()).appendBuffer(uid)
                    .appendBytes(ext.applicationInformation()));
        }
        if (ui.userIdentityOrNull() != null) {
            UserInformation.UserIdentity id = ui.userIdentityOrNull();
            item(b, 0x58, Buffer.buffer().appendByte((byte) id.identityType())
                    .appendByte((byte) (id.positiveResponseRequested() ? 1 : 0))
                    .appendUnsignedShort(id.primaryField().length).appendBytes(id.primaryField())
                    .appendUnsignedShort(id.secondaryField().length).appendBytes(id.secondaryField()));
        }
        if (ui.userIdentityResponseOrNull() != null) {
            item(b, 0x59, Buffer.buffer().appendUnsignedShort(ui.userIdentityResponseOrNull().length)
                    .appendBytes(ui.userIdentityResponseOrNull()));
        }
        return b;
    }

    /** PS3.8 9.3.2: item type, reserved byte, 2-byte length, value. */
    private static void item(Buffer out, int itemType, Buffer value) {
        out.appendByte((byte) itemType).appendByte((byte) 0).appendUnsignedShort(value.length()).appendBuffer(value);
    }

    private static Buffer ascii(String s) {
        return Buffer.buffer(s.getBytes(StandardCharsets.US_ASCII));
    }

    /** PS3.8 9.3.2: AE titles are 16 bytes, padded with spaces. */
    private static byte[] aeTitle(String title) {
        byte[] out = "                ".getBytes(StandardCharsets.US_ASCII);
        byte[] src = title.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(src, 0, out, 0, Math.min(16, src.length));
        return out;
    }
}
