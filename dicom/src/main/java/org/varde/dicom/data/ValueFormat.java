package org.varde.dicom.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Value bytes to and from their text and numbers (PS3.5 6.2): splitting, trimming, binary encoding. */
final class ValueFormat {

    private ValueFormat() {
    }

    static String[] splitText(VR vr, String text) {
        if (text.isEmpty()) {
            return new String[0];
        }
        String[] parts = vr.isSingleValuedText() ? new String[] {text} : text.split("\\\\", -1);
        for (int k = 0; k < parts.length; k++) {
            parts[k] = trim(parts[k], vr.keepsLeadingSpaces());
        }
        return parts;
    }

    private static String trim(String s, boolean keepLeading) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\0')) {
            end--;
        }
        int start = 0;
        while (!keepLeading && start < end && s.charAt(start) == ' ') {
            start++;
        }
        return s.substring(start, end);
    }

    static String[] binaryValues(VR vr, byte[] bytes) {
        int width = vr.bytesPerValue();
        if (width == 1) {
            return null;
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int count = vr == VR.AT ? bytes.length / 4 : bytes.length / width;
        String[] out = new String[count];
        for (int k = 0; k < count; k++) {
            out[k] = binaryValue(vr, buffer);
        }
        return out;
    }

    private static String binaryValue(VR vr, ByteBuffer buffer) {
        switch (vr) {
            case AT: {
                int group = buffer.getShort() & 0xFFFF;
                return Tag.toString((group << 16) | (buffer.getShort() & 0xFFFF));
            }
            case US: case OW:
                return Integer.toString(buffer.getShort() & 0xFFFF);
            case SS:
                return Short.toString(buffer.getShort());
            case UL: case OL:
                return Long.toString(buffer.getInt() & 0xFFFFFFFFL);
            case SL:
                return Integer.toString(buffer.getInt());
            case FL: case OF:
                return Float.toString(buffer.getFloat());
            case FD: case OD:
                return Double.toString(buffer.getDouble());
            case UV: case OV:
                return Long.toUnsignedString(buffer.getLong());
            default:
                return Long.toString(buffer.getLong());
        }
    }

    /** US, SS, UL, SL, SV, UV, OW, OL, OV as little-endian binary; AT as group then element. */
    static byte[] encodeInts(VR vr, int[] values) {
        int width = vr == VR.AT ? 4 : vr.bytesPerValue();
        ByteBuffer buffer = ByteBuffer.allocate(values.length * width).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            switch (width) {
                case 2:
                    buffer.putShort((short) v);
                    break;
                case 4:
                    if (vr == VR.AT) {
                        buffer.putShort((short) (v >>> 16)).putShort((short) v);
                    } else {
                        buffer.putInt(v);
                    }
                    break;
                case 8:
                    buffer.putLong(vr == VR.UV || vr == VR.OV ? v & 0xFFFFFFFFL : v);
                    break;
                default:
                    throw new IllegalArgumentException("setInt does not apply to VR " + vr);
            }
        }
        return buffer.array();
    }

    /** FL, FD, OF, OD as little-endian IEEE 754. */
    static byte[] encodeDoubles(VR vr, double[] values) {
        int width = vr.bytesPerValue();
        ByteBuffer buffer = ByteBuffer.allocate(values.length * width).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            if (width == 4) {
                buffer.putFloat((float) v);
            } else if (width == 8) {
                buffer.putDouble(v);
            } else {
                throw new IllegalArgumentException("setDouble does not apply to VR " + vr);
            }
        }
        return buffer.array();
    }
}
