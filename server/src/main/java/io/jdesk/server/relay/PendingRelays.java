package io.jdesk.server.relay;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The unpaired connections by uuid (spec/servers.md §9.2), with a cap (OSS has none, §12 item 10).
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
    enum Outcome { WAITING, PAIRED, FULL }

    /** @param partner the waiter taken from the table when {@code outcome} is PAIRED, else null */
    record Offer(Outcome outcome, RelayConnection partner) {}

    private final ConcurrentHashMap<String, RelayConnection> waiting = new ConcurrentHashMap<>();
    private final int capacity;
    private final AtomicInteger size = new AtomicInteger();

    PendingRelays(int capacity) {
        this.capacity = capacity;
    }

    /** Takes the waiter of {@code c.uuid()}, or enters {@code c} as the waiter when there is none. */
    Offer offer(RelayConnection c) {
        Offer[] result = new Offer[1];
        waiting.compute(c.uuid(), (uuid, waiter) -> {
            if (waiter != null) {
                result[0] = new Offer(Outcome.PAIRED, waiter);
                size.decrementAndGet();
                return null;
            }
            if (!tryReserve()) {
                result[0] = new Offer(Outcome.FULL, null);
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
            size.decrementAndGet();
        }
        return removed;
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
