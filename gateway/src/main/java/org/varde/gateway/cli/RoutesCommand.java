package org.varde.gateway.cli;

import picocli.CommandLine.Command;

/** {@code varde routes …}: look at the routing configuration without running a gateway. */
@Command(name = "routes", mixinStandardHelpOptions = true, description = "Routing: explain decisions (dry run).",
        subcommands = {ExplainCommand.class})
final class RoutesCommand {
}
