package org.varde.gateway.cli;

import org.varde.gateway.access.ApiToken;
import org.varde.gateway.access.Role;
import org.varde.gateway.access.TokenStore;
import org.varde.gateway.config.ConfigException;
import org.varde.gateway.config.ConfigLoader;
import org.varde.gateway.config.GatewayConfig;
import org.varde.gateway.store.JdbcJournal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code varde token create|list|revoke --config FILE}: named API tokens in the store the config
 * names (docs/security.md). {@code create} prints the secret once, alone on standard output, so that
 * {@code T=$(./varde token create ...)} works; everything else goes to standard error.
 */
@Command(name = "token", mixinStandardHelpOptions = true, description = "Create, list and revoke API tokens.",
        subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Revoke.class})
final class TokenCommand {
    static final int NOT_FOUND = 3;

    /** What the three share: the config, and the store it names opened for one operation. */
    abstract static class OnStore implements Callable<Integer> {
        @Option(names = "--config", required = true, paramLabel = "FILE",
                description = "the gateway's YAML configuration (its store holds the tokens)")
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
                System.err.println(cannotOpen(e));
                return 1;
            }
            try {
                audit = new org.varde.gateway.audit.AuditLog(store.dataSource(), Clock.systemUTC(), "cli", null);
                return run(new TokenStore(store.dataSource(), Clock.systemUTC()));
            } catch (TokenStore.TokenException e) {
                System.err.println(e.getMessage());
                return VardeCommand.CONFIG_ERROR;
            } finally {
                store.close();
            }
        }

        /** Token changes are audit events, from the command line as from the API. */
        org.varde.gateway.audit.AuditTrail audit = org.varde.gateway.audit.AuditTrail.NONE;

        abstract int run(TokenStore tokens);

        /** H2 (SQLSTATE 90020) lets one process hold its file: the running gateway's. */
        private static String cannotOpen(RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (String.valueOf(t.getMessage()).contains("already in use")) {
                    return "the embedded database is in use by a running gateway: stop it first, or use the API "
                            + "with an admin token (POST /api/tokens, docs/api.md)";
                }
            }
            return "cannot open the store: " + e.getMessage();
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a token; its secret is printed once and not stored.")
    static final class Create extends OnStore {
        @Option(names = "--name", required = true, description = "a name for who or what uses it (1..64 characters)")
        String name;

        @Option(names = "--role", required = true, description = "viewer, operator, admin or vendor (a vendor token is named after its algorithm id)")
        String role;

        @Override
        int run(TokenStore tokens) {
            Optional<Role> parsed = Role.fromWord(role);
            if (parsed.isEmpty()) {
                System.err.println("--role must be one of " + Role.words() + ", was \"" + role + "\"");
                return VardeCommand.CONFIG_ERROR;
            }
            String secret = tokens.create(name, parsed.get(), "cli:" + System.getProperty("user.name", "?"));
            System.err.printf("token %s (%s) created. Its secret follows, shown this once: only its hash is kept.%n"
                    + "Use it as: Authorization: Bearer <secret>%n", name, parsed.get().word());
            audit.record(org.varde.gateway.audit.AuditEntry.of(org.varde.gateway.audit.Actor.cli(),
                    org.varde.gateway.audit.AuditAction.TOKEN_CREATED).detail("token " + name + " (" + parsed.get().word() + ")"));
            System.out.println(secret);
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List tokens (never their secrets).")
    static final class ListTokens extends OnStore {
        @Override
        int run(TokenStore tokens) {
            List<ApiToken> all = tokens.list();
            System.out.printf("%-32s %-9s %-24s %-24s %s%n", "NAME", "ROLE", "CREATED", "LAST USED", "CREATED BY");
            for (ApiToken t : all) {
                System.out.printf("%-32s %-9s %-24s %-24s %s%n", t.name(), t.role().word(), t.createdAt(),
                        t.lastUsedAt() == null ? "never" : t.lastUsedAt(), t.createdBy());
            }
            return 0;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Revoke a token: every node refuses it from the next request.")
    static final class Revoke extends OnStore {
        @Option(names = "--name", required = true, description = "the token's name")
        String name;

        @Override
        int run(TokenStore tokens) {
            if (!tokens.revoke(name)) {
                System.err.println("no token named \"" + name + "\"");
                return NOT_FOUND;
            }
            audit.record(org.varde.gateway.audit.AuditEntry.of(org.varde.gateway.audit.Actor.cli(),
                    org.varde.gateway.audit.AuditAction.TOKEN_REVOKED).detail("token " + name));
            System.err.println("token " + name + " revoked");
            return 0;
        }
    }
}
