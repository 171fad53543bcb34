package org.varde.connectors.sink.pacs;

import java.util.Objects;

/**
 * How Varde names itself and its UIDs in the objects it writes for PACS.
 *
 * @param uidRoot          root of the derived UIDs: {@value DerivedUids#UUID_ROOT} (PS3.5 B.2) or the
 *                         site's registered root (at most 43 characters)
 * @param deviceSerialNumber this gateway's name or node id, for the Enhanced General Equipment module
 * @param softwareVersion  Varde's version, for Software Versions (0018,1020)
 * @param srSeriesNumber   Series Number of the SR series (a series per job)
 * @param scSeriesNumber   Series Number of the summary image series
 */
public record PacsWriterOptions(String uidRoot, String deviceSerialNumber, String softwareVersion,
                                int srSeriesNumber, int scSeriesNumber) {

    public static final String MANUFACTURER = "Varde";
    public static final String MODEL_NAME = "Varde AI gateway";

    public PacsWriterOptions {
        Objects.requireNonNull(uidRoot, "uidRoot");
        Objects.requireNonNull(deviceSerialNumber, "deviceSerialNumber");
        Objects.requireNonNull(softwareVersion, "softwareVersion");
        if (deviceSerialNumber.isBlank() || softwareVersion.isBlank()) {
            throw new IllegalArgumentException("deviceSerialNumber and softwareVersion must not be blank "
                    + "(Type 1 in the Enhanced General Equipment module, PS3.3 C.7.5.2)");
        }
    }

    /** UUID-derived UIDs, series numbers 9901 (SR) and 9902 (summary image). */
    public static PacsWriterOptions defaults(String deviceSerialNumber, String softwareVersion) {
        return new PacsWriterOptions(DerivedUids.UUID_ROOT, deviceSerialNumber, softwareVersion, 9901, 9902);
    }
}
