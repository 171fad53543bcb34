package org.varde.gateway.ingest;

import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.DicomReader;
import org.varde.dicom.data.ReadLimits;
import org.varde.dicom.data.Tag;
import org.varde.dicom.data.TransferSyntax;
import org.varde.gateway.store.InstanceRecord;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Reads the header of a data set and turns it into the journal's record of the instance. Public for
 * {@code routes explain}, which builds the same record from files so a dry run sees what a live decision sees.
 */
public final class InstanceHeaders {
    private InstanceHeaders() {
    }

    /** Everything before Pixel Data, with the default limits. */
    public static Attributes read(InputStream in, TransferSyntax ts, long dataSetLength) throws IOException {
        return read(in, ts, dataSetLength, ReadLimits.DEFAULTS);
    }

    /**
     * Everything before Pixel Data: bounded, a gateway never decodes pixels. Bulk values are skipped
     * and what is kept counts against {@code limits}, so a private blob of gigabytes before Pixel Data
     * costs no heap, and a deflated stream that inflates beyond the limits is refused. The reader asks
     * for a few bytes at a time: {@code in} should be buffered or in memory.
     */
    static Attributes read(InputStream in, TransferSyntax ts, long dataSetLength, ReadLimits limits)
            throws IOException {
        // the limit lets the reader refuse a lying length at once; a deflated stream has no known length
        DicomReader reader = ts.deflated() ? new DicomReader(in, ts) : new DicomReader(in, ts, dataSetLength);
        return reader.limits(limits).readDataSetUntil(Tag.PixelData);
    }

    public static InstanceRecord record(Attributes header, String transferSyntaxUid, String callingAeTitle, long byteCount,
                                 Instant receivedAt, String spoolPath) {
        return new InstanceRecord(
                header.getString(Tag.SOPInstanceUID), header.getString(Tag.StudyInstanceUID),
                header.getString(Tag.SeriesInstanceUID), header.getString(Tag.SOPClassUID), transferSyntaxUid,
                header.getString(Tag.PatientID), header.getString(Tag.PatientName),
                header.getString(Tag.PatientBirthDate), header.getString(Tag.PatientSex),
                header.getString(Tag.PatientAge), header.getString(Tag.AccessionNumber),
                header.getString(Tag.Modality), header.getString(Tag.BodyPartExamined),
                header.getString(Tag.StudyDescription), header.getString(Tag.SeriesDescription),
                joined(header, Tag.ImageType), sliceThickness(header), header.getString(Tag.ViewPosition),
                header.getString(Tag.InstitutionName), header.getString(Tag.StationName),
                header.getString(Tag.Manufacturer), callingAeTitle, byteCount,
                // the journal's timestamps hold microseconds: a row waiting for its commit reads as it will be stored
                receivedAt.truncatedTo(ChronoUnit.MICROS), spoolPath, false);
    }

    private static String joined(Attributes header, int tag) {
        String[] values = header.getStrings(tag);
        return values == null || values.length == 0 ? null : String.join("\\", values);
    }

    private static Double sliceThickness(Attributes header) {
        try {
            double value = header.getDouble(Tag.SliceThickness, Double.NaN);
            return Double.isNaN(value) ? null : value;
        } catch (RuntimeException malformed) {
            // a DS that is not a number is the sender's problem; the journal just leaves it empty
            return null;
        }
    }
}
