package org.varde.gateway.config;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The {@code node} section: names this gateway process among the nodes sharing one store. The id is
 * the owner of job leases and of study completions, so two processes must never share one.
 */
public record NodeSettings(String id) {
    /** hostname-pid: unique among processes on one store unless two hosts share a name. */
    public static String defaultId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        return host + "-" + ManagementFactory.getRuntimeMXBean().getPid();
    }
}
