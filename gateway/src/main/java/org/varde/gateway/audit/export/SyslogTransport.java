package org.varde.gateway.audit.export;

import java.io.Closeable;
import java.io.IOException;

/** Carries syslog messages to a collector. Not thread-safe: the exporter sends from one thread. */
interface SyslogTransport extends Closeable {

    void send(byte[] message) throws IOException;

    /** Closes quietly. */
    @Override
    void close();
}
