package org.varde.dicom.data;

/**
 * The File Meta Information of a Part 10 file (PS3.10 7.1), the transfer syntax of its data set and
 * where the data set starts. For a bare data set without meta information the first is empty and the
 * offset 0.
 */
public record Part10File(Attributes fileMetaInformation, TransferSyntax transferSyntax, long dataSetOffset) {
}
