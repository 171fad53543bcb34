package org.varde.gateway.cli;

import org.varde.gateway.config.ConfigException;
import org.varde.gateway.config.ConfigLoader;
import org.varde.gateway.config.GatewayConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code varde serve --config FILE}: run the gateway until the process is stopped. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the gateway.")
final class ServeCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "YAML configuration file")
    Path config;

    @Override
    public Integer call() throws Exception {
        GatewayConfig gatewayConfig;
        try {
            gatewayConfig = ConfigLoader.load(config);
        } catch (ConfigException e) {
            System.err.println("config error: " + e.getMessage());
            return VardeCommand.CONFIG_ERROR;
        }
        RunningGateway running;
        try {
            running = RunningGateway.start(gatewayConfig);
        } catch (Exception e) {
            LOG.error("gateway failed to start: {}", e.toString());
            System.err.println("start failed: " + e.getMessage());
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("stopping");
            try {
                running.close();
            } catch (Exception e) {
                LOG.warn("stop failed: {}", e.toString());
            }
        }, "varde-shutdown"));
        return VardeCommand.KEEP_RUNNING;
    }
}
