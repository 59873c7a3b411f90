package io.jdesk.peer.internal.rendezvous;

import java.net.InetSocketAddress;
import java.util.EnumMap;
import java.util.Map;

/**
 * peer.md §3.2: hbbs forwards each of the controller's (up to 3) PunchHoleRequests, so the device
 * remembers the last controller address and time, one slot for PunchHole/FetchLocalAddr and one
 * for RequestRelay, and drops a request for the same address within the window. Time is given
 * by the caller, in milliseconds. Thread-safe.
 */
final class DuplicateFilter {

    /** The two slots. */
    enum Kind {
        /** PunchHole and FetchLocalAddr share one slot. */
        PUNCH,
        RELAY
    }

    private record Last(InetSocketAddress peer, long at) {}

    private final long windowMillis;
    private final Map<Kind, Last> last = new EnumMap<>(Kind.class);

    DuplicateFilter(long windowMillis) {
        this.windowMillis = windowMillis;
    }

    /** @return false when this repeats the previous accepted request of {@code kind} within the window */
    synchronized boolean accept(Kind kind, InetSocketAddress peer, long now) {
        Last previous = last.get(kind);
        if (previous != null && previous.peer().equals(peer) && now - previous.at() < windowMillis) {
            return false;
        }
        last.put(kind, new Last(peer, now));
        return true;
    }
}
