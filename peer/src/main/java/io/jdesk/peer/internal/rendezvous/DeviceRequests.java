package io.jdesk.peer.internal.rendezvous;

import com.google.protobuf.ByteString;
import io.jdesk.peer.ConnectPath;
import io.jdesk.peer.internal.PeerLink;
import io.jdesk.protocol.codec.AddrMangle;
import io.jdesk.protocol.proto.FetchLocalAddr;
import io.jdesk.protocol.proto.LocalAddr;
import io.jdesk.protocol.proto.NatType;
import io.jdesk.protocol.proto.PunchHole;
import io.jdesk.protocol.proto.PunchHoleSent;
import io.jdesk.protocol.proto.RelayResponse;
import io.jdesk.protocol.proto.RendezvousMessage;
import io.jdesk.protocol.proto.RequestRelay;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device's answers to a controller's request forwarded by hbbs (peer.md §3.3-3.6). Each
 * method blocks for the whole exchange (up to one accept timeout) and runs on its own incoming
 * thread of the {@link Mediator}; the connected stream goes to the session layer as a
 * {@link PeerLink}.
 *
 * <pre>
 * PunchHole      nat SYMMETRIC (either side) or force_relay → relay, we initiate
 *                else S = TCP to hbbs (shared port L); listen on L; knock L→A (30 ms);
 *                     PunchHoleSent on S; close S; accept one → DIRECT
 * FetchLocalAddr S = TCP to hbbs (shared port L); listen on L; LocalAddr{local_addr = L} on S;
 *                close S; accept one → LAN          (hbbs unreachable → relay, we initiate)
 * RequestRelay   RelayResponse ack on a new TCP to hbbs; RequestRelay{uuid} to hbbr → RELAY
 * </pre>
 *
 * jdesk opens the listener on L <em>before</em> telling hbbs (the official client closes S
 * first, then listens), so a controller that is quick to connect never meets a closed port.
 * The UDP/KCP punch (PunchHole.udp_port) and IPv6 are not implemented (peer.md §3.7 MAY); the
 * TCP punch answers those requests.
 */
final class DeviceRequests {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceRequests.class);

    private static final byte[] NO_PK = new byte[0];

    private final MediatorConfig config;
    private final Supplier<String> id;
    private final Supplier<NatType> nat;
    private final Consumer<PeerLink> incoming;
    private final Closer closer;
    private final Duration connectTimeout;
    private final Duration linger;
    /** Listeners waiting for a controller (up to 18 s each); they do not hold a request worker. */
    private final Semaphore listening;
    private final Executor waiters;

    /**
     * @param waiters runs the waits of punched and LAN listeners, at most {@code maxIncoming} at once;
     *     when all are taken the device answers with a relay instead
     */
    DeviceRequests(MediatorConfig config, Supplier<String> id, Supplier<NatType> nat, Consumer<PeerLink> incoming,
            Closer closer, Executor waiters) {
        this.config = config;
        this.id = id;
        this.nat = nat;
        this.incoming = incoming;
        this.closer = closer;
        this.connectTimeout = config.timings().connectTimeout();
        this.linger = config.timings().hbbsLinger();
        this.listening = new Semaphore(config.timings().maxIncoming());
        this.waiters = waiters;
    }

    /** peer.md §3.3 and §3.4. */
    void onPunchHole(InetSocketAddress hbbs, PunchHole ph) throws IOException {
        InetSocketAddress peer = AddrMangle.decode(ph.getSocketAddr().toByteArray());
        String relay = relayFor(ph.getRelayServer());
        NatType mine = nat.get();
        if (ph.getNatType() == NatType.SYMMETRIC || mine == NatType.SYMMETRIC || ph.getForceRelay()) {
            LOG.info("PunchHole from {}: relaying (their nat {}, ours {}, force_relay {})", peer, ph.getNatType(),
                    mine, ph.getForceRelay());
            relayAsInitiator(hbbs, ph.getSocketAddr(), relay);
            return;
        }
        if (!listening.tryAcquire()) {
            LOG.warn("PunchHole from {}: {} listeners already wait for controllers; relaying", peer,
                    config.timings().maxIncoming());
            relayAsInitiator(hbbs, ph.getSocketAddr(), relay);
            return;
        }
        RendezvousMessage sent = RendezvousMessage.newBuilder().setPunchHoleSent(PunchHoleSent.newBuilder()
                .setSocketAddr(ph.getSocketAddr()).setId(id.get()).setRelayServer(relay).setNatType(mine)
                .setVersion(config.version())).build();
        ServerSocket listener = null;
        FramedConnection s = closer.track(FramedConnection.open(hbbs, true, connectTimeout));
        try {
            InetSocketAddress local = s.localAddress();
            listener = closer.track(Sockets.listen(local));
            Sockets.knock(local, peer, config.timings().knockTimeout());
            s.send(sent);
            LOG.info("PunchHole from {}: PunchHoleSent, listening on {}", peer, local);
        } catch (IOException | RuntimeException e) {
            close(listener);
            listening.release();
            throw e;
        } finally {
            s.closeAfter(linger);
            closer.release(s);
        }
        awaitOne(listener, ConnectPath.DIRECT);
    }

    /** peer.md §3.5. */
    void onFetchLocalAddr(InetSocketAddress hbbs, FetchLocalAddr fla) throws IOException {
        InetSocketAddress peer = AddrMangle.decode(fla.getSocketAddr().toByteArray());
        String relay = relayFor(fla.getRelayServer());
        if (hbbs.getAddress() instanceof Inet4Address && listening.tryAcquire()) {
            ServerSocket listener = null;
            try {
                listener = answerLocalAddr(hbbs, peer, relay);
            } catch (IOException e) {
                LOG.info("FetchLocalAddr from {}: cannot answer ({}); relaying instead", peer, e.toString());
            }
            if (listener != null) {
                awaitOne(listener, ConnectPath.LAN);
                return;
            }
            listening.release();
        } else if (hbbs.getAddress() instanceof Inet4Address) {
            LOG.warn("FetchLocalAddr from {}: {} listeners already wait for controllers; relaying", peer,
                    config.timings().maxIncoming());
        }
        relayAsInitiator(hbbs, fla.getSocketAddr(), relay);
    }

    private ServerSocket answerLocalAddr(InetSocketAddress hbbs, InetSocketAddress peer, String relay)
            throws IOException {
        ServerSocket listener = null;
        FramedConnection s = closer.track(FramedConnection.open(hbbs, true, connectTimeout));
        try {
            InetSocketAddress local = s.localAddress();
            listener = closer.track(Sockets.listen(local));
            s.send(RendezvousMessage.newBuilder().setLocalAddr(LocalAddr.newBuilder()
                    .setId(id.get()).setSocketAddr(ByteString.copyFrom(AddrMangle.encode(peer)))
                    .setLocalAddr(ByteString.copyFrom(AddrMangle.encode(local))).setRelayServer(relay)
                    .setVersion(config.version())).build());
            LOG.info("FetchLocalAddr from {}: LocalAddr {}, listening", peer, local);
            return listener;
        } catch (IOException | RuntimeException e) {
            close(listener);
            throw e;
        } finally {
            s.closeAfter(linger);
            closer.release(s);
        }
    }

    /** peer.md §3.6, controller-initiated: acknowledge through hbbs, then join the named relay. */
    void onRequestRelay(InetSocketAddress hbbs, RequestRelay rr) throws IOException {
        String relay = relayFor(rr.getRelayServer());
        oneShot(hbbs, RendezvousMessage.newBuilder().setRelayResponse(RelayResponse.newBuilder()
                .setSocketAddr(rr.getSocketAddr()).setVersion(config.version())).build());
        Socket r = Relays.join(relay, RequestRelay.newBuilder().setLicenceKey(Endpoints.licenceKey(config.key()))
                .setUuid(rr.getUuid()).build(), connectTimeout, closer);
        LOG.info("RequestRelay from {}: joined relay {} (uuid {}, secure {})",
                AddrMangle.decode(rr.getSocketAddr().toByteArray()), relay, rr.getUuid(), rr.getSecure());
        deliver(new PeerLink(r, ConnectPath.RELAY, rr.getSecure(), NO_PK));
    }

    /** peer.md §3.6, device-initiated: a fresh uuid through hbbs to the controller, then the relay. */
    private void relayAsInitiator(InetSocketAddress hbbs, ByteString peer, String relay) throws IOException {
        String uuid = UUID.randomUUID().toString();
        oneShot(hbbs, RendezvousMessage.newBuilder().setRelayResponse(RelayResponse.newBuilder()
                .setSocketAddr(peer).setUuid(uuid).setRelayServer(relay).setId(id.get())
                .setVersion(config.version())).build());
        Socket r = Relays.join(relay, RequestRelay.newBuilder().setLicenceKey(Endpoints.licenceKey(config.key()))
                .setUuid(uuid).build(), connectTimeout, closer);
        LOG.info("joined relay {} (uuid {}) for {}", relay, uuid, AddrMangle.decode(peer.toByteArray()));
        deliver(new PeerLink(r, ConnectPath.RELAY, true, NO_PK));
    }

    /** One message on a fresh connection to hbbs, which is then closed. */
    private void oneShot(InetSocketAddress hbbs, RendezvousMessage m) throws IOException {
        FramedConnection s = closer.track(FramedConnection.open(hbbs, false, connectTimeout));
        try {
            s.send(m);
        } finally {
            s.closeAfter(linger);
            closer.release(s);
        }
    }

    /**
     * Hands the wait for the controller to a waiter thread, so the request worker is free at once;
     * releases the listener slot taken before the listener was opened.
     */
    private void awaitOne(ServerSocket listener, ConnectPath path) {
        try {
            waiters.execute(() -> {
                try {
                    acceptOne(listener, path);
                } catch (IOException | RuntimeException e) {
                    LOG.debug("{} listener {} ended: {}", path, listener.getLocalSocketAddress(), e.toString());
                } finally {
                    listening.release();
                }
            });
        } catch (RejectedExecutionException e) { // shutting down
            close(listener);
            listening.release();
        }
    }

    /** peer.md §3.4 step 5: one connection within the connect timeout, else the attempt just ends. */
    private void acceptOne(ServerSocket listener, ConnectPath path) throws IOException {
        try {
            listener.setSoTimeout(Sockets.millis(connectTimeout));
            Socket c = listener.accept();
            c.setTcpNoDelay(true);
            LOG.info("{} connection from {}", path, c.getRemoteSocketAddress());
            deliver(new PeerLink(c, path, true, NO_PK));
        } catch (SocketTimeoutException e) {
            LOG.info("no controller connected to {} within {} ms", listener.getLocalSocketAddress(),
                    connectTimeout.toMillis());
        } finally {
            close(listener);
        }
    }

    private void deliver(PeerLink link) {
        try {
            incoming.accept(link);
        } catch (RuntimeException e) {
            LOG.warn("the session layer refused {}: {}", link, e.toString());
            Sockets.closeQuietly(link.socket());
        }
    }

    private void close(ServerSocket listener) {
        if (listener != null) {
            closer.release(listener);
            Sockets.closeQuietly(listener);
        }
    }

    private String relayFor(String fromServer) {
        return Endpoints.relayFor(config.relayServer(), fromServer, config.server());
    }
}
