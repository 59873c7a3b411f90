/**
 * The rendezvous layer of the peer library: everything between a peer and hbbs/hbbr up to a
 * connected TCP stream to the other peer (peer.md §1-4). The session layer gets that stream as a
 * {@link io.jdesk.peer.internal.PeerLink} and runs the handshake of §5 on it.
 *
 * <ul>
 *   <li>Device side: {@link io.jdesk.peer.internal.rendezvous.Mediator} with its
 *       {@link io.jdesk.peer.internal.rendezvous.MediatorConfig}: registration over UDP
 *       ({@code UdpRun}) or TCP with KeyExchange ({@code TcpRun}), timed by the pure
 *       {@code RegistrationSchedule}; incoming requests answered by {@code DeviceRequests}.</li>
 *   <li>Controller side: {@link io.jdesk.peer.internal.rendezvous.Dialer} with its
 *       {@link io.jdesk.peer.internal.rendezvous.DialerConfig}.</li>
 *   <li>Shared: {@link io.jdesk.peer.internal.rendezvous.Timings} (the §8.1 constants),
 *       {@code FramedConnection} (bounded framed hbbs connection, {@code secure_tcp}),
 *       {@code Sockets} (shared-port sockets, listeners, the knock), {@code Relays},
 *       {@code NatTest}, {@code Endpoints}.</li>
 * </ul>
 *
 * <h2>Concurrency</h2>
 * Plain blocking {@code java.net} sockets, no Netty. A Mediator has one loop thread that owns
 * the registration socket and does all registration I/O, plus one thread per incoming request
 * (capped) and a short-lived NAT-test thread; every socket those threads block on is tracked by a
 * {@code Closer}, so {@code close()} unblocks them by closing the sockets. The schedule, the
 * duplicate filter and the counters are the only state shared between threads, and are
 * thread-safe. A Dialer keeps no per-dial state between calls (only the cached NAT type), so
 * several threads may dial at once, each blocking for its own attempt.
 *
 * <h2>Differences from the official client (all on purpose)</h2>
 * <ul>
 *   <li>The device listens on the punched port before it sends PunchHoleSent / LocalAddr, not
 *       after: a controller that connects quickly never finds the port closed.</li>
 *   <li>One-shot connections to hbbs half-close and read until hbbs closes (at most
 *       {@link io.jdesk.peer.internal.rendezvous.Timings#hbbsLinger()}), so an unread KeyExchange
 *       greeting does not turn the close into a reset.</li>
 *   <li>Datagrams from anyone but hbbs are ignored.</li>
 *   <li>A RegisterPeer follows the RegisterPk OK at once (peer.md §2.3 allows it); each start of
 *       the loop begins with a RegisterPk.</li>
 *   <li>{@code AUTO} mode falls back from UDP to TCP registration after unanswered UDP
 *       registrations, and back to UDP after a failed TCP start.</li>
 *   <li>With force relay the controller does not make the direct attempt it would discard.</li>
 *   <li>Not implemented (peer.md MAY): UDP/KCP and IPv6 punching, WebSocket mode, proxies, the
 *       public-server growth of the registration timeout, the per-peer memory of failed direct
 *       attempts, several rendezvous servers.</li>
 * </ul>
 *
 * <h2>Test hooks</h2>
 * {@link io.jdesk.peer.internal.rendezvous.DialerConfig#attemptDirect()} = false skips the direct
 * connect so that the controller-initiated relay runs; {@code Timings} shortens every wait.
 */
package io.jdesk.peer.internal.rendezvous;
