package io.jdesk.server.rendezvous;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The relay servers handed to clients in PunchHole / FetchLocalAddr / RelayResponse, round
 * robin over the currently reachable ones (spec/servers.md §9.7). With none configured the
 * answer is the empty string: the official client then uses its own {@code relay-server}
 * option or the rendezvous host with port P+1 (§5.15), which is where {@code jdesk server}
 * runs its relay. Thread-safe; {@link RelayHealthCheck} narrows the reachable list, the admin
 * console replaces the configured one.
 */
final class RelaySelector {

    private final AtomicReference<List<String>> configured;
    private final AtomicReference<List<String>> reachable;
    private final AtomicInteger next = new AtomicInteger();

    RelaySelector(List<String> relays) {
        this.configured = new AtomicReference<>(List.copyOf(relays));
        this.reachable = new AtomicReference<>(List.copyOf(relays));
    }

    /** The next relay address, or "" when none is known. */
    String next() {
        List<String> list = reachable.get();
        if (list.isEmpty()) {
            return "";
        }
        return list.get(Math.floorMod(next.getAndIncrement(), list.size()));
    }

    List<String> configured() {
        return configured.get();
    }

    List<String> reachable() {
        return reachable.get();
    }

    /** A new configured list (console {@code rs}); all of it counts as reachable until checked. */
    void replace(List<String> relays) {
        configured.set(List.copyOf(relays));
        reachable.set(List.copyOf(relays));
    }

    /** The health check's verdict, a subset of {@link #configured()}. */
    void setReachable(List<String> relays) {
        reachable.set(List.copyOf(relays));
    }
}
