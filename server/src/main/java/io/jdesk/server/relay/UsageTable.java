package io.jdesk.server.relay;

import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Usage of the active relays, for the console's {@code usage} command (spec/servers.md §9.6).
 * Each pair owns one row, labelled with the {@code ip:port} of its second-arriving side as in OSS;
 * unlike OSS two pairs with the same label (two WebSocket clients behind one proxy, port 0) keep
 * separate rows. Thread-safe: pairs update their own row from their event loops.
 */
final class UsageTable {

    private static final double BITS_PER_MEGABYTE = 8.0 * 1024 * 1024;

    private record Row(String label, Usage usage) {}

    private final Map<Object, Row> rows = new ConcurrentHashMap<>();

    void put(Object pair, String label, Usage usage) {
        rows.put(pair, new Row(label, usage));
    }

    void remove(Object pair) {
        rows.remove(pair);
    }

    int size() {
        return rows.size();
    }

    /**
     * One line per relay that has run at least one tick, highest total first:
     * {@code ip:port: {elapsed}s {MB, 2 decimals}MB {highest}kb/s {average}kb/s {current}kb/s}.
     */
    String format() {
        StringBuilder out = new StringBuilder();
        rows.values().stream().filter(r -> r.usage().elapsedMillis() > 0)
                .sorted(Comparator.comparingLong((Row r) -> r.usage().totalBits()).reversed())
                .forEach(r -> out.append(line(r.label(), r.usage())).append('\n'));
        return out.toString();
    }

    static String line(String label, Usage u) {
        return String.format(Locale.ROOT, "%s: %ds %.2fMB %dkb/s %dkb/s %dkb/s", label,
                u.elapsedMillis() / 1000, u.totalBits() / BITS_PER_MEGABYTE, u.highestBitsPerMs(),
                u.averageBitsPerMs(), u.lastBitsPerMs());
    }
}
