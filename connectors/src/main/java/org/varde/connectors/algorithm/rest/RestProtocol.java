package org.varde.connectors.algorithm.rest;

import org.varde.connectors.algorithm.AdapterEnvironment;
import org.varde.connectors.algorithm.AlgorithmAdapter;
import org.varde.connectors.algorithm.AlgorithmEndpoint;
import org.varde.connectors.algorithm.AlgorithmProtocol;
import org.varde.connectors.config.ConfigBlock;
import org.varde.connectors.config.ConfigBlockException;
import org.varde.connectors.config.HttpUrl;

import java.util.Optional;

/** A vendor's REST/JSON API: the catalogue may name such vendors; no adapter sends over it yet. */
public final class RestProtocol implements AlgorithmProtocol {
    public static final String NAME = "rest";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public AlgorithmEndpoint readEndpoint(ConfigBlock block) throws ConfigBlockException {
        RestEndpoint endpoint = new RestEndpoint(HttpUrl.read(block, "url"));
        block.refuseUnknownKeys();
        return endpoint;
    }

    @Override
    public Optional<AlgorithmAdapter> adapter(AdapterEnvironment environment) {
        return Optional.empty();
    }
}
