/**
 * hbbs rendezvous domain: the peer registry and its rate limits (servers.md §4, §5).
 *
 * <p>Concurrency: Netty event loops call the non-blocking parts of
 * {@link io.jdesk.server.rendezvous.PeerRegistry} (RegisterPeer, lookups in memory, online
 * states) concurrently; one store thread runs everything that touches the
 * {@link io.jdesk.server.store.PeerStore} for writing (RegisterPk) plus the periodic prune.
 * Time always comes from an injected {@link io.jdesk.server.rendezvous.MonotonicClock}.
 */
package io.jdesk.server.rendezvous;
