package org.varde.gateway.cli;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import org.varde.dicom.dimse.Status;
import org.varde.dicom.dimse.StoreSink;
import org.varde.dicom.net.AssociationListener;
import org.varde.dicom.net.DicomServer;
import org.varde.dicom.net.DicomServerOptions;
import org.varde.gateway.routing.Algorithm;
import org.varde.gateway.routing.AlgorithmCatalogue;
import org.varde.gateway.routing.Endpoint;
import org.varde.gateway.routing.EndpointProtocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The demo's stand-in vendors: for every DICOM endpoint of the catalogue, a storage SCP built on
 * Varde's own {@link DicomServer} at that endpoint's host, port and AE title. It acknowledges and
 * discards every instance (a sandbox keeps no images) and counts them. Runs on its own Vert.x.
 */
final class SandboxVendors implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SandboxVendors.class);

    private final Vertx vertx = Vertx.vertx();
    private final List<DicomServer> servers = new ArrayList<>();
    private final Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
    private final List<String> unavailable = new ArrayList<>();
    /** Configured port → the free port a vendor listens on instead, when the configured one was taken. */
    private final Map<Integer, Integer> movedPorts = new TreeMap<>();

    static SandboxVendors start(AlgorithmCatalogue catalogue) throws Exception {
        SandboxVendors vendors = new SandboxVendors();
        Map<String, Endpoint> endpoints = new TreeMap<>();
        for (Algorithm algorithm : catalogue.algorithms()) {
            Endpoint e = algorithm.endpoint();
            if (e.protocol() == EndpointProtocol.DICOM) {
                endpoints.putIfAbsent(e.host() + ":" + e.port(), e);
            }
        }
        for (Endpoint endpoint : endpoints.values()) {
            vendors.listen(endpoint);
        }
        return vendors;
    }

    private void listen(Endpoint endpoint) {
        String ae = endpoint.aeTitle();
        received.put(ae, new AtomicInteger());
        try {
            listen(ae, endpoint.host(), endpoint.port());
        } catch (Exception taken) {
            // a developer machine (or another demo) may use the port: a free one serves the demo as well,
            // and the demo points its copy of the catalogue there (movedPorts)
            try {
                int port = listen(ae, endpoint.host(), 0);
                movedPorts.put(endpoint.port(), port);
                LOG.info("sandbox vendor {}: {}:{} is taken ({}), listening on port {}", ae, endpoint.host(),
                        endpoint.port(), taken.toString(), port);
            } catch (Exception e) {
                LOG.warn("sandbox vendor {} cannot listen on {}: {}", ae, endpoint.host(), e.toString());
                unavailable.add(ae + "@" + endpoint.host() + ":" + endpoint.port());
            }
        }
    }

    private int listen(String ae, String host, int port) throws Exception {
        DicomServerOptions options = DicomServerOptions.defaults(ae, host, port);
        DicomServer server = DicomServer.create(vertx, options, request -> discarding(ae), new AssociationListener() {
        });
        int bound = RunningGateway.await(server.listen());
        servers.add(server);
        return bound;
    }

    private StoreSink discarding(String ae) {
        return new StoreSink() {
            @Override
            public Future<Void> write(Buffer fragment) {
                return Future.succeededFuture();
            }

            @Override
            public Future<Status> end() {
                received.get(ae).incrementAndGet();
                return Future.succeededFuture(Status.SUCCESS);
            }

            @Override
            public void abort(Throwable cause) {
                // nothing kept, nothing to discard
            }
        };
    }

    /** Instances acknowledged per vendor AE title, in name order. */
    Map<String, Integer> received() {
        Map<String, Integer> counts = new TreeMap<>();
        received.forEach((ae, n) -> counts.put(ae, n.get()));
        return counts;
    }

    /** Configured port → the port the vendor really listens on, for the endpoints whose port was taken. */
    Map<Integer, Integer> movedPorts() {
        return Map.copyOf(movedPorts);
    }

    List<String> unavailable() {
        return List.copyOf(unavailable);
    }

    @Override
    public void close() throws Exception {
        for (DicomServer server : servers) {
            RunningGateway.await(server.close());
        }
        RunningGateway.await(vertx.close());
    }
}
