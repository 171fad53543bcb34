package org.varde.dicom.dimse;

import io.vertx.core.buffer.Buffer;
import org.varde.dicom.data.ElementDictionary;
import org.varde.dicom.data.Tag;
import org.varde.dicom.data.VR;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * A DIMSE command set: group 0000 elements, always Implicit VR Little Endian (PS3.7 6.3.1). Command
 * sets only hold UL, US, UI, AE, LO and AT values, so this small codec knows each element's padding
 * by its tag and keeps values as bytes.
 */
public final class Command {
    /** PS3.7 E.1: Command Data Set Type 0101H means no data set follows; any other value means one does. */
    public static final int NO_DATA_SET = 0x0101;
    /** PS3.7 E.1: any other value; 0000H is what most implementations send. */
    public static final int DATA_SET_PRESENT = 0x0000;
    /** A command set is a handful of short elements; this bounds what we accumulate from the wire. */
    public static final int MAX_ENCODED_LENGTH = 64 * 1024;

    private final TreeMap<Integer, byte[]> elements = new TreeMap<>();

    public static Command request(int commandField, int messageId, String sopClassUid, boolean hasDataSet) {
        return new Command().setInt(Tag.CommandField, commandField).setInt(Tag.MessageID, messageId)
                .setString(Tag.AffectedSOPClassUID, sopClassUid)
                .setInt(Tag.CommandDataSetType, hasDataSet ? DATA_SET_PRESENT : NO_DATA_SET);
    }

    /** PS3.7 9.3: the response echoes the request's SOP class and instance and its message id. */
    public static Command responseTo(Command request, Status status) {
        Command rsp = new Command().setInt(Tag.CommandField, CommandField.responseTo(request.commandField()))
                .setInt(Tag.MessageIDBeingRespondedTo, request.messageId())
                .setInt(Tag.CommandDataSetType, NO_DATA_SET).setInt(Tag.Status, status.code());
        request.copyIfPresent(Tag.AffectedSOPClassUID, rsp);
        request.copyIfPresent(Tag.AffectedSOPInstanceUID, rsp);
        return rsp;
    }

    private void copyIfPresent(int tag, Command to) {
        byte[] v = elements.get(tag);
        if (v != null) {
            to.elements.put(tag, v);
        }
    }

    public int commandField() {
        return getInt(Tag.CommandField, -1);
    }

    public int messageId() {
        return getInt(Tag.MessageID, 0);
    }

    public boolean hasDataSet() {
        return getInt(Tag.CommandDataSetType, NO_DATA_SET) != NO_DATA_SET;
    }

    public Status status() {
        return new Status(getInt(Tag.Status, 0));
    }

    public boolean contains(int tag) {
        return elements.containsKey(tag);
    }

    /** US and UL values, read little endian from as many bytes as the element holds (2 or 4). */
    public int getInt(int tag, int defaultValue) {
        byte[] v = elements.get(tag);
        if (v == null || (v.length != 2 && v.length != 4)) {
            return defaultValue;
        }
        int x = (v[0] & 0xFF) | (v[1] & 0xFF) << 8;
        return v.length == 2 ? x : x | (v[2] & 0xFF) << 16 | (v[3] & 0xFF) << 24;
    }

    /** UI, AE and LO values without their trailing NUL or space padding; null when absent. */
    public String getString(int tag) {
        byte[] v = elements.get(tag);
        if (v == null) {
            return null;
        }
        int end = v.length;
        while (end > 0 && (v[end - 1] == 0 || v[end - 1] == ' ')) {
            end--;
        }
        return new String(v, 0, end, StandardCharsets.US_ASCII);
    }

    public Command setInt(int tag, int value) {
        elements.put(tag, new byte[]{(byte) value, (byte) (value >> 8)});
        return this;
    }

    /** PS3.5 6.2: UI pads with NUL to even length, AE and LO with a space. */
    public Command setString(int tag, String value) {
        byte[] raw = value.getBytes(StandardCharsets.US_ASCII);
        byte[] v = raw.length % 2 == 0 ? raw : java.util.Arrays.copyOf(raw, raw.length + 1);
        if (v.length != raw.length) {
            v[raw.length] = isUid(tag) ? 0 : (byte) ' ';
        }
        elements.put(tag, v);
        return this;
    }

    /** PS3.7 C.4: Error Comment (0000,0902) is LO, at most 64 characters; longer text is cut. */
    public Command setErrorComment(String comment) {
        return setString(Tag.ErrorComment, comment.length() > 64 ? comment.substring(0, 64) : comment);
    }

    private static boolean isUid(int tag) {
        return ElementDictionary.vrOf(tag) == VR.UI;
    }

    /** PS3.7 6.3.1 and E.1: Command Group Length first, then the elements in ascending tag order. */
    public Buffer encode() {
        int length = 0;
        for (Map.Entry<Integer, byte[]> e : elements.entrySet()) {
            if (e.getKey() != Tag.CommandGroupLength) {
                length += 8 + e.getValue().length;
            }
        }
        Buffer out = Buffer.buffer(12 + length);
        out.appendIntLE(Tag.CommandGroupLength).appendIntLE(4).appendIntLE(length);
        for (Map.Entry<Integer, byte[]> e : elements.entrySet()) {
            if (e.getKey() != Tag.CommandGroupLength) {
                int tag = e.getKey();
                out.appendShortLE((short) (tag >>> 16)).appendShortLE((short) tag)
                        .appendIntLE(e.getValue().length).appendBytes(e.getValue());
            }
        }
        return out;
    }

    /**
     * Parses a complete command set. Every value length is checked against what remains first.
     *
     * @throws DimseException with {@link Status#CANNOT_UNDERSTAND} when the bytes are not a command set
     */
    public static Command decode(Buffer in) throws DimseException {
        Command c = new Command();
        int pos = 0;
        while (pos < in.length()) {
            if (in.length() - pos < 8) {
                throw new DimseException(Status.CANNOT_UNDERSTAND, "truncated command element header");
            }
            int group = in.getUnsignedShortLE(pos);
            int element = in.getUnsignedShortLE(pos + 2);
            long length = in.getUnsignedIntLE(pos + 4);
            pos += 8;
            if (group != 0 || length > in.length() - pos) {
                throw new DimseException(Status.CANNOT_UNDERSTAND,
                        String.format("bad command element (%04X,%04X) length %d", group, element, length));
            }
            c.elements.put(element, in.getBytes(pos, pos + (int) length));
            pos += (int) length;
        }
        if (!c.contains(Tag.CommandField)) {
            throw new DimseException(Status.CANNOT_UNDERSTAND, "command set without Command Field");
        }
        return c;
    }

    @Override
    public String toString() {
        return String.format("Command[field=%04X, messageId=%d, status=%s]", commandField(),
                contains(Tag.MessageID) ? messageId() : getInt(Tag.MessageIDBeingRespondedTo, 0), status());
    }
}
