package io.jdesk.server.relay;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The unpaired connections by uuid (spec/servers.md §9.2), with a cap (OSS has none, §12 item 10)
 * in all and a cap per source (one IPv4 address or one IPv6 /64), so that one client cannot hold
 * every waiting slot and file descriptor.
 * Expiry is the caller's: it schedules {@link #remove} on the waiter's event loop after the
 * unpaired timeout, and closes the waiter only when that removal succeeded, so a waiter is either
 * paired or expired, never both.
 *
 * <p>A connection whose uuid finds a waiter is paired with it and the entry is gone: a third
 * connection with the same uuid becomes a new waiter with its own full wait, as in OSS (where a
 * reconnecting client would do exactly that). Thread-safe.
 */
final class PendingRelays {

    /** What {@link #offer} did. */
    enum Outcome { WAITING, PAIRED, FULL, FULL_FOR_SOURCE }

    /** @param partner the waiter taken from the table when {@code outcome} is PAIRED, else null */
    record Offer(Outcome outcome, RelayConnection partner) {}

    private final ConcurrentHashMap<String, RelayConnection> waiting = new ConcurrentHashMap<>();
    private final int capacity;
    private final int perSource;
    private final AtomicInteger size = new AtomicInteger();
    private final ConcurrentHashMap<Object, Integer> bySource = new ConcurrentHashMap<>();
    private final AtomicLong refusedForSource = new AtomicLong();

    PendingRelays(int capacity, int perSource) {
        this.capacity = capacity;
        this.perSource = perSource;
    }

    /** Takes the waiter of {@code c.uuid()}, or enters {@code c} as the waiter when there is none. */
    Offer offer(RelayConnection c) {
        Offer[] result = new Offer[1];
        waiting.compute(c.uuid(), (uuid, waiter) -> {
            if (waiter != null) {
                result[0] = new Offer(Outcome.PAIRED, waiter);
                release(waiter);
                return null;
            }
            if (!tryReserve()) {
                result[0] = new Offer(Outcome.FULL, null);
                return null;
            }
            if (!tryReserve(source(c))) {
                size.decrementAndGet();
                refusedForSource.incrementAndGet();
                result[0] = new Offer(Outcome.FULL_FOR_SOURCE, null);
                return null;
            }
            result[0] = new Offer(Outcome.WAITING, null);
            return c;
        });
        return result[0];
    }

    /** Removes {@code c} if it is still the waiter of its uuid; returns whether it was. */
    boolean remove(RelayConnection c) {
        boolean removed = waiting.remove(c.uuid(), c);
        if (removed) {
            release(c);
        }
        return removed;
    }

    /** Offers refused so far because their source had its cap of waiters. */
    long refusedForSource() {
        return refusedForSource.get();
    }

    /** Waiters from {@code c}'s source (its IPv4 address or IPv6 /64). */
    int fromSourceOf(RelayConnection c) {
        return bySource.getOrDefault(source(c), 0);
    }

    private void release(RelayConnection waiter) {
        size.decrementAndGet();
        bySource.computeIfPresent(source(waiter), (k, n) -> n <= 1 ? null : n - 1);
    }

    private boolean tryReserve(Object source) {
        boolean[] reserved = new boolean[1];
        bySource.compute(source, (k, n) -> {
            int now = n == null ? 0 : n;
            if (now >= perSource) {
                return n;
            }
            reserved[0] = true;
            return now + 1;
        });
        return reserved[0];
    }

    /** An IPv4 address as itself; an IPv6 address by its /64 (one subscriber's usual share). */
    static Object source(RelayConnection c) {
        InetAddress a = c.addr().getAddress();
        if (a instanceof Inet6Address) {
            return ByteBuffer.wrap(a.getAddress()).getLong();
        }
        return a;
    }

    int size() {
        return size.get();
    }

    private boolean tryReserve() {
        int n;
        do {
            n = size.get();
            if (n >= capacity) {
                return false;
            }
        } while (!size.compareAndSet(n, n + 1));
        return true;
    }
}
