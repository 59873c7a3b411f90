package io.jdesk.server.fuzz;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** What happened to the inputs of one listener. Thread-safe. */
final class ListenerStats {

    /** How a stream input ended, seen from the client. */
    enum Outcome {
        /** the server closed (end of stream) after our FIN, or before */
        CLOSED,
        /** the server reset the connection */
        RESET,
        /** still open when the client stopped waiting (then reset by the client) */
        LEFT_OPEN,
        /** the WebSocket upgrade was refused (an HTTP error), then closed */
        UPGRADE_REFUSED,
        /** connect failed or timed out */
        CONNECT_FAILED
    }

    final LongAdder inputs = new LongAdder();
    final LongAdder bytesSent = new LongAdder();
    final LongAdder bytesReceived = new LongAdder();
    final Map<Outcome, LongAdder> outcomes = new ConcurrentHashMap<>();
    final Map<String, LongAdder> kinds = new ConcurrentHashMap<>();
    final Map<String, LongAdder> kindNanos = new ConcurrentHashMap<>();
    /** Inputs the client could not send (its own failure, not the server's). */
    final LongAdder driverErrors = new LongAdder();
    final AtomicLong nanos = new AtomicLong();

    // UDP
    final LongAdder replies = new LongAdder();
    final LongAdder replyBytes = new LongAdder();
    final LongAdder forwarded = new LongAdder();
    final LongAdder otherDatagrams = new LongAdder();
    final LongAdder apparentAmplified = new LongAdder();
    final AtomicLong maxReplyPermille = new AtomicLong();
    final AtomicLong maxReply = new AtomicLong();
    final LongAdder sendRetries = new LongAdder();
    final LongAdder unanswered = new LongAdder();
    final LongAdder unattributed = new LongAdder();

    // relay pairs
    final LongAdder pairs = new LongAdder();
    final LongAdder pairsNotFormed = new LongAdder();
    final LongAdder survivorClosedWithin1s = new LongAdder();
    final LongAdder survivorClosedLate = new LongAdder();
    final LongAdder survivorNotClosed = new LongAdder();
    final AtomicLong survivorMaxMillis = new AtomicLong();

    void count(String kind, Outcome outcome) {
        inputs.increment();
        kinds.computeIfAbsent(kind, k -> new LongAdder()).increment();
        if (outcome != null) {
            outcomes.computeIfAbsent(outcome, k -> new LongAdder()).increment();
        }
    }

    void time(String kind, long nanos) {
        kindNanos.computeIfAbsent(kind, k -> new LongAdder()).add(nanos);
    }

    /** Mean milliseconds per input by kind. */
    Map<String, String> kindMillis() {
        Map<String, String> m = new TreeMap<>();
        kindNanos.forEach((k, v) -> {
            long n = kinds.get(k) == null ? 1 : Math.max(1, kinds.get(k).sum());
            m.put(k, String.format("%.2f", v.sum() / 1e6 / n));
        });
        return m;
    }

    long outcome(Outcome o) {
        LongAdder a = outcomes.get(o);
        return a == null ? 0 : a.sum();
    }

    Map<String, Long> kindCounts() {
        Map<String, Long> m = new TreeMap<>();
        kinds.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }

    Map<String, Long> outcomeCounts() {
        Map<String, Long> m = new TreeMap<>();
        outcomes.forEach((k, v) -> m.put(k.name().toLowerCase(java.util.Locale.ROOT), v.sum()));
        return m;
    }

    static void max(AtomicLong a, long v) {
        a.accumulateAndGet(v, Math::max);
    }
}
