package org.varde.gateway.routing;

/** How the dispatcher reaches a vendor's algorithm. */
public enum EndpointProtocol implements ConfigWord {
    DICOM("dicom"), DICOMWEB("dicomweb"), REST("rest");

    private final String word;

    EndpointProtocol(String word) {
        this.word = word;
    }

    @Override
    public String word() {
        return word;
    }
}
