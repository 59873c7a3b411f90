package io.jdesk.server.rendezvous;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;

/**
 * The connection log of the admin console's {@code punch-requests} (OSS {@code PUNCH_REQS},
 * spec/servers.md §4, §5.4 step 5): who asked to reach which ID. OSS keeps it unbounded
 * (§12 item 12); jdesk keeps the newest {@link #CAPACITY} entries. A request is not logged
 * again when the same requester IP asked for the same ID within {@link #DEDUPE_SECONDS} among
 * the last {@link #DEDUPE_WINDOW} entries, as OSS does. Thread-safe (synchronised; the log
 * is written once per PunchHoleRequest).
 */
final class PunchLog {

    /** Entries kept. */
    static final int CAPACITY = 10_000;
    /** OSS: an identical (from IP, to ID) entry younger than this is not repeated. */
    static final long DEDUPE_SECONDS = 60;
    /** OSS: how many recent entries the dedupe looks at. */
    static final int DEDUPE_WINDOW = 30;

    /** One logged request. */
    record Entry(Instant time, InetAddress from, String toId, InetAddress toIp) {}

    private final Deque<Entry> entries = new ArrayDeque<>();
    private final Clock clock;

    PunchLog(Clock clock) {
        this.clock = clock;
    }

    synchronized void add(InetAddress from, String toId, InetAddress toIp) {
        Instant now = clock.instant();
        Iterator<Entry> recent = entries.descendingIterator();
        for (int i = 0; i < DEDUPE_WINDOW && recent.hasNext(); i++) {
            Entry e = recent.next();
            if (e.from().equals(from) && e.toId().equals(toId)
                    && now.getEpochSecond() - e.time().getEpochSecond() < DEDUPE_SECONDS) {
                return;
            }
        }
        if (entries.size() == CAPACITY) {
            entries.removeFirst();
        }
        entries.addLast(new Entry(now, from, toId, toIp));
    }

    /** Up to {@code count} entries starting at {@code start}, newest first. */
    synchronized List<Entry> page(int start, int count) {
        List<Entry> out = new ArrayList<>(Math.min(count, entries.size()));
        Iterator<Entry> it = entries.descendingIterator();
        for (int i = 0; it.hasNext() && out.size() < count; i++) {
            Entry e = it.next();
            if (i >= start) {
                out.add(e);
            }
        }
        return out;
    }

    synchronized void clear() {
        entries.clear();
    }

    synchronized int size() {
        return entries.size();
    }
}
