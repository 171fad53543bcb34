package org.varde.gateway.orchestration;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.varde.gateway.config.ConfigException;
import org.varde.gateway.config.ConfigLoader;
import org.varde.gateway.config.GatewayConfig;
import org.varde.gateway.routing.RoutingConfig;
import org.varde.gateway.routing.RoutingConfigException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Applies a changed configuration without a restart: on {@link #reload} (the API) and when the config
 * file, the catalogue or the routes change on disk (their modification times are compared every
 * {@code checkMillis}). A new configuration that fails validation is refused with an ERROR naming the
 * file and key, shown in {@link #status()}, and the old one stays in force. Only routing, completion
 * defaults and job lease/attempts take effect live; a change of anything else (ports, storage, store,
 * node id, dispatch AE, backoff, outputs) is logged as needing a restart and not applied.
 */
public final class ConfigReloader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigReloader.class);

    private final Vertx vertx;
    private final Context context;
    private final LiveConfig live;
    private final Clock clock;
    private volatile ConfigStatus status;
    private List<Stamp> lastSeen = List.of();
    private long watchTimer = -1;
    private Future<ConfigStatus> running;

    private record Stamp(Path file, long modified, long size) {
    }

    public ConfigReloader(Vertx vertx, LiveConfig live, Clock clock) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.live = live;
        this.clock = clock;
        this.status = ConfigStatus.loaded(clock.instant());
    }

    public ConfigStatus status() {
        return status;
    }

    /** Watches the files of the configuration in force; nothing to watch for a config built in code. */
    public Future<Void> watch(long checkMillis) {
        return context.executeBlocking(() -> {
            lastSeen = stamps();
            return null;
        }, false).map(v -> {
            watchTimer = vertx.setPeriodic(checkMillis, id -> checkFiles());
            return null;
        });
    }

    private void checkFiles() {
        if (running != null) {
            return;
        }
        context.executeBlocking(this::stamps, false).onSuccess(now -> {
            if (!now.equals(lastSeen)) {
                lastSeen = now;
                reload("files changed");
            }
        });
    }

    /** Reads the config file again and applies it if it is valid; the future has the resulting status. */
    public Future<ConfigStatus> reload() {
        return reload("requested");
    }

    private synchronized Future<ConfigStatus> reload(String cause) {
        if (running != null) {
            return running;
        }
        Path source = live.current().config().source();
        Future<ConfigStatus> reload = context.executeBlocking(() -> apply(source, cause), false);
        running = reload;
        reload.onComplete(r -> {
            synchronized (this) {
                running = null;
            }
        });
        return reload;
    }

    private ConfigStatus apply(Path source, String cause) {
        if (source == null) {
            status = status.refused("the configuration was not read from a file; nothing to reload", clock.instant());
            return status;
        }
        GatewayConfig old = live.current().config();
        try {
            GatewayConfig next = ConfigLoader.load(source);
            // outputs take effect at a restart: the routing is checked against the ones in force
            RoutingConfig routing = RoutingFiles.load(next.routing(), old.outputs().names());
            warnRestartOnly(old, next);
            GatewayConfig effective = old.withRouting(next.routing()).withCompletion(next.completion())
                    .withSites(next.sites())
                    .withJobs(new org.varde.gateway.config.JobSettings(next.jobs().lease(), next.jobs().maxAttempts(),
                            old.jobs().backoff()));
            live.swap(effective, routing);
            status = ConfigStatus.loaded(clock.instant());
            LOG.info("configuration reloaded ({}): {} algorithms, {} routes", cause,
                    routing.catalogue().algorithms().size(), routing.routes().routes().size());
        } catch (ConfigException | RoutingConfigException e) {
            status = status.refused(source + ": " + e.getMessage(), clock.instant());
            LOG.error("configuration reload refused ({}), the configuration in force is kept: {}", cause,
                    status.lastError());
        } catch (RuntimeException e) {
            status = status.refused(e.toString(), clock.instant());
            LOG.error("configuration reload failed ({}), the configuration in force is kept: {}", cause, e.toString());
        }
        return status;
    }

    private static void warnRestartOnly(GatewayConfig old, GatewayConfig next) {
        List<String> changed = new ArrayList<>();
        compare(changed, "dicom", old.dicom(), next.dicom());
        compare(changed, "http", old.http(), next.http());
        compare(changed, "storage", old.storage(), next.storage());
        compare(changed, "store", old.store(), next.store());
        compare(changed, "node", old.node(), next.node());
        compare(changed, "dispatch", old.dispatch(), next.dispatch());
        compare(changed, "outputs", old.outputs(), next.outputs());
        compare(changed, "jobs.backoff", old.jobs().backoff(), next.jobs().backoff());
        if (!changed.isEmpty()) {
            LOG.warn("configuration sections {} changed: they take effect after a restart", changed);
        }
    }

    private static void compare(List<String> changed, String section, Object old, Object next) {
        if (!Objects.equals(old, next)) {
            changed.add(section);
        }
    }

    /** Modification time and size of the config file, the catalogue and the routes in force. */
    private List<Stamp> stamps() {
        GatewayConfig config = live.current().config();
        List<Stamp> stamps = new ArrayList<>();
        for (Path file : new Path[] {config.source(), config.routing().algorithms(), config.routing().routes()}) {
            if (file != null) {
                stamps.add(stamp(file));
            }
        }
        return stamps;
    }

    private static Stamp stamp(Path file) {
        try {
            return new Stamp(file, Files.getLastModifiedTime(file).toMillis(), Files.size(file));
        } catch (IOException e) {
            // a file being replaced (editors write a new file and rename it) is missing for a moment
            return new Stamp(file, -1, -1);
        }
    }

    @Override
    public void close() {
        if (watchTimer >= 0) {
            vertx.cancelTimer(watchTimer);
        }
    }
}
