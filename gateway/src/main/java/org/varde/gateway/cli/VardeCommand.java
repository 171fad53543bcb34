package org.varde.gateway.cli;

import org.varde.gateway.Version;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

/** The top of the command tree; each job is a sub-command. */
@Command(name = "varde", mixinStandardHelpOptions = true, versionProvider = VardeCommand.VersionProvider.class,
        description = "Varde: AI orchestration gateway for radiology.",
        subcommands = {ServeCommand.class, SendCommand.class, GenerateCommand.class, DemoCommand.class,
                RoutesCommand.class, TokenCommand.class, AuditCommand.class, SandboxCommand.class})
public final class VardeCommand {
    /** Exit code of a command whose work continues on other threads (the gateway serving). */
    public static final int KEEP_RUNNING = -1;
    /** A config the gateway refuses to start with. */
    public static final int CONFIG_ERROR = 2;

    static final class VersionProvider implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"varde " + Version.CURRENT};
        }
    }
}
