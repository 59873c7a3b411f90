package io.jdesk.server.rendezvous;

import static io.jdesk.server.rendezvous.RendezvousFlowTest.punchRequest;
import static io.jdesk.server.rendezvous.RendezvousFlowTest.receiveUdp;
import static io.jdesk.server.rendezvous.RendezvousFlowTest.udpExchange;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import com.google.protobuf.ByteString;
import io.jdesk.protocol.codec.AddrMangle;
import io.jdesk.protocol.crypto.ServerKey;
import io.jdesk.protocol.proto.IdPk;
import io.jdesk.protocol.proto.LocalAddr;
import io.jdesk.protocol.proto.PunchHoleResponse;
import io.jdesk.protocol.proto.PunchHoleSent;
import io.jdesk.protocol.proto.RegisterPeer;
import io.jdesk.protocol.proto.RegisterPk;
import io.jdesk.protocol.proto.RegisterPkResponse;
import io.jdesk.protocol.proto.RelayResponse;
import io.jdesk.protocol.proto.RendezvousMessage;
import io.jdesk.protocol.proto.RequestRelay;
import io.jdesk.server.testing.LogCapture;
import io.jdesk.server.transport.Transport;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hijack and injection attempts against a running rendezvous server with the real registry (issue
 * 6 item 3, design.md hard rule 5, spec/servers.md §12 items 1 and 3). Each attempt is refused —
 * a protocol reply (UUID_MISMATCH) or a drop — and logged, and the legitimate device and
 * controller are served as if nothing had happened.
 *
 * <p>Who is who, all on loopback: device B registers over UDP from 127.0.0.1; the controller A
 * asks from 127.0.0.3 (another IP than B, so the server sends B a PunchHole) or from 127.0.0.1
 * (B's IP, so the server sends FetchLocalAddr); the attacker sends from 127.0.0.2. What the
 * attacker is assumed to know: B's ID and A's address (ip:port) — the strongest position short of
 * being B. What it cannot be told apart from B by: nothing in these messages identifies B (OSS has
 * no authentication here), so a forged answer carrying B's ID and the kind of answer the server
 * waits for is accepted once; the tests pin down everything else.
 */
class HijackTest {

    static final HexFormat HEX = HexFormat.of();
    static final String B_ID = "123456789";
    static final byte[] B_UUID = "machine-uid-of-b".getBytes(StandardCharsets.US_ASCII);
    static final byte[] B_PK = TestPeers.filled(32, 0x42);
    static final byte[] EVIL_PK = TestPeers.filled(32, 0x66);

    @TempDir Path dir;
    ServerKey key;
    PeerRegistry registry;
    ExecutorService storeThread;
    RendezvousServer server;
    InetAddress deviceIp;
    InetAddress attackerIp;
    InetAddress controllerIp;

    @BeforeEach
    void start() throws IOException {
        deviceIp = ip("127.0.0.1");
        attackerIp = ip("127.0.0.2");
        controllerIp = ip("127.0.0.3");
        key = ServerKey.forRendezvous(null, dir);
        registry = new PeerRegistry(new FakePeerStore(), MonotonicClock.SYSTEM);
        RegistryBridge bridge = new RegistryBridge(registry, MonotonicClock.SYSTEM);
        storeThread = Executors.newSingleThreadExecutor(); // registerPk runs on one store thread
        server = new RendezvousServer(RendezvousConfig.defaults(deviceIp, 0, 0, 0, 0, key), bridge, bridge,
                storeThread, MonotonicClock.SYSTEM, Transport.best(), 2).start();
    }

    @AfterEach
    void stop() {
        server.close();
        storeThread.shutdownNow();
    }

    static InetAddress ip(String literal) throws UnknownHostException {
        return InetAddress.getByName(literal);
    }

    static RendezvousMessage registerPk(String id, byte[] uuid, byte[] pk) {
        return RendezvousMessage.newBuilder().setRegisterPk(RegisterPk.newBuilder().setId(id)
                .setUuid(ByteString.copyFrom(uuid)).setPk(ByteString.copyFrom(pk))).build();
    }

    DatagramSocket udp(InetAddress from) throws IOException {
        DatagramSocket s = new DatagramSocket(new InetSocketAddress(from, 0));
        s.setSoTimeout(3000);
        return s;
    }

    String exchange(DatagramSocket s, RendezvousMessage m) throws IOException {
        return HEX.formatHex(udpExchange(s, server.udpAddress(), m.toByteArray()));
    }

    /** B registers as the official client does: RegisterPk (OK), then RegisterPeer (online). */
    DatagramSocket registerB() throws IOException {
        DatagramSocket b = udp(deviceIp);
        assertThat(exchange(b, registerPk(B_ID, B_UUID, B_PK))).isEqualTo("820100");
        assertThat(exchange(b, RendezvousMessage.newBuilder()
                .setRegisterPeer(RegisterPeer.newBuilder().setId(B_ID)).build())).isEqualTo("3a00");
        return b;
    }

    /** A controller connected from {@code from}, past the server's KeyExchange greeting. */
    FramedClient controller(InetAddress from) throws IOException {
        FramedClient a = new FramedClient(server.tcpAddress(), new InetSocketAddress(from, 0));
        assertThat(a.read().hasKeyExchange()).isTrue(); // skipped, as the plain official client does
        return a;
    }

    /** Sends one message on a fresh TCP connection from the attacker's IP (answers are one-shot). */
    void forge(RendezvousMessage m) throws IOException {
        try (FramedClient forger = new FramedClient(server.tcpAddress(), new InetSocketAddress(attackerIp, 0))) {
            forger.read();
            forger.send(m);
            assertThat(forger.closedByServer()).as("an answer closes its connection").isTrue();
        }
    }

    /** Nothing reaches {@code a} within half a second. */
    static void assertNothingFor(FramedClient a) throws IOException {
        a.socket.setSoTimeout(500);
        assertThat(a.closedByServer()).as("no message, no close").isFalse();
        a.socket.setSoTimeout(3000);
    }

    static ByteString mangled(InetSocketAddress a) {
        return ByteString.copyFrom(AddrMangle.encode(a));
    }

    void assertSignedPkOfB(ByteString signed) throws IOException {
        IdPk idPk = IdPk.parseFrom(key.signingKey().orElseThrow().verifyKey().open(signed.toByteArray()).orElseThrow());
        assertThat(idPk.getId()).isEqualTo(B_ID);
        assertThat(idPk.getPk().toByteArray()).isEqualTo(B_PK);
    }

    static void awaitLog(LogCapture logs, Level level, String prefix) {
        await().atMost(Duration.ofSeconds(5)).until(() -> logs.hasPrefix(level, prefix));
    }

    @Test
    void registerPkForSomeoneElsesIdIsUuidMismatchLoggedAndChangesNothing() throws Exception {
        try (LogCapture logs = new LogCapture(); DatagramSocket b = registerB();
                DatagramSocket attacker = udp(attackerIp); DatagramSocket sameIp = udp(deviceIp)) {
            byte[] otherUuid = "machine-uid-of-the-attacker".getBytes(StandardCharsets.US_ASCII);
            assertThat(exchange(attacker, registerPk(B_ID, otherUuid, EVIL_PK)))
                    .as("another uuid from another IP").isEqualTo("8201020802"); // UUID_MISMATCH
            awaitLog(logs, Level.WARN, "Peer " + B_ID + " uuid mismatch");
            assertThat(exchange(sameIp, registerPk(B_ID, otherUuid, EVIL_PK)))
                    .as("another uuid from B's own IP").isEqualTo("8201020802");
            assertThat(exchange(attacker, registerPk(B_ID, B_UUID, EVIL_PK)))
                    .as("B's uuid (guessed) with another key from another IP").isEqualTo("8201020802");
            awaitLog(logs, Level.WARN, "Peer " + B_ID + " ip/pk mismatch: 127.0.0.2/");
            try (FramedClient tcp = controller(attackerIp)) { // jdesk also registers over TCP
                tcp.send(registerPk(B_ID, otherUuid, EVIL_PK));
                assertThat(tcp.read().getRegisterPkResponse().getResult())
                        .isEqualTo(RegisterPkResponse.Result.UUID_MISMATCH);

                assertThat(registry.findInMemory(B_ID).orElseThrow().pk()).as("binding kept").isEqualTo(B_PK);
                assertThat(exchange(b, RendezvousMessage.newBuilder()
                        .setRegisterPeer(RegisterPeer.newBuilder().setId(B_ID)).build())).isEqualTo("3a00");
                try (FramedClient a = controller(controllerIp)) {
                    a.send(punchRequest(B_ID, key.validationKey().orElseThrow()));
                    RendezvousMessage toB = receiveUdp(b);
                    assertThat(toB.hasPunchHole()).as("B, not the refused TCP registrant, is asked").isTrue();
                    assertNothingFor(tcp);
                }
            }
        }
    }

    @Test
    void forgedPunchHoleSentAndLocalAddrForAWaitingControllerAreDroppedAndLogged() throws Exception {
        try (LogCapture logs = new LogCapture(); DatagramSocket b = registerB(); FramedClient a = controller(controllerIp)) {
            ByteString mangledA = mangled(a.localAddress());
            a.send(punchRequest(B_ID, key.validationKey().orElseThrow()));
            assertThat(AddrMangle.decode(receiveUdp(b).getPunchHole().getSocketAddr().toByteArray()))
                    .isEqualTo(a.localAddress());

            forge(RendezvousMessage.newBuilder().setPunchHoleSent(PunchHoleSent.newBuilder()
                    .setSocketAddr(mangledA).setId("987654321").setVersion("1.4.9")).build());
            awaitLog(logs, Level.INFO, "Unsolicited PunchHoleSent from 127.0.0.2:");
            forge(RendezvousMessage.newBuilder().setLocalAddr(LocalAddr.newBuilder().setSocketAddr(mangledA)
                    .setLocalAddr(mangled(new InetSocketAddress(attackerIp, 6666))).setId(B_ID)
                    .setVersion("1.4.9")).build()); // B's ID, but the server asked B to punch, not for a LAN address
            awaitLog(logs, Level.INFO, "Unsolicited LocalAddr from 127.0.0.2:");
            assertNothingFor(a);

            try (FramedClient bTcp = new FramedClient(server.tcpAddress(), new InetSocketAddress(deviceIp, 0))) {
                bTcp.read();
                bTcp.send(RendezvousMessage.newBuilder().setPunchHoleSent(PunchHoleSent.newBuilder()
                        .setSocketAddr(mangledA).setId(B_ID).setVersion("1.4.9")).build());
                PunchHoleResponse r = a.read().getPunchHoleResponse();
                assertThat(AddrMangle.decode(r.getSocketAddr().toByteArray())).isEqualTo(bTcp.localAddress());
                assertSignedPkOfB(r.getPk());
            }
            forge(RendezvousMessage.newBuilder().setPunchHoleSent(PunchHoleSent.newBuilder()
                    .setSocketAddr(mangledA).setId(B_ID).setVersion("1.4.9")).build()); // replay after B answered
            await().atMost(Duration.ofSeconds(5)).until(() -> logs.messages().stream()
                    .filter(m -> m.startsWith("Unsolicited PunchHoleSent from 127.0.0.2:")).count() == 2);
            assertNothingFor(a);
        }
    }

    /**
     * Regression: a RelayResponse without an ID is the device's answer to a RequestRelay only (the
     * client's {@code create_relay} sets {@code id} whenever the device itself chose the relay after
     * a PunchHole or FetchLocalAddr). It used to be accepted for a controller waiting on a punch as
     * well — without the target check and without a signed pk, so the controller would have gone to
     * the attacker's relay and fallen back to an unencrypted session (spec/servers.md §7.4).
     */
    @Test
    void aRelayResponseWithoutIdCannotAnswerAPunchOrLanRequest() throws Exception {
        for (InetAddress from : new InetAddress[] {controllerIp, deviceIp}) { // PunchHole, then FetchLocalAddr
            try (LogCapture logs = new LogCapture(); DatagramSocket b = registerB(); FramedClient a = controller(from)) {
                ByteString mangledA = mangled(a.localAddress());
                a.send(punchRequest(B_ID, key.validationKey().orElseThrow()));
                RendezvousMessage toB = receiveUdp(b);
                assertThat(toB.hasPunchHole() || toB.hasFetchLocalAddr()).isTrue();

                forge(RendezvousMessage.newBuilder().setRelayResponse(RelayResponse.newBuilder()
                        .setSocketAddr(mangledA).setUuid("attackers-uuid").setRelayServer("relay.evil.example:21117"))
                        .build());
                awaitLog(logs, Level.INFO, "Unsolicited RelayResponse from 127.0.0.2:");
                assertNothingFor(a);

                try (FramedClient bTcp = new FramedClient(server.tcpAddress(), new InetSocketAddress(deviceIp, 0))) {
                    bTcp.read();
                    bTcp.send(RendezvousMessage.newBuilder().setRelayResponse(RelayResponse.newBuilder()
                            .setSocketAddr(mangledA).setUuid("bs-uuid").setRelayServer("relay.example:21117")
                            .setId(B_ID).setVersion("1.4.9")).build());
                }
                RelayResponse rr = a.read().getRelayResponse();
                assertThat(rr.getUuid()).isEqualTo("bs-uuid");
                assertSignedPkOfB(rr.getPk());
            }
        }
    }

    @Test
    void aRelayResponseWithAnIdCannotAnswerARequestRelay() throws Exception {
        try (LogCapture logs = new LogCapture(); DatagramSocket b = registerB(); FramedClient a = controller(controllerIp)) {
            a.send(RendezvousMessage.newBuilder().setRequestRelay(RequestRelay.newBuilder().setId(B_ID)
                    .setUuid("controllers-uuid").setRelayServer("relay.example:21117")).build());
            ByteString mangledA = receiveUdp(b).getRequestRelay().getSocketAddr();
            assertThat(AddrMangle.decode(mangledA.toByteArray())).isEqualTo(a.localAddress());

            forge(RendezvousMessage.newBuilder().setRelayResponse(RelayResponse.newBuilder().setSocketAddr(mangledA)
                    .setUuid("attackers-uuid").setRelayServer("relay.evil.example:21117").setId(B_ID)
                    .setVersion("1.4.9")).build());
            awaitLog(logs, Level.INFO, "Unsolicited RelayResponse from 127.0.0.2:");
            assertNothingFor(a);

            try (FramedClient bTcp = new FramedClient(server.tcpAddress(), new InetSocketAddress(deviceIp, 0))) {
                bTcp.read();
                bTcp.send(RendezvousMessage.newBuilder().setRelayResponse(RelayResponse.newBuilder()
                        .setSocketAddr(mangledA).setVersion("1.4.9")).build());
            }
            assertThat(a.read().getRelayResponse().getVersion()).isEqualTo("1.4.9");
        }
    }

    @Test
    void answersForAControllerThatLeftAreDroppedAndLogged() throws Exception {
        try (LogCapture logs = new LogCapture(); DatagramSocket b = registerB()) {
            ByteString mangledA;
            try (FramedClient a = controller(controllerIp)) {
                mangledA = mangled(a.localAddress());
                a.send(punchRequest(B_ID, key.validationKey().orElseThrow()));
                receiveUdp(b);
                assertThat(server.pendingRequests()).isEqualTo(1);
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> server.pendingRequests() == 0);
            forge(RendezvousMessage.newBuilder().setPunchHoleSent(PunchHoleSent.newBuilder()
                    .setSocketAddr(mangledA).setId(B_ID).setVersion("1.4.9")).build());
            awaitLog(logs, Level.INFO, "Unsolicited PunchHoleSent from 127.0.0.2:");
        }
    }
}
