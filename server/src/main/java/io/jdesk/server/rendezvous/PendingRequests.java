package io.jdesk.server.rendezvous;

import java.net.InetSocketAddress;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Requesters waiting for a device's answer (OSS {@code tcp_punch}, spec/servers.md §4, §5.13),
 * keyed by the requester's normalised address, which is what the device echoes back in
 * {@code socket_addr}.
 *
 * <p>Beyond OSS (§12 item 3): each entry remembers which target ID the server contacted and
 * how, and expires; an answer (PunchHoleSent, LocalAddr, RelayResponse) is accepted only for
 * a live entry whose target and kind match, so a stranger who knows a waiting controller's
 * address cannot inject a response. The table is capped: when full, expired entries are
 * dropped and, failing that, the new request is refused. Thread-safe.
 */
final class PendingRequests {

    /** How the server contacted the target, which decides the answers it accepts. */
    enum Kind {
        /** PunchHole sent: PunchHoleSent or a RelayResponse carrying the target's ID may come back. */
        PUNCH,
        /** FetchLocalAddr sent: LocalAddr or a RelayResponse carrying the target's ID may come back. */
        LOCAL,
        /** RequestRelay forwarded: a RelayResponse without ID may come back. */
        RELAY
    }

    /** One waiting requester. */
    record Pending(Link requester, String targetId, Kind kind, long expiresNanos) {}

    private final Map<InetSocketAddress, Pending> table = new ConcurrentHashMap<>();
    private final int capacity;
    private final long lifetimeNanos;
    private final MonotonicClock clock;

    PendingRequests(int capacity, long lifetimeNanos, MonotonicClock clock) {
        this.capacity = capacity;
        this.lifetimeNanos = lifetimeNanos;
        this.clock = clock;
    }

    /**
     * Parks {@code requester} waiting for {@code targetId}; replaces an older entry of the
     * same address (OSS behaviour: one slot per address).
     *
     * @return false when the table is full of live entries (the request must be refused)
     */
    boolean park(Link requester, String targetId, Kind kind) {
        long now = clock.nanoTime();
        if (table.size() >= capacity && !table.containsKey(requester.remote())) {
            prune(now);
            if (table.size() >= capacity) {
                return false;
            }
        }
        table.put(requester.remote(), new Pending(requester, targetId, kind, now + lifetimeNanos));
        return true;
    }

    /**
     * Removes and returns the live entry for {@code requester} if it waits for
     * {@code targetId} (when given) and was contacted in one of the {@code accepted} ways.
     */
    Optional<Pending> take(InetSocketAddress requester, String targetId, Kind... accepted) {
        Pending p = table.get(requester);
        if (p == null || clock.nanoTime() - p.expiresNanos() > 0 || !p.requester().isOpen()) {
            return Optional.empty();
        }
        if (targetId != null && !targetId.equals(p.targetId())) {
            return Optional.empty();
        }
        for (Kind k : accepted) {
            if (k == p.kind()) {
                return table.remove(requester, p) ? Optional.of(p) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** Drops the entry of a requester whose connection closed. */
    void forget(Link requester) {
        table.computeIfPresent(requester.remote(), (k, p) -> p.requester() == requester ? null : p);
    }

    /** Drops expired entries. */
    void prune(long now) {
        for (Iterator<Pending> it = table.values().iterator(); it.hasNext(); ) {
            Pending p = it.next();
            if (now - p.expiresNanos() > 0 || !p.requester().isOpen()) {
                it.remove();
            }
        }
    }

    int size() {
        return table.size();
    }
}
