package org.varde.gateway.multinode;

/** Algorithm catalogue entries for tests: DICOM endpoints on loopback, fictional certificates. */
public final class TestCatalogue {
    private TestCatalogue() {
    }

    /** The {@code algorithms.yaml} text of these entries. */
    public static String of(String... entries) {
        return "algorithms:\n" + String.join("", entries);
    }

    /**
     * One ce-marked class IIa product reached over DICOM.
     *
     * @param intendedUse a YAML flow mapping, e.g. {@code {modalities: [DX, CR], minAgeYears: 18}}
     */
    public static String dicomAlgorithm(String id, String intendedUse, int port, String aeTitle, int timeoutSeconds) {
        return """
                  - id: %1$s
                    vendor: Test Vendor (sandbox)
                    product: %1$s
                    approvedVersion: "1.0"
                    ceClass: IIa
                    notifiedBody: "NB 0000 Test"
                    certificateId: TEST-%1$s
                    regulatoryStatus: ce-marked
                    intendedUse: %2$s
                    endpoint: {protocol: dicom, host: 127.0.0.1, port: %3$d, aeTitle: %4$s}
                    concurrency: 2
                    timeoutSeconds: %5$d
                """.formatted(id, intendedUse, port, aeTitle, timeoutSeconds);
    }
}
