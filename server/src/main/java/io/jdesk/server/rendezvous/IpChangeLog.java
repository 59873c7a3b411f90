package io.jdesk.server.rendezvous;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * OSS {@code IP_CHANGES} (servers.md §4, §5.3 step 7): per ID, the source IPs of accepted
 * RegisterPk requests that moved the ID to another IP, counted within a window of
 * {@link #IP_CHANGE_DUR}. Informational only (the admin console shows it); no decision reads it.
 *
 * <p>Bounded, unlike OSS: at most {@code capacity} IDs (least recently used dropped beyond) and
 * {@value #MAX_IPS_PER_ID} IPs per ID (further IPs in the same window are not recorded; the
 * per-peer RegisterPk limit allows about 80 per window anyway). {@link #prune} drops windows
 * that are over, which the next record would have restarted anyway.
 *
 * <p>Thread-safe (every method is {@code synchronized}); written by the store thread.
 */
final class IpChangeLog {

    /** Length of one counting window: OSS {@code IP_CHANGE_DUR} (servers.md §5.17). */
    static final Duration IP_CHANGE_DUR = Duration.ofSeconds(180);

    /** Most IPs counted per ID and window (jdesk bound; OSS has none). */
    static final int MAX_IPS_PER_ID = 32;

    private final Map<String, Window> windows;

    /** @param capacity most IDs tracked at once (least recently used dropped beyond) */
    IpChangeLog(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1; got " + capacity);
        }
        this.windows = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Window> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Records that {@code id} moved to {@code ip}. */
    synchronized void record(String id, IpKey ip, long now) {
        Window w = windows.get(id);
        if (w == null) {
            w = new Window(now);
            windows.put(id, w);
        } else if (Elapsed.wholeSecondsOver(w.startNanos, now, IP_CHANGE_DUR)) {
            w.startNanos = now;
            w.counts.clear();
        }
        Integer count = w.counts.get(ip);
        if (count != null) {
            w.counts.put(ip, count + 1);
        } else if (w.counts.size() < MAX_IPS_PER_ID) {
            w.counts.put(ip, 1);
        }
    }

    /** @return the IPs (as text) and counts recorded for {@code id} in its current window */
    synchronized Map<String, Integer> ipsOf(String id) {
        Window w = windows.get(id);
        Map<String, Integer> out = new LinkedHashMap<>();
        if (w != null) {
            w.counts.forEach((ip, n) -> out.put(ip.toString(), n));
        }
        return out;
    }

    /** Drops windows that are over. */
    synchronized void prune(long now) {
        for (Iterator<Window> it = windows.values().iterator(); it.hasNext(); ) {
            if (Elapsed.wholeSecondsOver(it.next().startNanos, now, IP_CHANGE_DUR)) {
                it.remove();
            }
        }
    }

    /** Console {@code ic <id> -}. */
    synchronized boolean remove(String id) {
        return windows.remove(id) != null;
    }

    /** @return number of IDs tracked */
    synchronized int size() {
        return windows.size();
    }

    private static final class Window {
        long startNanos;
        final Map<IpKey, Integer> counts = new LinkedHashMap<>();

        Window(long now) {
            startNanos = now;
        }
    }
}
