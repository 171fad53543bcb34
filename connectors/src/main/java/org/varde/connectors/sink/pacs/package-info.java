/**
 * The PACS result sink's writers: a result as a DICOM Comprehensive 3D SR following IHE AI Results
 * (PS3.16 TID 1500), and optionally a Secondary Capture summary image for viewers that show no SR.
 * Both are filed under the source study in a series of their own, with UIDs derived from the result's
 * {@link org.varde.connectors.result.ReportKey} so that a resend replaces, never duplicates. The sink (delivery stage) writes
 * them to a file and sends them with {@code org.varde.dicom.net.StoreScu}.
 */
package org.varde.connectors.sink.pacs;
