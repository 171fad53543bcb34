package org.varde.gateway.worklist;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.varde.gateway.testing.PostgresClassSchema;
import org.varde.gateway.testing.TestDatabase;

class PostgresWorkitemStoreTest extends WorkitemStoreContract {
    @RegisterExtension
    static final PostgresClassSchema SCHEMA = new PostgresClassSchema("workitems");

    @Override
    protected TestDatabase database() {
        return SCHEMA.get().emptied("ups_subscriptions", "workitem_instances", "workitems", "job_events", "jobs");
    }
}
