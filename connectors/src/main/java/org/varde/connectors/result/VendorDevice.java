package org.varde.connectors.result;

import java.util.Objects;

/** What produced a result, as the SR's Contributing Equipment and FHIR's Device say it. */
public record VendorDevice(String manufacturer, String modelName, String softwareVersion) {
    public VendorDevice {
        Objects.requireNonNull(manufacturer, "manufacturer");
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(softwareVersion, "softwareVersion");
    }
}
