package org.varde.dicom.dimse;

import org.varde.dicom.data.Tag;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Command sets in Implicit VR Little Endian (PS3.7 6.3.1, E.1). */
class CommandTest {
    @Test
    void storeRequestRoundTripsWithGroupLengthAndPadding() throws Exception {
        Command rq = Command.request(CommandField.C_STORE_RQ, 42, "1.2.840.10008.5.1.4.1.1.2", true)
                .setString(Tag.AffectedSOPInstanceUID, "1.2.3").setInt(Tag.Priority, 0);
        Buffer bytes = rq.encode();
        // (0000,0000) UL, length 4, value = the bytes after it
        assertEquals(0, bytes.getIntLE(0));
        assertEquals(4, bytes.getIntLE(4));
        assertEquals(bytes.length() - 12, bytes.getIntLE(8));
        assertEquals(0, bytes.length() % 2);
        Command back = Command.decode(bytes);
        assertEquals(CommandField.C_STORE_RQ, back.commandField());
        assertEquals(42, back.messageId());
        assertEquals("1.2.3", back.getString(Tag.AffectedSOPInstanceUID));
        assertTrue(back.hasDataSet());
    }

    @Test
    void responseEchoesTheRequest() throws Exception {
        Command rq = Command.request(CommandField.C_ECHO_RQ, 7, "1.2.840.10008.1.1", false);
        Command rsp = Command.decode(Command.responseTo(rq, Status.SUCCESS).encode());
        assertEquals(CommandField.C_ECHO_RSP, rsp.commandField());
        assertEquals(7, rsp.getInt(Tag.MessageIDBeingRespondedTo, -1));
        assertEquals("1.2.840.10008.1.1", rsp.getString(Tag.AffectedSOPClassUID));
        assertFalse(rsp.hasDataSet());
        assertEquals(Status.SUCCESS, rsp.status());
    }

    @Test
    void malformedCommandSetsAreNotUnderstood() {
        Buffer truncated = Command.request(CommandField.C_ECHO_RQ, 1, "1.2", false).encode();
        Buffer cut = truncated.getBuffer(0, truncated.length() - 3);
        assertEquals(Status.CANNOT_UNDERSTAND, assertThrows(DimseException.class, () -> Command.decode(cut)).status());
        Buffer otherGroup = Buffer.buffer().appendShortLE((short) 8).appendShortLE((short) 0x18).appendIntLE(0);
        assertThrows(DimseException.class, () -> Command.decode(otherGroup));
    }

    @Test
    void oddValuesArePaddedAsTheirVrRequires() {
        // PS3.5 6.2: UI pads with NUL, LO with a space
        Command c = new Command().setInt(Tag.CommandField, CommandField.C_ECHO_RSP)
                .setString(Tag.AffectedSOPClassUID, "1.2.3").setString(Tag.ErrorComment, "abc");
        Buffer bytes = c.encode();
        // group length (12), affected SOP class (8 + 6): its last byte is NUL
        assertEquals(0, bytes.getByte(12 + 8 + 5));
        assertEquals(' ', bytes.getByte(bytes.length() - 1));
    }
}
