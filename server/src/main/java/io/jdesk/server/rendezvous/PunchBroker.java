package io.jdesk.server.rendezvous;

import com.google.protobuf.ByteString;
import io.jdesk.protocol.codec.AddrMangle;
import io.jdesk.protocol.crypto.ServerKey;
import io.jdesk.protocol.proto.FetchLocalAddr;
import io.jdesk.protocol.proto.LocalAddr;
import io.jdesk.protocol.proto.NatType;
import io.jdesk.protocol.proto.PunchHole;
import io.jdesk.protocol.proto.PunchHoleRequest;
import io.jdesk.protocol.proto.PunchHoleResponse;
import io.jdesk.protocol.proto.PunchHoleSent;
import io.jdesk.protocol.proto.RelayResponse;
import io.jdesk.protocol.proto.RendezvousMessage;
import io.jdesk.protocol.proto.RequestRelay;
import io.jdesk.server.rendezvous.PeerLookup.Target;
import io.jdesk.server.rendezvous.PendingRequests.Kind;
import io.jdesk.server.rendezvous.PendingRequests.Pending;
import io.jdesk.server.transport.Addresses;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hole-punch brokering between a requester A (controller, TCP/WS) and a target B (device,
 * UDP or a TCP/WS registration link): spec/servers.md §5.4-5.8, §5.15.
 *
 * <pre>
 * A: PunchHoleRequest ─► park A, check key, find B ─► B: PunchHole | FetchLocalAddr
 * B: PunchHoleSent    ─► A: PunchHoleResponse{B's TCP source, signed pk, relay, nat}
 * B: LocalAddr        ─► A: PunchHoleResponse{B's LAN address, signed pk, is_local}
 * A: RequestRelay     ─► park A, find B in memory ─► B: RequestRelay{socket_addr = A}
 * B: RelayResponse    ─► A: RelayResponse{id → signed pk, relay rewrite}
 * </pre>
 *
 * Beyond OSS: answers are accepted only for requests the server forwarded (see
 * {@link PendingRequests}); the UDP/IPv6 punch fields ({@code udp_port}, {@code force_relay},
 * {@code upnp_port}, {@code socket_addr_v6}) are carried to the other side instead of being
 * dropped. Thread-safe: handlers run on event loops; target lookups that miss memory run on
 * the blocking executor and continue there.
 */
final class PunchBroker {

    private static final Logger LOG = LoggerFactory.getLogger(PunchBroker.class);

    private final PeerLookup peers;
    private final PendingRequests pending;
    private final IdPkSigner signer;
    private final RelaySelector relays;
    private final RendezvousConfig config;
    private final Executor blocking;
    private final AtomicBoolean alwaysUseRelay;
    private final PunchLog punchLog;

    PunchBroker(PeerLookup peers, PendingRequests pending, IdPkSigner signer, RelaySelector relays,
            RendezvousConfig config, Executor blocking, AtomicBoolean alwaysUseRelay, PunchLog punchLog) {
        this.alwaysUseRelay = alwaysUseRelay;
        this.punchLog = punchLog;
        this.peers = peers;
        this.pending = pending;
        this.signer = signer;
        this.relays = relays;
        this.config = config;
        this.blocking = blocking;
    }

    /** §5.4: A asks to reach B. */
    void onPunchHoleRequest(Link a, PunchHoleRequest req) {
        ServerKey key = config.key();
        if (!key.accepts(req.getLicenceKey())) {
            LOG.warn("Authentication failed from {} for peer {} - invalid key",
                    Addresses.format(a.remote()), req.getId());
            a.send(failure(PunchHoleResponse.Failure.LICENSE_MISMATCH));
            return;
        }
        lookup(req.getId(), true, a, found -> {
            if (found.isEmpty()) {
                a.send(failure(PunchHoleResponse.Failure.ID_NOT_EXIST));
            } else if (!found.get().online() || found.get().link() == null) {
                a.send(failure(PunchHoleResponse.Failure.OFFLINE));
            } else {
                forwardPunch(a, req, found.get());
            }
        });
    }

    private void forwardPunch(Link a, PunchHoleRequest req, Target b) {
        InetAddress aIp = a.remote().getAddress();
        InetAddress bIp = b.address().getAddress();
        boolean aLan = config.lan().test(aIp);
        boolean bLan = config.lan().test(bIp);
        String relay = relays.next();
        int nat = req.getNatTypeValue(); // as a number: an unknown value is forwarded, as OSS forwards the i32
        punchLog.add(aIp, b.id(), bIp);
        if (alwaysUseRelay.get() || aLan != bLan) {
            nat = NatType.SYMMETRIC_VALUE;
            if (bLan && !config.localIp().isEmpty()) {
                relay = config.localIp();
            }
        }
        boolean sameIp = config.sameIpLan() && Addresses.sameIp(aIp, bIp); // JDESK_SAME_IP_LAN
        boolean sameIntranet = !a.isWebSocket() && ((aLan && bLan) || sameIp);
        ByteString mangledA = ByteString.copyFrom(AddrMangle.encode(a.remote()));
        Kind kind = sameIntranet ? Kind.LOCAL : Kind.PUNCH;
        if (!pending.park(a, b.id(), kind)) {
            a.send(otherFailure("server busy, try again"));
            return;
        }
        RendezvousMessage.Builder out = RendezvousMessage.newBuilder();
        if (sameIntranet) {
            out.setFetchLocalAddr(FetchLocalAddr.newBuilder().setSocketAddr(mangledA)
                    .setRelayServer(relay).setSocketAddrV6(req.getSocketAddrV6()));
        } else {
            out.setPunchHole(PunchHole.newBuilder().setSocketAddr(mangledA).setRelayServer(relay)
                    .setNatTypeValue(nat).setUdpPort(req.getUdpPort()).setForceRelay(req.getForceRelay())
                    .setUpnpPort(req.getUpnpPort()).setSocketAddrV6(req.getSocketAddrV6()));
        }
        b.link().send(out.build());
    }

    /** §5.7: A asks B to meet at a relay. Like OSS, an unknown B gets no answer. */
    void onRequestRelay(Link a, RequestRelay rr) {
        Optional<Target> b = peers.findInMemory(rr.getId());
        if (b.isEmpty() || b.get().link() == null) {
            LOG.debug("RequestRelay from {} for unknown or unreachable {}", Addresses.format(a.remote()),
                    rr.getId());
            return;
        }
        if (!pending.park(a, rr.getId(), Kind.RELAY)) {
            return;
        }
        ByteString mangledA = ByteString.copyFrom(AddrMangle.encode(a.remote()));
        b.get().link().send(RendezvousMessage.newBuilder()
                .setRequestRelay(rr.toBuilder().setSocketAddr(mangledA)).build());
    }

    /**
     * §5.5: B is listening for A's punch on the port {@code bSource} it sent this from (TCP) —
     * or, with {@code udp}, B asks for a UDP punch from its UDP source address.
     */
    void onPunchHoleSent(InetSocketAddress bSource, PunchHoleSent phs, boolean udp) {
        InetSocketAddress aAddr = Addresses.normalize(AddrMangle.decode(phs.getSocketAddr().toByteArray()));
        Optional<Pending> p = pending.take(aAddr, phs.getId(), Kind.PUNCH);
        if (p.isEmpty()) {
            LOG.info("Unsolicited PunchHoleSent from {} for {} dropped", Addresses.format(bSource), phs.getId());
            return;
        }
        signer.signedPk(phs.getVersion(), phs.getId(), pk -> p.get().requester().send(
                RendezvousMessage.newBuilder().setPunchHoleResponse(PunchHoleResponse.newBuilder()
                        .setSocketAddr(ByteString.copyFrom(AddrMangle.encode(bSource)))
                        .setPk(pk).setRelayServer(phs.getRelayServer()).setNatTypeValue(phs.getNatTypeValue())
                        .setIsUdp(udp).setUpnpPort(phs.getUpnpPort())
                        .setSocketAddrV6(phs.getSocketAddrV6())).build()));
    }

    /** §5.6: B's LAN address for A on the same network. */
    void onLocalAddr(InetSocketAddress bSource, LocalAddr la) {
        InetSocketAddress aAddr = Addresses.normalize(AddrMangle.decode(la.getSocketAddr().toByteArray()));
        Optional<Pending> p = pending.take(aAddr, la.getId(), Kind.LOCAL);
        if (p.isEmpty()) {
            LOG.info("Unsolicited LocalAddr from {} for {} dropped", Addresses.format(bSource), la.getId());
            return;
        }
        signer.signedPk(la.getVersion(), la.getId(), pk -> p.get().requester().send(
                RendezvousMessage.newBuilder().setPunchHoleResponse(PunchHoleResponse.newBuilder()
                        .setSocketAddr(la.getLocalAddr()).setPk(pk).setRelayServer(la.getRelayServer())
                        .setIsLocal(true).setSocketAddrV6(la.getSocketAddrV6())).build()));
    }

    /**
     * §5.8: B tells A where to meet; {@code id} (B-initiated relay) becomes the signed pk.
     *
     * <p>The two shapes answer different requests: the client's {@code create_relay} sets
     * {@code id} (and its own uuid and relay) exactly when the device chose the relay itself after
     * a PunchHole or FetchLocalAddr, and leaves it out when it answers a RequestRelay. So an answer
     * without {@code id} is accepted only for a RequestRelay; for a waiting punch it would let a
     * stranger who knows A's address send A to its own relay without the target-ID check and
     * without a signed pk (A would then fall back to an unencrypted session, §7.4).
     */
    void onRelayResponse(InetSocketAddress bSource, RelayResponse rr) {
        InetSocketAddress aAddr = Addresses.normalize(AddrMangle.decode(rr.getSocketAddr().toByteArray()));
        boolean initiatedByB = rr.getUnionCase() == RelayResponse.UnionCase.ID && !rr.getId().isEmpty();
        Optional<Pending> p = initiatedByB
                ? pending.take(aAddr, rr.getId(), Kind.PUNCH, Kind.LOCAL)
                : pending.take(aAddr, null, Kind.RELAY);
        if (p.isEmpty()) {
            LOG.info("Unsolicited RelayResponse from {} dropped", Addresses.format(bSource));
            return;
        }
        RelayResponse.Builder out = rr.toBuilder().clearSocketAddr();
        String relay = rr.getRelayServer();
        if (!relay.isEmpty()) {
            if (config.lan().test(aAddr.getAddress()) && !config.localIp().isEmpty()) {
                out.setRelayServer(config.localIp());
            } else if (!config.localIp().isEmpty() && relay.equals(config.localIp())) {
                out.setRelayServer(relays.next());
            }
        }
        Link a = p.get().requester();
        if (initiatedByB) {
            signer.signedPk(rr.getVersion(), rr.getId(), pk -> a.send(
                    RendezvousMessage.newBuilder().setRelayResponse(out.setPk(pk)).build()));
        } else {
            a.send(RendezvousMessage.newBuilder().setRelayResponse(out).build());
        }
    }

    /** Memory first; on a miss (and when allowed) the store, off the event loop. */
    private void lookup(String id, boolean useStore, Link a, Consumer<Optional<Target>> then) {
        Optional<Target> hit = peers.findInMemory(id);
        if (hit.isPresent() || !useStore) {
            then.accept(hit);
            return;
        }
        CompletableFuture.supplyAsync(() -> peers.find(id), blocking).whenComplete((found, error) -> {
            if (error != null) {
                LOG.warn("lookup of {} failed: {}", id, error.toString());
                a.send(otherFailure("server error, try again"));
            } else {
                then.accept(found);
            }
        });
    }

    static RendezvousMessage failure(PunchHoleResponse.Failure f) {
        return RendezvousMessage.newBuilder()
                .setPunchHoleResponse(PunchHoleResponse.newBuilder().setFailure(f)).build();
    }

    private static RendezvousMessage otherFailure(String text) {
        return RendezvousMessage.newBuilder()
                .setPunchHoleResponse(PunchHoleResponse.newBuilder().setOtherFailure(text)).build();
    }
}
