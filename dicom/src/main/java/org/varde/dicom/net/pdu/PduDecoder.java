package org.varde.dicom.net.pdu;

import io.vertx.core.buffer.Buffer;

import java.util.ArrayList;
import java.util.List;

/**
 * Frames and parses PDUs; nothing else. Every length read from the wire is checked against its
 * maximum and against what remains before anything is allocated. Anything malformed throws
 * {@link AAbortException} with the source and reason to answer (PS3.8 9.3.8).
 */
public final class PduDecoder {
    /** A-ASSOCIATE-RQ/AC bodies: 128 contexts with many transfer syntaxes fit well below this. */
    public static final int MAX_ASSOCIATE_LENGTH = 1 << 20;
    /** P-DATA-TF bodies when we announced 0 (unlimited, PS3.8 D.1): still bounded, never trusted blindly. */
    public static final int MAX_UNLIMITED_PDATA_LENGTH = 64 << 20;
    /** PS3.8 9.3.4, 9.3.6-9.3.8: A-ASSOCIATE-RJ, A-RELEASE-RQ/RP and A-ABORT carry exactly four bytes. */
    private static final int FIXED_BODY_LENGTH = 4;
    private static final int ASSOCIATE_FIXED_FIELDS = 68;
    private static final int AE_TITLE_LENGTH = 16;

    private final int maxPDataLength;

    /** @param maxPDataLength the max PDU length we announced; 0 or less means unlimited (PS3.8 D.1) */
    public PduDecoder(long maxPDataLength) {
        this.maxPDataLength = maxPDataLength <= 0 || maxPDataLength > MAX_UNLIMITED_PDATA_LENGTH
                ? MAX_UNLIMITED_PDATA_LENGTH : (int) maxPDataLength;
    }

    /** Checks the PDU type and the body length against the limit for that type. */
    public PduHeader header(Buffer six) {
        int type = six.getUnsignedByte(0);
        long length = six.getUnsignedInt(2);
        if (type < Pdu.A_ASSOCIATE_RQ || type > Pdu.A_ABORT) {
            throw new AAbortException(AAbort.SERVICE_PROVIDER, AAbort.UNRECOGNIZED_PDU,
                    "unrecognized PDU type " + type);
        }
        long max = switch (type) {
            case Pdu.A_ASSOCIATE_RQ, Pdu.A_ASSOCIATE_AC -> MAX_ASSOCIATE_LENGTH;
            case Pdu.P_DATA_TF -> maxPDataLength;
            default -> FIXED_BODY_LENGTH;
        };
        if (length > max) {
            throw AAbortException.invalidParameter("PDU type " + type + " length " + length + " exceeds " + max);
        }
        return new PduHeader(type, (int) length);
    }

    /** Decodes a complete PDU, header included, that must fill the buffer exactly. */
    public Pdu decode(Buffer pdu) {
        if (pdu.length() < Pdu.HEADER_LENGTH) {
            throw AAbortException.invalidParameter("PDU shorter than its header");
        }
        PduHeader header = header(pdu.slice(0, Pdu.HEADER_LENGTH));
        if (pdu.length() - Pdu.HEADER_LENGTH != header.length()) {
            throw AAbortException.invalidParameter("PDU length " + header.length() + " but "
                    + (pdu.length() - Pdu.HEADER_LENGTH) + " bytes follow");
        }
        return decode(header.type(), pdu.slice(Pdu.HEADER_LENGTH, pdu.length()));
    }

    /** Decodes a PDU body whose header was checked by {@link #header}. */
    public Pdu decode(int type, Buffer body) {
        PduReader in = new PduReader(body, 0, body.length());
        return switch (type) {
            case Pdu.A_ASSOCIATE_RQ -> associateRq(in);
            case Pdu.A_ASSOCIATE_AC -> associateAc(in);
            case Pdu.A_ASSOCIATE_RJ -> associateRj(in);
            case Pdu.P_DATA_TF -> pData(in);
            case Pdu.A_RELEASE_RQ -> fixed(in, AReleaseRQ.INSTANCE);
            case Pdu.A_RELEASE_RP -> fixed(in, AReleaseRP.INSTANCE);
            case Pdu.A_ABORT -> abort(in);
            default -> throw new AAbortException(AAbort.SERVICE_PROVIDER, AAbort.UNRECOGNIZED_PDU,
                    "unrecognized PDU type " + type);
        };
    }

    private static Pdu fixed(PduReader in, Pdu pdu) {
        in.skip(FIXED_BODY_LENGTH, "reserved");
        return pdu;
    }

    private static AAssociateRJ associateRj(PduReader in) {
        in.skip(1, "reserved");
        return new AAssociateRJ(in.u8("result"), in.u8("source"), in.u8("reason"));
    }

    private static AAbort abort(PduReader in) {
        in.skip(2, "reserved");
        return new AAbort(in.u8("source"), in.u8("reason"));
    }

    private static PDataTF pData(PduReader in) {
        List<PresentationDataValue> values = new ArrayList<>(2);
        while (in.remaining() > 0) {
            long length = in.u32("PDV item length");
            if (length < 2 || length > in.remaining()) {
                throw AAbortException.invalidParameter("PDV item length " + length + " with " + in.remaining() + " left");
            }
            int contextId = in.u8("presentation context id");
            int control = in.u8("message control header");
            if ((control & ~0x03) != 0) {
                throw AAbortException.invalidParameter("message control header " + control);
            }
            Buffer data = in.slice((int) length - 2, "PDV data");
            values.add(new PresentationDataValue(contextId, (control & 0x01) != 0, (control & 0x02) != 0, data));
        }
        if (values.isEmpty()) {
            throw AAbortException.invalidParameter("P-DATA-TF without a presentation data value");
        }
        return new PDataTF(values);
    }

    private record AssociateFields(int protocolVersion, String called, String calling, String applicationContext,
                                   List<PresentationContext> contexts, UserInformation userInformation) {
    }

    private static AAssociateRQ associateRq(PduReader in) {
        AssociateFields f = associate(in, 0x20);
        return new AAssociateRQ(f.protocolVersion, f.called, f.calling, f.applicationContext, f.contexts,
                f.userInformation);
    }

    private static AAssociateAC associateAc(PduReader in) {
        AssociateFields f = associate(in, 0x21);
        return new AAssociateAC(f.protocolVersion, f.called, f.calling, f.applicationContext, f.contexts,
                f.userInformation);
    }

    /** PS3.8 9.3.2 / 9.3.3: the fixed fields, then items 10H, 20H or 21H, 50H. */
    private static AssociateFields associate(PduReader in, int contextItemType) {
        if (in.remaining() < ASSOCIATE_FIXED_FIELDS) {
            throw AAbortException.invalidParameter("A-ASSOCIATE PDU shorter than its fixed fields");
        }
        int version = in.u16("protocol version");
        in.skip(2, "reserved");
        String called = in.text(AE_TITLE_LENGTH, "called AE title");
        String calling = in.text(AE_TITLE_LENGTH, "calling AE title");
        in.skip(32, "reserved");
        String applicationContext = null;
        List<PresentationContext> contexts = new ArrayList<>();
        UserInformation userInformation = null;
        while (in.remaining() > 0) {
            int itemType = in.u8("item type");
            in.skip(1, "reserved");
            PduReader item = in.item(in.u16("item length"), "item");
            if (itemType == 0x10) {
                applicationContext = item.text(item.remaining(), "application context name");
            } else if (itemType == contextItemType) {
                contexts.add(contextItemType == 0x20 ? offeredContext(item) : answeredContext(item));
            } else if (itemType == 0x50) {
                userInformation = userInformation(item);
            } else {
                throw new AAbortException(AAbort.SERVICE_PROVIDER, AAbort.UNRECOGNIZED_PDU_PARAMETER,
                        "unexpected item type " + itemType + " in A-ASSOCIATE PDU");
            }
        }
        if (applicationContext == null || userInformation == null) {
            throw new AAbortException(AAbort.SERVICE_PROVIDER, AAbort.INVALID_PDU_PARAMETER_VALUE,
                    "A-ASSOCIATE PDU without application context or user information item");
        }
        return new AssociateFields(version, called, calling, applicationContext, contexts, userInformation);
    }

    /** PS3.8 9.3.2.2: id, 3 reserved, one abstract syntax sub-item 30H, transfer syntax sub-items 40H. */
    private static PresentationContext offeredContext(PduReader item) {
        int id = item.u8("presentation context id");
        item.skip(3, "reserved");
        String abstractSyntax = null;
        List<String> transferSyntaxes = new ArrayList<>();
        while (item.remaining() > 0) {
            int subType = item.u8("sub-item type");
            item.skip(1, "reserved");
            int length = item.u16("sub-item length");
            String uid = item.text(length, "syntax name");
            if (subType == 0x30) {
                abstractSyntax = uid;
            } else if (subType == 0x40) {
                transferSyntaxes.add(uid);
            } else {
                throw new AAbortException(AAbort.SERVICE_PROVIDER, AAbort.UNRECOGNIZED_PDU_PARAMETER,
                        "unexpected sub-item " + subType + " in presentation context " + id);
            }
        }
        if (abstractSyntax == null || transferSyntaxes.isEmpty()) {
            throw AAbortException.invalidParameter("presentation context " + id + " lacks a syntax");
        }
        return PresentationContext.offer(id, abstractSyntax, transferSyntaxes);
    }

    /** PS3.8 9.3.3.2: id, reserved, result/reason, reserved, one transfer syntax sub-item 40H. */
    private static PresentationContext answeredContext(PduReader item) {
        int id = item.u8("presentation context id");
        item.skip(1, "reserved");
        int result = item.u8("result/reason");
        item.skip(1, "reserved");
        String transferSyntax = "";
        while (item.remaining() > 0) {
            int subType = item.u8("sub-item type");
            item.skip(1, "reserved");
            String uid = item.text(item.u16("sub-item length"), "transfer syntax name");
            if (subType == 0x40) {
                transferSyntax = uid;
            }
        }
        return PresentationContext.answer(id, result, transferSyntax);
    }

    /** PS3.8 9.3.2.3 and PS3.7 D.3.3: sub-items 51H-59H; unknown sub-items are skipped. */
    private static UserInformation userInformation(PduReader item) {
        long maxLength = 0;
        String classUid = "";
        String versionName = null;
        UserInformation.AsyncOperationsWindow window = null;
        List<UserInformation.RoleSelection> roles = new ArrayList<>();
        List<UserInformation.ExtendedNegotiation> extended = new ArrayList<>();
        UserInformation.UserIdentity identity = null;
        byte[] identityResponse = null;
        while (item.remaining() > 0) {
            int subType = item.u8("user information sub-item type");
            item.skip(1, "reserved");
            PduReader sub = item.item(item.u16("user information sub-item length"), "user information sub-item");
            switch (subType) {
                case 0x51 -> maxLength = sub.u32("maximum length received");
                case 0x52 -> classUid = sub.text(sub.remaining(), "implementation class UID");
                case 0x55 -> versionName = sub.text(sub.remaining(), "implementation version name");
                case 0x53 -> window = new UserInformation.AsyncOperationsWindow(sub.u16("max invoked"), sub.u16("max performed"));
                case 0x54 -> roles.add(roleSelection(sub));
                case 0x56 -> extended.add(new UserInformation.ExtendedNegotiation(
                        sub.text(sub.u16("SOP class UID length"), "SOP class UID"),
                        sub.bytes(sub.remaining(), "service-class application information")));
                case 0x58 -> identity = userIdentity(sub);
                case 0x59 -> identityResponse = sub.bytes(sub.u16("server response length"), "server response");
                default -> { /* PS3.7 D.3.3: sub-items we do not negotiate (e.g. 57H) are left unanswered */ }
            }
        }
        return new UserInformation(maxLength, classUid, versionName, window, roles, extended, identity, identityResponse);
    }

    private static UserInformation.RoleSelection roleSelection(PduReader sub) {
        String uid = sub.text(sub.u16("SOP class UID length"), "SOP class UID");
        return new UserInformation.RoleSelection(uid, sub.u8("SCU role") == 1, sub.u8("SCP role") == 1);
    }

    private static UserInformation.UserIdentity userIdentity(PduReader sub) {
        int type = sub.u8("user identity type");
        boolean response = sub.u8("positive response requested") == 1;
        byte[] primary = sub.bytes(sub.u16("primary field length"), "primary field");
        byte[] secondary = sub.bytes(sub.u16("secondary field length"), "secondary field");
        return new UserInformation.UserIdentity(type, response, primary, secondary);
    }
}
