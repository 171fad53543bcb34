package org.varde.gateway.spool;

import java.io.IOException;

/** The spool's file system has less free space than {@code storage.minFreeBytes}: no new instance starts. */
public final class SpoolSpaceException extends IOException {
    public SpoolSpaceException(long freeBytes, long minFreeBytes) {
        super(freeBytes + " bytes free on the spool's file system, below storage.minFreeBytes " + minFreeBytes);
    }
}
