package org.varde.connectors.algorithm.dicomweb;

import org.varde.connectors.algorithm.AdapterEnvironment;
import org.varde.connectors.algorithm.AlgorithmAdapter;
import org.varde.connectors.algorithm.AlgorithmEndpoint;
import org.varde.connectors.algorithm.AlgorithmProtocol;
import org.varde.connectors.config.ConfigBlock;
import org.varde.connectors.config.ConfigBlockException;
import org.varde.connectors.config.HttpUrl;

import java.util.Optional;

/** DICOMweb (PS3.18): the catalogue may name such vendors; no adapter sends over it yet. */
public final class DicomWebProtocol implements AlgorithmProtocol {
    public static final String NAME = "dicomweb";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public AlgorithmEndpoint readEndpoint(ConfigBlock block) throws ConfigBlockException {
        DicomWebEndpoint endpoint = new DicomWebEndpoint(HttpUrl.read(block, "url"));
        block.refuseUnknownKeys();
        return endpoint;
    }

    @Override
    public Optional<AlgorithmAdapter> adapter(AdapterEnvironment environment) {
        return Optional.empty();
    }
}
