package org.varde.connectors.algorithm;

import io.vertx.core.Vertx;

import java.util.Objects;

/**
 * What the gateway gives every protocol to build its adapter with.
 *
 * @param vertx          the gateway's Vert.x: adapters never block its event loops
 * @param callingAeTitle Varde's own AE title when it calls a DICOM vendor
 */
public record AdapterEnvironment(Vertx vertx, String callingAeTitle) {
    public AdapterEnvironment {
        Objects.requireNonNull(vertx, "vertx");
        Objects.requireNonNull(callingAeTitle, "callingAeTitle");
    }
}
