package org.varde.dicom.net.pdu;

import java.util.List;

/** PS3.8 9.3.5: P-DATA-TF, one or more presentation data values. */
public record PDataTF(List<PresentationDataValue> values) implements Pdu {
    public PDataTF {
        values = List.copyOf(values);
    }

    @Override
    public int type() {
        return P_DATA_TF;
    }
}
