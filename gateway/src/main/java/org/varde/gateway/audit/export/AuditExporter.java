package org.varde.gateway.audit.export;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.varde.gateway.audit.AuditEvent;
import org.varde.gateway.audit.AuditHead;
import org.varde.gateway.audit.AuditLog;
import org.varde.gateway.store.Jdbc;

import javax.sql.DataSource;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends the audit log, in chain order, to an ATNA syslog collector as DICOM audit messages. The
 * store stays the record: the exporter follows it with a cursor ({@code audit_export}, V34), so a
 * collector that is down, or a restart, delays messages and loses none. A message is sent at least
 * once: a crash between the send and the cursor's commit sends it again (the description names the
 * event's sequence number, so a collector can tell).
 */
public final class AuditExporter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AuditExporter.class);

    private final DataSource dataSource;
    private final AuditLog log;
    private final DicomAuditMessage messages;
    private final SyslogTransport transport;
    private final String hostName;
    private final String appName;
    private final int batch;
    private final Counter sent;
    private final Counter failures;
    private final AtomicLong behind = new AtomicLong();
    private ScheduledExecutorService timer;
    private final Object exporting = new Object();
    private boolean failing;

    AuditExporter(DataSource dataSource, AuditLog log, DicomAuditMessage messages, SyslogTransport transport,
                  String hostName, String appName, int batch, MeterRegistry registry) {
        this.dataSource = dataSource;
        this.log = log;
        this.messages = messages;
        this.transport = transport;
        this.hostName = hostName;
        this.appName = appName;
        this.batch = batch;
        this.sent = registry == null ? null : Counter.builder("varde_audit_export_sent_total")
                .description("Audit events sent to the syslog collector").register(registry);
        this.failures = registry == null ? null : Counter.builder("varde_audit_export_failures_total")
                .description("Failed attempts to send audit events to the syslog collector").register(registry);
        if (registry != null) {
            Gauge.builder("varde_audit_export_behind_events", behind, AtomicLong::get)
                    .description("Audit events recorded but not yet sent to the syslog collector").register(registry);
        }
    }

    /** Exports every {@code interval} on a thread of its own (JDBC and socket writes block). */
    public synchronized void start(Duration interval) {
        if (timer != null) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "varde-audit-export");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::exportQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void exportQuietly() {
        try {
            exportOnce();
        } catch (SQLException | RuntimeException e) {
            LOG.warn("audit export: cannot read the audit log: {}", e.toString());
        }
    }

    /**
     * Sends what follows the cursor, up to one batch, and moves the cursor past what the collector
     * took. Blocking.
     *
     * @return the number of events sent
     */
    public int exportOnce() throws SQLException {
        synchronized (exporting) {
            return exportBatch();
        }
    }

    private int exportBatch() throws SQLException {
        int count = Jdbc.transaction(dataSource, c -> {
            long cursor;
            try (PreparedStatement ps = c.prepareStatement("SELECT last_seq FROM audit_export WHERE id = 1 FOR UPDATE");
                 ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("audit_export has no row: the schema is damaged");
                }
                cursor = rs.getLong(1);
            }
            List<AuditEvent> events = log.after(cursor, batch);
            long last = cursor;
            int n = 0;
            for (AuditEvent event : events) {
                byte[] message = SyslogMessage.of(event.at(), hostName, appName, event.node(), messages.xml(event));
                try {
                    transport.send(message);
                } catch (IOException e) {
                    failed(event, e);
                    break;
                }
                last = event.seq();
                n++;
            }
            if (last != cursor) {
                Jdbc.update(c, "UPDATE audit_export SET last_seq = ? WHERE id = 1", last);
            }
            return n;
        });
        if (count > 0) {
            if (sent != null) {
                sent.increment(count);
            }
            if (failing) {
                LOG.info("audit export: the syslog collector takes messages again");
                failing = false;
            }
        }
        behind.set(Math.max(0, headSeq() - cursor()));
        return count;
    }

    private void failed(AuditEvent event, IOException e) {
        if (failures != null) {
            failures.increment();
        }
        if (!failing) {
            // once per outage at WARN: the collector may be down for hours and the log must stay readable
            LOG.warn("audit export: cannot send event {} to the syslog collector, will retry: {}", event.seq(),
                    e.toString());
            failing = true;
        } else {
            LOG.debug("audit export: event {} still not sent: {}", event.seq(), e.toString());
        }
    }

    /** The sequence number of the last event sent. */
    public long cursor() throws SQLException {
        return Jdbc.transaction(dataSource, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT last_seq FROM audit_export WHERE id = 1");
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    private long headSeq() throws SQLException {
        return Jdbc.transaction(dataSource, c -> AuditHead.read(c).map(AuditHead::seq).orElse(0L));
    }

    @Override
    public void close() {
        stopTimer();
        synchronized (exporting) {
            transport.close();
        }
    }

    private synchronized void stopTimer() {
        if (timer != null) {
            timer.shutdownNow();
            try {
                timer.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            timer = null;
        }
    }
}
