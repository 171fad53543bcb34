package org.varde.dicom.net;

import io.netty.buffer.AbstractByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ResourceLeakDetector;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Netty's leak detector, listened to: with {@code -Dio.netty.leakDetection.level=paranoid} (the
 * surefire argLine of dicom/ and gateway/) every buffer is tracked, and one that is collected
 * without having been released is reported; here the report fails the test instead of being a line
 * in a log nobody reads. The detector learns of a leak only after a collection, so {@link #collect}
 * collects and then makes it look.
 */
public final class PooledLeaks {
    private static final List<String> LEAKS = new CopyOnWriteArrayList<>();

    static {
        if (ResourceLeakDetector.getLevel() != ResourceLeakDetector.Level.PARANOID) {
            throw new IllegalStateException("run with -Dio.netty.leakDetection.level=paranoid (the surefire argLine)");
        }
        try {
            // the one detector every ByteBuf allocator tracks its buffers with; Netty has no public handle on it
            Field field = AbstractByteBuf.class.getDeclaredField("leakDetector");
            field.setAccessible(true);
            ((ResourceLeakDetector<?>) field.get(null)).setLeakListener((type, records) -> LEAKS.add(type + records));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot listen to Netty's leak detector", e);
        }
    }

    private PooledLeaks() {
    }

    /** Forgets what was reported before (by earlier tests in this JVM): call before the scenario. */
    public static void reset() {
        collect();
        LEAKS.clear();
    }

    /**
     * The leaks reported since {@link #reset}, after a few collections: each one lets the detector
     * see the buffers that became unreachable unreleased, when the next tracked allocation polls it.
     * Netty reports a given leak (by its access records) once per JVM.
     */
    public static List<String> collect() {
        for (int i = 0; i < 5; i++) {
            // a sentinel cleared by the same collection: once the reference handler has queued it, it
            // has had the collected buffers' references in hand too
            ReferenceQueue<Object> queued = new ReferenceQueue<>();
            WeakReference<Object> collected = new WeakReference<>(new Object(), queued);
            while (collected.get() != null) {
                System.gc();
            }
            try {
                if (queued.remove(10_000) == null) {
                    throw new IllegalStateException("a collected reference was not queued within 10 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            ByteBufAllocator.DEFAULT.directBuffer(1).release();
        }
        return new ArrayList<>(LEAKS);
    }
}
