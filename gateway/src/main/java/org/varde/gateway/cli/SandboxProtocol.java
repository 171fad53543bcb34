package org.varde.gateway.cli;

import java.util.Locale;

/**
 * The protocols {@code varde sandbox} has a vendor for; {@code ups} is the chest X-ray triage that pulls
 * its work from Varde's UPS-RS worklist (IHE AIW-I).
 */
enum SandboxProtocol {
    DICOM, DICOMWEB, REST, UPS;

    String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
