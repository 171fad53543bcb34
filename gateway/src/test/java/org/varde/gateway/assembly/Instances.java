package org.varde.gateway.assembly;

import org.varde.dicom.data.UID;
import org.varde.gateway.store.InstanceRecord;

import java.time.Instant;

/** Journal records of synthetic CT instances: UIDs under a test root, headers a CT thorax would carry. */
final class Instances {
    static final String ROOT = "1.2.826.0.1.3680043.10.543.77";

    private Instances() {
    }

    static String study(int n) {
        return ROOT + "." + n;
    }

    /** Instance {@code n} of series {@code series} of study {@code study}. */
    static InstanceRecord ct(int study, int series, int n) {
        return ct(study, series, n, "Thorax 5.0 B30f", "ORIGINAL\\PRIMARY\\AXIAL");
    }

    static InstanceRecord ct(int study, int series, int n, String seriesDescription, String imageType) {
        String studyUid = study(study);
        String seriesUid = studyUid + "." + series;
        return new InstanceRecord(seriesUid + "." + n, studyUid, seriesUid, UID.CTImageStorage,
                UID.ExplicitVRLittleEndian, "P-" + study, "Test^Patient", "19600101", "F", "066Y", "ACC" + study,
                "CT", "CHEST", "CT Thorax", seriesDescription, imageType, 1.0, null, "Varde Test Hospital",
                "CT01", "Siemens", "CT01", 1024, Instant.parse("2026-11-28T08:00:00Z"),
                "spool/" + seriesUid + "." + n, false);
    }
}
