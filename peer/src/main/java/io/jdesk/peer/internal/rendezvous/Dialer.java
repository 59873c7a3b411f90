package io.jdesk.peer.internal.rendezvous;

import io.jdesk.peer.ConnectPath;
import io.jdesk.peer.PeerException;
import io.jdesk.peer.PeerException.Reason;
import io.jdesk.peer.internal.PeerLink;
import io.jdesk.protocol.codec.AddrMangle;
import io.jdesk.protocol.proto.ConnType;
import io.jdesk.protocol.proto.NatType;
import io.jdesk.protocol.proto.PunchHoleRequest;
import io.jdesk.protocol.proto.PunchHoleResponse;
import io.jdesk.protocol.proto.RelayResponse;
import io.jdesk.protocol.proto.RendezvousMessage;
import io.jdesk.protocol.proto.RequestRelay;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller's way to a device (peer.md §4): PunchHoleRequest through hbbs, then a direct or
 * LAN connection from the port of the hbbs connection, or a relay. The result is a connected
 * {@link PeerLink} carrying the server-signed {@code IdPk} for the session layer to verify.
 *
 * <pre>
 * hbbs: PunchHoleRequest ×3 (answer waits 3 s, 6 s, 9 s)
 *   PunchHoleResponse failure      → PeerException (ID_NOT_EXIST, OFFLINE, KEY_MISMATCH, ...)
 *   PunchHoleResponse{socket_addr} → TCP connect from our hbbs port (timeout §4.4) → DIRECT / LAN
 *                                    failed or force relay → RequestRelay via hbbs (×3), join hbbr
 *   RelayResponse{uuid, pk}        → the device chose a relay: join hbbr with its uuid
 * </pre>
 *
 * Blocking; thread-safe (one Dialer may dial from several threads). The UDP/KCP and IPv6 races
 * of §4.4 are not implemented; neither is the per-peer memory of direct failures.
 */
public final class Dialer {

    private static final Logger LOG = LoggerFactory.getLogger(Dialer.class);

    /** PunchHoleRequest attempts (peer.md §4.3). */
    static final int PUNCH_ATTEMPTS = 3;

    /** RequestRelay attempts, each on a new connection to hbbs (peer.md §4.5). */
    static final int RELAY_ATTEMPTS = 3;

    /** The direct timeout is this many punch times when nothing better is known (peer.md §4.4). */
    static final int PUNCH_TIME_FACTOR = 6;

    private final DialerConfig config;
    private volatile NatType natType = NatType.UNKNOWN_NAT;

    public Dialer(DialerConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** The hbbs answer that ends the punch loop: a peer address, or the device's relay choice. */
    private record Answer(InetSocketAddress myAddr, PunchHoleResponse response, RelayResponse relay, long punchMillis) {}

    /**
     * Connects to the device registered as {@code id}.
     *
     * @throws PeerException ID_NOT_EXIST, OFFLINE, KEY_MISMATCH, KEY_OVERUSE with the official
     *     texts when hbbs refuses; NETWORK when no path works
     */
    public PeerLink dial(String id, ConnType connType) throws PeerException {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(connType, "connType");
        InetSocketAddress hbbs;
        try {
            hbbs = Endpoints.resolve(config.server(), Endpoints.RENDEZVOUS_PORT);
        } catch (IOException e) {
            throw new PeerException(Reason.NETWORK, "Failed to resolve rendezvous server " + config.server(), e);
        }
        NatType own = ownNatType(hbbs);
        Answer answer = punch(hbbs, id, connType, own);
        if (answer.relay() != null) {
            RelayResponse rr = answer.relay();
            String relay = rr.getRelayServer().isEmpty() ? Endpoints.relayFor("", "", config.server())
                    : rr.getRelayServer();
            LOG.info("{} chose a relay: {} (uuid {})", id, relay, rr.getUuid());
            return createRelay(relay, rr.getUuid(), id, connType, rr.getPk().toByteArray());
        }
        return afterPunch(hbbs, id, connType, own, answer);
    }

    /** Our NAT type: measured once (peer.md §2.6) when the config asks for it, UNKNOWN otherwise. */
    private NatType ownNatType(InetSocketAddress hbbs) {
        NatType n = natType;
        if (n == NatType.UNKNOWN_NAT && config.natTest()) {
            n = NatTest.run(hbbs, Endpoints.natPort(hbbs), 0, config.timings(), null);
            natType = n;
        }
        return n;
    }

    /** peer.md §4.2, §4.3. */
    private Answer punch(InetSocketAddress hbbs, String id, ConnType connType, NatType own) throws PeerException {
        Timings t = config.timings();
        long start = now();
        FramedConnection c;
        try {
            c = FramedConnection.open(hbbs, true, t.connectTimeout());
        } catch (IOException e) {
            throw new PeerException(Reason.NETWORK, "Failed to connect to rendezvous server " + config.server(), e);
        }
        RendezvousMessage request = RendezvousMessage.newBuilder().setPunchHoleRequest(PunchHoleRequest.newBuilder()
                .setId(id).setNatType(config.forceRelay() ? NatType.SYMMETRIC : own)
                .setLicenceKey(Endpoints.licenceKey(config.key())).setConnType(connType)
                .setVersion(config.version()).setForceRelay(config.forceRelay())).build();
        try (c) {
            InetSocketAddress myAddr = c.localAddress();
            for (int i = 1; i <= PUNCH_ATTEMPTS; i++) {
                c.send(request);
                long deadline = now() + i * t.punchWaitStep().toMillis();
                Optional<RendezvousMessage> m;
                while ((m = c.readMessage(Duration.ofMillis(Math.max(0, deadline - now())), true)).isPresent()) {
                    if (m.get().hasPunchHoleResponse()) {
                        PunchHoleResponse r = m.get().getPunchHoleResponse();
                        if (r.getSocketAddr().isEmpty()) {
                            throw refusal(r);
                        }
                        return new Answer(myAddr, r, null, now() - start);
                    }
                    if (m.get().hasRelayResponse()) {
                        return new Answer(myAddr, null, m.get().getRelayResponse(), now() - start);
                    }
                    LOG.debug("ignored {} while waiting for the answer about {}", m.get().getUnionCase(), id);
                }
            }
        } catch (PeerException e) {
            throw e;
        } catch (IOException e) {
            throw new PeerException(Reason.NETWORK, "Failed to connect via rendezvous server", e);
        }
        throw new PeerException(Reason.NETWORK, "Failed to connect via rendezvous server");
    }

    /** peer.md §4.3: a PunchHoleResponse without an address is a refusal. */
    static PeerException refusal(PunchHoleResponse r) {
        if (!r.getOtherFailure().isEmpty()) {
            return new PeerException(Reason.NETWORK, r.getOtherFailure());
        }
        return switch (r.getFailure()) {
            case ID_NOT_EXIST -> new PeerException(Reason.ID_NOT_EXIST, "ID does not exist");
            case OFFLINE -> new PeerException(Reason.OFFLINE, "Remote desktop is offline");
            case LICENSE_MISMATCH -> new PeerException(Reason.KEY_MISMATCH, "Key mismatch");
            case LICENSE_OVERUSE -> new PeerException(Reason.KEY_OVERUSE, "Key overuse");
            default -> new PeerException(Reason.NETWORK, "Failed to connect via rendezvous server");
        };
    }

    /** peer.md §4.4-4.6: direct (or LAN) from our hbbs port, else the relay. */
    private PeerLink afterPunch(InetSocketAddress hbbs, String id, ConnType connType, NatType own, Answer a)
            throws PeerException {
        PunchHoleResponse r = a.response();
        InetSocketAddress peer = AddrMangle.decode(r.getSocketAddr().toByteArray());
        byte[] signedPk = r.getPk().toByteArray();
        boolean isLocal = r.getUnionCase() == PunchHoleResponse.UnionCase.IS_LOCAL && r.getIsLocal();
        NatType peerNat = r.getUnionCase() == PunchHoleResponse.UnionCase.NAT_TYPE ? r.getNatType()
                : NatType.UNKNOWN_NAT;
        String relay = config.relayServer().isEmpty() ? r.getRelayServer() : config.relayServer();
        if (!config.forceRelay() && config.attemptDirect()) {
            Duration timeout = directTimeout(isLocal, peerNat, own, relay.isEmpty(), a.punchMillis());
            try {
                Socket s = connectFrom(Sockets.localFor(hbbs, a.myAddr().getPort()), peer, timeout);
                ConnectPath path = isLocal ? ConnectPath.LAN : ConnectPath.DIRECT;
                LOG.info("{} connected to {} at {}", path, id, peer);
                return new PeerLink(s, path, true, signedPk);
            } catch (IOException e) {
                LOG.info("direct connection to {} at {} failed within {} ms: {}", id, peer, timeout.toMillis(),
                        e.toString());
            }
        }
        if (relay.isEmpty()) {
            throw new PeerException(Reason.NETWORK, "Failed to make direct connection");
        }
        return requestRelay(hbbs, id, connType, relay, signedPk);
    }

    /** peer.md §4.4: how long the direct attempt may take. */
    Duration directTimeout(boolean isLocal, NatType peerNat, NatType own, boolean noRelay, long punchMillis) {
        Timings t = config.timings();
        Duration min = t.minDirectTimeout();
        if (isLocal || peerNat == NatType.SYMMETRIC) {
            return min;
        }
        if (noRelay) {
            return t.connectTimeout();
        }
        Duration timeout;
        if (peerNat == NatType.ASYMMETRIC && own == NatType.ASYMMETRIC) {
            timeout = t.connectTimeout();
        } else if (peerNat == NatType.ASYMMETRIC && own == NatType.SYMMETRIC) {
            timeout = min;
        } else {
            timeout = Duration.ofMillis(punchMillis * PUNCH_TIME_FACTOR);
        }
        return timeout.compareTo(min) < 0 ? min : timeout;
    }

    /** Connects from our hbbs connection's port; if that port cannot be bound, from any port. */
    private static Socket connectFrom(InetSocketAddress local, InetSocketAddress peer, Duration timeout)
            throws IOException {
        Socket s;
        try {
            s = Sockets.connect(peer, local, timeout);
        } catch (BindException e) {
            LOG.debug("cannot bind {} again ({}); connecting from any port", local, e.getMessage());
            s = Sockets.connect(peer, null, timeout);
        }
        s.setTcpNoDelay(true);
        return s;
    }

    /** peer.md §4.5 {@code request_relay}: ask the device, through hbbs, to meet at the relay. */
    private PeerLink requestRelay(InetSocketAddress hbbs, String id, ConnType connType, String relay, byte[] signedPk)
            throws PeerException {
        Timings t = config.timings();
        for (int attempt = 1; attempt <= RELAY_ATTEMPTS; attempt++) {
            String uuid = UUID.randomUUID().toString();
            boolean accepted = false;
            try (FramedConnection c = FramedConnection.open(hbbs, false, t.connectTimeout())) {
                c.send(RendezvousMessage.newBuilder().setRequestRelay(RequestRelay.newBuilder().setId(id)
                        .setUuid(uuid).setRelayServer(relay).setSecure(signedPk.length > 0)).build());
                long deadline = now() + t.readTimeout().toMillis();
                Optional<RendezvousMessage> m;
                while (!accepted
                        && (m = c.readMessage(Duration.ofMillis(Math.max(0, deadline - now())), true)).isPresent()) {
                    if (m.get().hasRelayResponse()) {
                        String refused = m.get().getRelayResponse().getRefuseReason();
                        if (!refused.isEmpty()) {
                            throw new PeerException(Reason.NETWORK, refused);
                        }
                        accepted = true;
                    }
                }
            } catch (PeerException e) {
                throw e;
            } catch (IOException e) {
                LOG.info("RequestRelay {} for {} failed: {}", attempt, id, e.toString());
            }
            if (accepted) {
                LOG.info("{} accepted the relay {} (uuid {})", id, relay, uuid);
                return createRelay(relay, uuid, id, connType, signedPk);
            }
        }
        throw new PeerException(Reason.NETWORK, "Timeout");
    }

    /** peer.md §4.5 {@code create_relay}. */
    private PeerLink createRelay(String relay, String uuid, String id, ConnType connType, byte[] signedPk)
            throws PeerException {
        try {
            Socket s = Relays.join(relay, RequestRelay.newBuilder().setLicenceKey(Endpoints.licenceKey(config.key()))
                    .setId(id).setUuid(uuid).setConnType(connType).build(), config.timings().connectTimeout(), null);
            return new PeerLink(s, ConnectPath.RELAY, true, signedPk);
        } catch (IOException e) {
            throw new PeerException(Reason.NETWORK, "Failed to connect to relay server " + relay, e);
        }
    }

    private static long now() {
        return System.nanoTime() / 1_000_000;
    }
}
