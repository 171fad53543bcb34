package org.varde.gateway.cli;

import org.varde.gateway.audit.AuditLog;
import org.varde.gateway.audit.ChainReport;
import org.varde.gateway.config.ConfigException;
import org.varde.gateway.config.ConfigLoader;
import org.varde.gateway.config.GatewayConfig;
import org.varde.gateway.store.JdbcJournal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.concurrent.Callable;

/**
 * {@code varde audit verify|export --config FILE}: the audit log in the store the config names
 * (docs/accountability.md). {@code verify} recomputes the hash chain and names the first broken
 * row (exit 1); {@code export} writes every event as JSON lines on standard output.
 */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "Verify or export the audit log.",
        subcommands = {AuditCommand.Verify.class, AuditCommand.Export.class})
final class AuditCommand {
    static final int BROKEN = 1;

    abstract static class OnStore implements Callable<Integer> {
        @Option(names = "--config", required = true, paramLabel = "FILE",
                description = "the gateway's YAML configuration (its store holds the audit log)")
        Path config;

        @Override
        public Integer call() {
            GatewayConfig gatewayConfig;
            try {
                gatewayConfig = ConfigLoader.load(config);
            } catch (ConfigException e) {
                System.err.println("config error: " + e.getMessage());
                return VardeCommand.CONFIG_ERROR;
            }
            JdbcJournal store;
            try {
                store = JdbcJournal.open(gatewayConfig.store());
            } catch (RuntimeException e) {
                System.err.println("cannot open the store (an embedded database is held by a running gateway: "
                        + "use GET /api/audit/verify with an admin token): " + e.getMessage());
                return BROKEN;
            }
            try {
                return run(new AuditLog(store.dataSource(), Clock.systemUTC(), "cli", null));
            } catch (SQLException e) {
                System.err.println("cannot read the audit log: " + e.getMessage());
                return BROKEN;
            } finally {
                store.close();
            }
        }

        abstract int run(AuditLog log) throws SQLException;
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Recompute the hash chain; exit 0 when intact, 1 naming the first broken row.")
    static final class Verify extends OnStore {
        @Override
        int run(AuditLog log) throws SQLException {
            ChainReport report = log.verify();
            System.out.println(report.describe());
            return report.intact() ? 0 : BROKEN;
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Write every audit event as one JSON object per line, oldest first.")
    static final class Export extends OnStore {
        @Override
        int run(AuditLog log) throws SQLException {
            log.forEach(event -> System.out.println(event.toJson().encode()));
            return 0;
        }
    }
}
