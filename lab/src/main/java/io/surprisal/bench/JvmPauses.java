package io.surprisal.bench;

import com.sun.management.GarbageCollectionNotificationInfo;

import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The JVM's stop-the-world collections during a measured stretch: how many, their time, the longest. The bench's
 * broker, clients and Kafka Streams share one JVM, so a collection stops them all at once and delays every point
 * in flight: this tells a latency tail the collector caused from one the detector caused. Counts and times come
 * from the collectors' beans (exact); the longest pause from their notifications, which arrive shortly after each
 * collection (one in the stretch's last moments may be missing from it).
 */
final class JvmPauses implements AutoCloseable {
    /** The figures of one stretch. */
    record Report(long pauses, double pauseMs, double longestPauseMs) {
        String describe() {
            return String.format(Locale.ROOT, "gc_pauses=%d gc_pause_ms=%.1f gc_longest_pause_ms=%.1f",
                    pauses, pauseMs, longestPauseMs);
        }
    }

    private final List<GarbageCollectorMXBean> collectors = pausing(ManagementFactory.getGarbageCollectorMXBeans());
    private final long countStart;
    private final long timeStart;
    private final AtomicLong longestMs = new AtomicLong();
    private final List<NotificationEmitter> listenedTo = new ArrayList<>();
    private final NotificationListener listener = this::onCollection;

    JvmPauses() {
        countStart = collectors.stream().mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
        timeStart = collectors.stream().mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
        for (GarbageCollectorMXBean gc : collectors) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(listener, null, null);
                listenedTo.add(emitter);
            }
        }
    }

    /** What happened since construction. */
    Report report() {
        long count = collectors.stream().mapToLong(GarbageCollectorMXBean::getCollectionCount).sum() - countStart;
        long time = collectors.stream().mapToLong(GarbageCollectorMXBean::getCollectionTime).sum() - timeStart;
        return new Report(count, time, Math.min(time, longestMs.get()));
    }

    @Override
    public void close() {
        for (NotificationEmitter emitter : listenedTo) {
            try {
                emitter.removeNotificationListener(listener);
            } catch (ListenerNotFoundException e) {
                // already gone
            }
        }
    }

    private void onCollection(Notification n, Object handback) {
        if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
            var info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
            if (!concurrent(info.getGcName())) {
                longestMs.accumulateAndGet(info.getGcInfo().getDuration(), Math::max);
            }
        }
    }

    /**
     * The collectors whose time is time the application stood still: G1's young and full collections, say, but not
     * the beans that count concurrent cycles (G1's from JDK 20, ZGC's and Shenandoah's "Cycles"), which run beside it.
     */
    static List<GarbageCollectorMXBean> pausing(List<GarbageCollectorMXBean> all) {
        return all.stream().filter(gc -> !concurrent(gc.getName())).toList();
    }

    private static boolean concurrent(String collectorName) {
        return collectorName.contains("Concurrent") || collectorName.contains("Cycles");
    }
}
