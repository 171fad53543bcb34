package org.varde.gateway.cli;

import org.varde.gateway.audit.AuditLog;
import org.varde.gateway.audit.ChainReport;
import org.varde.gateway.config.ConfigException;
import org.varde.gateway.config.ConfigLoader;
import org.varde.gateway.config.GatewayConfig;
import org.varde.gateway.store.JdbcJournal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import org.varde.gateway.audit.CheckpointKeys;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.sql.SQLException;
import java.time.Clock;
import java.util.concurrent.Callable;

/**
 * {@code varde audit verify|export --config FILE}: the audit log in the store the config names
 * (docs/accountability.md). {@code verify} recomputes the hash chain, compares the signed
 * checkpoints and checks their signatures with the public key, and names the first broken row
 * (exit 1); {@code export} writes every event as JSON lines on standard output; {@code keygen}
 * makes the Ed25519 key pair the checkpoints are signed with.
 */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "Verify or export the audit log.",
        subcommands = {AuditCommand.Verify.class, AuditCommand.Export.class, AuditCommand.Keygen.class})
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
                this.gatewayConfig = gatewayConfig;
                return run(new AuditLog(store.dataSource(), Clock.systemUTC(), "cli", null));
            } catch (SQLException e) {
                System.err.println("cannot read the audit log: " + e.getMessage());
                return BROKEN;
            } finally {
                store.close();
            }
        }

        GatewayConfig gatewayConfig;

        abstract int run(AuditLog log) throws SQLException;
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Recompute the hash chain; exit 0 when intact, 1 naming the first broken row.")
    static final class Verify extends OnStore {
        @Option(names = "--public-key", paramLabel = "PEM",
                description = "the checkpoints' Ed25519 public key (default: audit.checkpoints.publicKey of the config)")
        Path publicKey;

        @Override
        int run(AuditLog log) throws SQLException {
            Path keyFile = publicKey != null ? publicKey : gatewayConfig.audit().checkpoints() == null ? null
                    : gatewayConfig.audit().checkpoints().publicKey();
            PublicKey key = null;
            if (keyFile != null) {
                try {
                    key = CheckpointKeys.readPublic(keyFile);
                } catch (IOException | GeneralSecurityException e) {
                    System.err.println("cannot read the public key " + keyFile + ": " + e.getMessage());
                    return BROKEN;
                }
            }
            ChainReport report = log.verify(key);
            System.out.println(report.describe());
            return report.intact() ? 0 : BROKEN;
        }
    }

    @Command(name = "keygen", mixinStandardHelpOptions = true,
            description = "Make an Ed25519 key pair for audit.checkpoints (the private key owner-only).")
    static final class Keygen implements Callable<Integer> {
        @Option(names = "--private", required = true, paramLabel = "PEM", description = "where the private key goes")
        Path privateKey;
        @Option(names = "--public", required = true, paramLabel = "PEM", description = "where the public key goes")
        Path publicKey;

        @Override
        public Integer call() {
            if (java.nio.file.Files.exists(privateKey) || java.nio.file.Files.exists(publicKey)) {
                System.err.println("refused: " + (java.nio.file.Files.exists(privateKey) ? privateKey : publicKey)
                        + " exists; a key the old checkpoints were signed with must not be overwritten");
                return BROKEN;
            }
            try {
                var pair = CheckpointKeys.generate(privateKey, publicKey);
                System.out.println("audit checkpoint key " + CheckpointKeys.keyId(pair.getPublic()) + ": private "
                        + privateKey + ", public " + publicKey + " (keep a copy of the public key away from the store)");
                return 0;
            } catch (IOException | GeneralSecurityException e) {
                System.err.println("cannot make the key pair: " + e.getMessage());
                return BROKEN;
            }
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
