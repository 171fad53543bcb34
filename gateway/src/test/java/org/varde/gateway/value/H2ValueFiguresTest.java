package org.varde.gateway.value;

import org.junit.jupiter.api.io.TempDir;
import org.varde.gateway.config.GatewayConfig;
import org.varde.gateway.config.StoreSettings;

import java.nio.file.Path;

/** The value figures on embedded H2, the default store. */
class H2ValueFiguresTest extends ValueFiguresContract {
    @TempDir
    Path tmp;

    @Override
    StoreSettings store() {
        return GatewayConfig.forTests(tmp).store();
    }
}
