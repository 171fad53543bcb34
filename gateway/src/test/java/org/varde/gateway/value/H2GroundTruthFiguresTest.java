package org.varde.gateway.value;

import org.junit.jupiter.api.io.TempDir;
import org.varde.gateway.config.GatewayConfig;
import org.varde.gateway.config.StoreSettings;

import java.nio.file.Path;

/** The figures against ground truth on embedded H2, the default store. */
class H2GroundTruthFiguresTest extends GroundTruthFiguresContract {
    @TempDir
    Path tmp;

    @Override
    StoreSettings store() {
        return GatewayConfig.forTests(tmp).store();
    }
}
