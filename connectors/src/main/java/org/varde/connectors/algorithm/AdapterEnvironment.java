package org.varde.connectors.algorithm;

import io.vertx.core.Vertx;

import org.varde.connectors.algorithm.ups.WorkitemBoard;

import java.util.Objects;

/**
 * What the gateway gives every protocol to build its adapter with.
 *
 * @param vertx          the gateway's Vert.x: adapters never block its event loops
 * @param callingAeTitle Varde's own AE title when it calls a DICOM vendor
 * @param workitemsOrNull the gateway's UPS worklist (the ups protocol schedules its workitems there);
 *                        null where none is kept: that protocol then has no adapter
 */
public record AdapterEnvironment(Vertx vertx, String callingAeTitle, WorkitemBoard workitemsOrNull) {
    public AdapterEnvironment(Vertx vertx, String callingAeTitle) {
        this(vertx, callingAeTitle, null);
    }

    public AdapterEnvironment {
        Objects.requireNonNull(vertx, "vertx");
        Objects.requireNonNull(callingAeTitle, "callingAeTitle");
    }
}
