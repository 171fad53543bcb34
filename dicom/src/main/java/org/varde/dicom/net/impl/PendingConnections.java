package org.varde.dicom.net.impl;

import java.util.HashMap;
import java.util.Map;

/**
 * TCP connections accepted that have not sent their A-ASSOCIATE-RQ yet (PS3.8 Sta2), counted from
 * accept, globally and per remote address. Without this a peer could open thousands of idle
 * connections (each holding a socket and buffers until ARTIM expires) and starve real senders;
 * with it the excess is closed at once and one address cannot take every slot. Vert.x spreads
 * connections over several event loops, hence synchronized (two map operations, uncontended).
 */
final class PendingConnections {
    private final int max;
    private final int maxPerHost;
    private final Map<String, Integer> perHost = new HashMap<>();
    private int total;

    PendingConnections(int max, int maxPerHost) {
        this.max = max;
        this.maxPerHost = maxPerHost;
    }

    /** Counts a new connection from {@code host}; false (and nothing counted) when a limit is reached. */
    synchronized boolean tryAdd(String host) {
        int fromHost = perHost.getOrDefault(host, 0);
        if (total >= max || fromHost >= maxPerHost) {
            return false;
        }
        total++;
        perHost.put(host, fromHost + 1);
        return true;
    }

    /** The connection from {@code host} associated or closed: it is pending no more. */
    synchronized void remove(String host) {
        Integer fromHost = perHost.get(host);
        if (fromHost == null) {
            return;
        }
        total--;
        if (fromHost <= 1) {
            perHost.remove(host);
        } else {
            perHost.put(host, fromHost - 1);
        }
    }

    synchronized int total() {
        return total;
    }
}
