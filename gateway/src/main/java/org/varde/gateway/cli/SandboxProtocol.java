package org.varde.gateway.cli;

import java.util.Locale;

/**
 * The protocols {@code varde sandbox} has a vendor for. UPS-RS (IHE AIW-I, a chest X-ray triage that
 * pulls its work) is the one still missing: its constant joins here with its sandbox.
 */
enum SandboxProtocol {
    DICOM, DICOMWEB, REST;

    String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
