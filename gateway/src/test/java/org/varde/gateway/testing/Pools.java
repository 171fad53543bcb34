package org.varde.gateway.testing;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import java.util.ArrayList;
import java.util.List;

/**
 * Connection pools a test opens on one database, one per simulated gateway node (each node has its
 * own pool in production), all closed together when the test ends.
 */
public final class Pools implements AutoCloseable {
    private static final int NODE_POOL_SIZE = 4;

    private final String name;
    private final List<HikariDataSource> pools = new ArrayList<>();

    /** @param name the pools' name prefix, seen in thread names and logs */
    public Pools(String name) {
        this.name = name;
    }

    /** A new pool on {@code database}, as a node would have. */
    public HikariDataSource open(TestDatabase database) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(database.jdbcUrl());
        config.setUsername(database.user());
        config.setMaximumPoolSize(NODE_POOL_SIZE);
        config.setPoolName(name + "-" + pools.size());
        HikariDataSource pool = new HikariDataSource(config);
        pools.add(pool);
        return pool;
    }

    @Override
    public void close() {
        pools.forEach(HikariDataSource::close);
        pools.clear();
    }
}
