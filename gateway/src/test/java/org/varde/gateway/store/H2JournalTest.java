package org.varde.gateway.store;

import org.junit.jupiter.api.io.TempDir;
import org.varde.gateway.config.GatewayConfig;
import org.varde.gateway.config.StoreSettings;

import java.nio.file.Path;
import java.util.List;

/** The journal contract on the default: embedded H2 in file mode. */
class H2JournalTest extends JournalContract {
    @TempDir
    Path storage;

    @Override
    StoreSettings settings() {
        return GatewayConfig.forTests(storage).store();
    }
}
