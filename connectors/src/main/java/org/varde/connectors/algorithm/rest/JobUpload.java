package org.varde.connectors.algorithm.rest;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientRequest;

/** How a job's POST carries the instances: the request body's type and the writing of it. */
interface JobUpload {
    String contentType();

    /** Writes the whole body and ends the request; fails when a file cannot be read or the request breaks. */
    Future<Void> writeTo(Vertx vertx, HttpClientRequest request);
}
