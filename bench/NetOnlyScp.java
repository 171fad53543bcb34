import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import org.varde.dicom.dimse.Status;
import org.varde.dicom.dimse.StoreSink;
import org.varde.dicom.net.AssociationListener;
import org.varde.dicom.net.DicomServer;
import org.varde.dicom.net.DicomServerOptions;

/**
 * Varde's network layer alone (association, PDU framing, DIMSE) with a sink that drops every
 * fragment and answers success at once: what ingest costs before the spool and the journal.
 * Run by bench/net-only.sh as a single-file program: java -cp varde.jar bench/NetOnlyScp.java PORT
 */
public final class NetOnlyScp {
    private static final StoreSink DISCARD = new StoreSink() {
        @Override
        public Future<Void> write(Buffer fragment) {
            return Future.succeededFuture();
        }

        @Override
        public Future<Status> end() {
            return Future.succeededFuture(Status.SUCCESS);
        }

        @Override
        public void abort(Throwable cause) {
        }
    };

    public static void main(String[] args) {
        DicomServer server = DicomServer.create(Vertx.vertx(),
                DicomServerOptions.defaults("NETONLY", "127.0.0.1", Integer.parseInt(args[0])),
                request -> DISCARD, new AssociationListener() { });
        System.out.println("listening on " + server.listen().await());
    }
}
