package org.varde.dicom.deident;

import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.DicomReader;
import org.varde.dicom.data.TransferSyntax;
import org.varde.dicom.data.VR;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;

/**
 * Turns UN values that hold a sequence into sequences, so that what they carry (names, UIDs) is
 * cleaned too. In an Implicit VR file every attribute the reader's dictionary does not know is UN;
 * PS3.5 6.2.2 says a sequence in UN is encoded in Implicit VR Little Endian, items first.
 */
final class UnknownSequences {
    /** Any attribute that PS3.6 defines as SQ: the reader then reads the value as items. */
    private static final int SQ_CARRIER = 0x00081140;

    private UnknownSequences() {
    }

    static void parseInPlace(Attributes ds) {
        for (int tag : Deidentifier.tags(ds)) {
            List<Attributes> items = ds.getSequence(tag);
            if (items != null) {
                items.forEach(UnknownSequences::parseInPlace);
                continue;
            }
            if (ds.getVR(tag) != VR.UN) {
                continue;
            }
            byte[] value = ds.getBytes(tag);
            List<Attributes> parsed = value == null ? null : itemsOf(value);
            if (parsed != null) {
                List<Attributes> sequence = ds.newSequence(tag);
                for (Attributes item : parsed) {
                    parseInPlace(item);
                    sequence.add(item);
                }
            }
        }
    }

    /** The items, when {@code value} starts with an Item tag (FFFE,E000 little endian) and parses whole. */
    private static List<Attributes> itemsOf(byte[] value) {
        if (value.length < 8 || (value[0] & 0xFF) != 0xFE || (value[1] & 0xFF) != 0xFF
                || value[2] != 0x00 || (value[3] & 0xFF) != 0xE0) {
            return null;
        }
        byte[] element = new byte[8 + value.length];
        element[0] = (byte) (SQ_CARRIER >>> 16);
        element[1] = (byte) (SQ_CARRIER >>> 24);
        element[2] = (byte) SQ_CARRIER;
        element[3] = (byte) (SQ_CARRIER >>> 8);
        element[4] = (byte) value.length;
        element[5] = (byte) (value.length >>> 8);
        element[6] = (byte) (value.length >>> 16);
        element[7] = (byte) (value.length >>> 24);
        System.arraycopy(value, 0, element, 8, value.length);
        try {
            Attributes wrapper = new DicomReader(new ByteArrayInputStream(element), TransferSyntax.IMPLICIT_LE,
                    element.length).readDataSet();
            List<Attributes> items = wrapper.getSequence(SQ_CARRIER);
            return items == null ? null : List.copyOf(items);
        } catch (IOException e) {
            return null;
        }
    }
}
