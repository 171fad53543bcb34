package org.varde.dicom.net.pdu;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Every PDU type survives encode then decode; malformed bytes give the protocol exception with its reason. */
class PduCodecTest {
    private final PduDecoder decoder = new PduDecoder(16384);

    private Pdu roundTrip(Pdu pdu) {
        return decoder.decode(PduEncoder.encode(pdu));
    }

    private static UserInformation fullUserInformation() {
        return new UserInformation(16384, "1.2.3.4", "VERSION_1", new UserInformation.AsyncOperationsWindow(3, 2),
                List.of(new UserInformation.RoleSelection("1.2.840.10008.5.1.4.1.1.2", true, false)),
                List.of(new UserInformation.ExtendedNegotiation("1.2.840.10008.5.1.4.1.2.2.1", new byte[]{1, 0, 1})),
                new UserInformation.UserIdentity(2, true, "alice".getBytes(), "secret".getBytes()), null);
    }

    @Test
    void associateRequestRoundTripsWithEveryUserInformationSubItem() {
        AAssociateRQ rq = AAssociateRQ.of("CALLING", "CALLED", List.of(
                PresentationContext.offer(1, "1.2.840.10008.1.1", List.of("1.2.840.10008.1.2")),
                PresentationContext.offer(3, "1.2.840.10008.5.1.4.1.1.2", List.of("1.2.840.10008.1.2.1", "1.2.840.10008.1.2"))),
                fullUserInformation());
        AAssociateRQ back = assertInstanceOf(AAssociateRQ.class, roundTrip(rq));
        assertEquals(rq.callingAeTitle(), back.callingAeTitle());
        assertEquals(rq.calledAeTitle(), back.calledAeTitle());
        assertEquals(rq.applicationContext(), back.applicationContext());
        assertEquals(rq.presentationContexts(), back.presentationContexts());
        UserInformation ui = back.userInformation();
        assertEquals(16384, ui.maxPduLength());
        assertEquals("1.2.3.4", ui.implementationClassUid());
        assertEquals("VERSION_1", ui.implementationVersionNameOrNull());
        assertEquals(new UserInformation.AsyncOperationsWindow(3, 2), ui.asyncOperationsWindowOrNull());
        assertEquals(rq.userInformation().roleSelections(), ui.roleSelections());
        assertArrayEquals(new byte[]{1, 0, 1}, ui.extendedNegotiations().get(0).applicationInformation());
        assertArrayEquals("secret".getBytes(), ui.userIdentityOrNull().secondaryField());
    }

    @Test
    void associateAcceptRoundTripsWithAnsweredContexts() {
        AAssociateAC ac = new AAssociateAC(1, "CALLED", "CALLING", AAssociateRQ.DICOM_APPLICATION_CONTEXT,
                List.of(PresentationContext.answer(1, 0, "1.2.840.10008.1.2"),
                        PresentationContext.answer(3, PresentationContext.ABSTRACT_SYNTAX_NOT_SUPPORTED, "1.2.840.10008.1.2")),
                new UserInformation(0, "1.2.3", null, null, List.of(), List.of(), null, new byte[]{9, 9}));
        AAssociateAC back = assertInstanceOf(AAssociateAC.class, roundTrip(ac));
        assertEquals(ac.presentationContexts(), back.presentationContexts());
        assertEquals(0, back.userInformation().maxPduLength());
        assertArrayEquals(new byte[]{9, 9}, back.userInformation().userIdentityResponseOrNull());
    }

    @Test
    void fixedLengthPdusRoundTrip() {
        assertEquals(new AAssociateRJ(2, 3, 2), roundTrip(new AAssociateRJ(2, 3, 2)));
        assertEquals(AReleaseRQ.INSTANCE, roundTrip(AReleaseRQ.INSTANCE));
        assertEquals(AReleaseRP.INSTANCE, roundTrip(AReleaseRP.INSTANCE));
        assertEquals(new AAbort(2, 6), roundTrip(new AAbort(2, 6)));
        assertArrayEquals(new byte[]{3, 0, 0, 0, 0, 4, 0, 1, 1, 7},
                PduEncoder.encode(new AAssociateRJ(1, 1, 7)).getBytes());
    }

    @Test
    void pDataWithSeveralValuesRoundTrips() {
        PDataTF p = new PDataTF(List.of(
                new PresentationDataValue(1, true, true, Buffer.buffer(new byte[]{1, 2, 3})),
                new PresentationDataValue(3, false, false, Buffer.buffer(new byte[]{4}))));
        PDataTF back = assertInstanceOf(PDataTF.class, roundTrip(p));
        assertEquals(2, back.values().size());
        assertEquals(p.values().get(0).data(), back.values().get(0).data());
        assertEquals(3, back.values().get(1).presentationContextId());
        assertEquals(false, back.values().get(1).last());
        assertEquals(true, back.values().get(0).command());
    }

    @Test
    void singlePdvHeaderMatchesTheGeneralEncoder() {
        Buffer payload = Buffer.buffer(new byte[]{5, 6, 7, 8});
        Buffer fast = PduEncoder.pDataHeader(5, false, true, 4).appendBuffer(payload);
        Buffer general = PduEncoder.encode(new PDataTF(List.of(new PresentationDataValue(5, false, true, payload))));
        assertEquals(general, fast);
    }

    @Test
    void malformedInputCarriesSourceAndReason() {
        AAbortException type = assertThrows(AAbortException.class,
                () -> decoder.decode(Buffer.buffer(new byte[]{8, 0, 0, 0, 0, 0})));
        assertEquals(AAbort.SERVICE_PROVIDER, type.source());
        assertEquals(AAbort.UNRECOGNIZED_PDU, type.reason());
        AAbortException tooLong = assertThrows(AAbortException.class,
                () -> decoder.header(Buffer.buffer(new byte[]{4, 0, 0, 1, 0, 0})));
        assertEquals(AAbort.INVALID_PDU_PARAMETER_VALUE, tooLong.reason());
        // a PDV whose length runs past the end of its PDU
        assertThrows(AAbortException.class,
                () -> decoder.decode(Buffer.buffer(new byte[]{4, 0, 0, 0, 0, 6, 0, 0, 0x10, 0, 1, 3})));
        // an item length past the end of an A-ASSOCIATE-RQ
        Buffer rq = PduEncoder.encode(AAssociateRQ.of("A", "B", List.of(), UserInformation.of(0, "1.2", null)));
        rq.setUnsignedShort(6 + 68 + 2, 0xFFFF);
        assertThrows(AAbortException.class, () -> decoder.decode(rq));
    }
}
