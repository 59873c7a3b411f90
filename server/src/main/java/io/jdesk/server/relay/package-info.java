/**
 * The hbbr-compatible relay (spec/servers.md §9, §11.2, §11.3): {@link io.jdesk.server.relay.RelayServer}
 * with its {@link io.jdesk.server.relay.RelayConfig}, the live {@link io.jdesk.server.relay.BandwidthControl},
 * the {@link io.jdesk.server.relay.IpList}s and the {@link io.jdesk.server.relay.RelayConsole}.
 *
 * <h2>Concurrency</h2>
 * <ul>
 *   <li>Each accepted connection lives on one worker event loop; its accept stage
 *       ({@code FirstFrameDecoder}, {@code RelayAcceptHandler}) is confined to it.</li>
 *   <li>When two connections pair, the second is deregistered and registered again on the first
 *       one's loop ({@code RelayPair.pair}); from then on the pair ({@code RelayPair},
 *       {@code PipeHandler}, {@code PairMeter}, {@code Splicer}) and both pipelines run on that
 *       loop only. No locks, no cross-thread writes.</li>
 *   <li>Shared by all loops, and thread-safe: {@code PendingRelays} (the unpaired table,
 *       a concurrent map with an atomic size), the {@code IpList}s (concurrent maps),
 *       {@code BandwidthControl} (one immutable {@code Bandwidth} swapped atomically, and the total
 *       {@code TokenBucket}, synchronised), {@code UsageTable} and {@code RelayStats}.</li>
 *   <li>The console runs on the loop of the admin connection and only touches the shared state.</li>
 *   <li>Nothing blocks an event loop: limits delay the next {@code read()} with a scheduled task;
 *       list files are read once, when the server is constructed.</li>
 * </ul>
 */
package io.jdesk.server.relay;
