package io.jdesk.server.rendezvous;

import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * What the punch broker needs to know about a target ID. Implemented over the peer registry
 * and the TCP device links by {@link RendezvousServer}.
 */
interface PeerLookup {

    /** A registered target as the broker sees it. */
    record Target(String id, byte[] pk, InetSocketAddress address, boolean online, Link link) {}

    /** Memory only, non-blocking: safe on an event loop. Empty when not in memory. */
    Optional<Target> findInMemory(String id);

    /** Memory, then the peer store: BLOCKING, never call on an event loop. */
    Optional<Target> find(String id);
}
