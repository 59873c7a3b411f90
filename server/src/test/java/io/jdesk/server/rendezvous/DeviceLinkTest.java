package io.jdesk.server.rendezvous;

import io.jdesk.server.testing.LogCapture;
import io.jdesk.server.testing.WsPeer;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.jdesk.protocol.codec.AddrMangle;
import io.jdesk.protocol.crypto.BoxKeyPair;
import io.jdesk.protocol.crypto.SealedKey;
import io.jdesk.protocol.crypto.ServerKey;
import io.jdesk.protocol.crypto.SessionKey;
import io.jdesk.protocol.crypto.StreamCipher;
import io.jdesk.protocol.proto.KeyExchange;
import io.jdesk.protocol.proto.NatType;
import io.jdesk.protocol.proto.PunchHoleRequest;
import io.jdesk.protocol.proto.RegisterPk;
import io.jdesk.protocol.proto.RegisterPkResponse;
import io.jdesk.protocol.proto.RendezvousMessage;
import io.jdesk.protocol.proto.RequestRelay;
import io.jdesk.server.transport.Transport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Devices registered over TCP (with KeyExchange, as a TCP-mode official client does) and over
 * WebSocket: the server keeps the connection as the device's link and delivers PunchHole /
 * RequestRelay over it (beyond OSS, spec/servers.md §5.13), with heartbeats.
 */
class DeviceLinkTest {

    @TempDir Path dir;
    FakePeers peers;
    RendezvousServer server;
    ServerKey key;

    @BeforeEach
    void start() throws Exception {
        key = ServerKey.forRendezvous(null, dir);
        peers = new FakePeers();
        RendezvousConfig c = RendezvousConfig.defaults(InetAddress.getLoopbackAddress(), 0, 0, 0, 0, key);
        c = c.withTrustedProxy(a -> a.isLoopbackAddress()).withIdleTimeout(Duration.ofSeconds(2));
        server = new RendezvousServer(c, peers, peers, ForkJoinPool.commonPool(), MonotonicClock.SYSTEM,
                Transport.best(), 2).start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static RendezvousMessage registerPk(String id) {
        return RendezvousMessage.newBuilder().setRegisterPk(RegisterPk.newBuilder().setId(id)
                .setUuid(ByteString.copyFromUtf8("uid-" + id)).setPk(ByteString.copyFrom(new byte[32]))).build();
    }

    RendezvousMessage punchRequest(String id) {
        return RendezvousMessage.newBuilder().setPunchHoleRequest(PunchHoleRequest.newBuilder().setId(id)
                .setNatType(NatType.SYMMETRIC).setLicenceKey(key.validationKey().orElseThrow())
                .setVersion("1.4.9")).build();
    }

    /** peer.md §2.5: secure_tcp as the official TCP-mode device runs it, then RegisterPk. */
    FramedClient secureDevice(String id) throws Exception {
        FramedClient d = new FramedClient(server.tcpAddress());
        byte[] serverBox = key.signingKey().orElseThrow().verifyKey()
                .open(d.read().getKeyExchange().getKeys(0).toByteArray()).orElseThrow();
        BoxKeyPair mine = BoxKeyPair.generate();
        SessionKey k = SessionKey.generate();
        d.send(RendezvousMessage.newBuilder().setKeyExchange(KeyExchange.newBuilder()
                .addKeys(ByteString.copyFrom(mine.publicKey()))
                .addKeys(ByteString.copyFrom(SealedKey.seal(k, serverBox, mine)))).build());
        d.cipher = new StreamCipher(k);
        d.send(registerPk(id));
        RegisterPkResponse r = d.read().getRegisterPkResponse();
        assertThat(r.getResult()).isEqualTo(RegisterPkResponse.Result.OK);
        assertThat(r.getKeepAlive()).isEqualTo(ConnectionHandler.KEEP_ALIVE_SECONDS);
        return d;
    }

    @Test
    void tcpRegisteredDeviceReceivesPunchHoleOverItsEncryptedConnection() throws Exception {
        try (FramedClient d = secureDevice("tcpdev1"); WsPeer a = new WsPeer(server.wsAddress(), "/ws/id", null)) {
            a.send(punchRequest("tcpdev1"));
            RendezvousMessage ph = d.read();
            assertThat(ph.hasPunchHole()).isTrue();
            assertThat(ph.getPunchHole().getNatType()).isEqualTo(NatType.SYMMETRIC);
        }
    }

    @Test
    void webSocketRegisteredDeviceReceivesRequestRelay() throws Exception {
        try (WsPeer d = new WsPeer(server.wsAddress(), "/ws/id", null);
                FramedClient a = new FramedClient(server.tcpAddress())) {
            d.send(registerPk("wsdevice"));
            assertThat(d.read().getRegisterPkResponse().getResult()).isEqualTo(RegisterPkResponse.Result.OK);
            a.read();
            a.send(RendezvousMessage.newBuilder().setRequestRelay(RequestRelay.newBuilder().setId("wsdevice")
                    .setUuid("relay-uuid")).build());
            RequestRelay fwd = d.read().getRequestRelay();
            assertThat(fwd.getUuid()).isEqualTo("relay-uuid");
            assertThat(AddrMangle.decode(fwd.getSocketAddr().toByteArray())).isEqualTo(a.localAddress());
        }
    }

    @Test
    void deviceLinkSurvivesTheIdleLimitThanksToHeartbeatsAndGoesOfflineWhenClosed() throws Exception {
        FramedClient d = secureDevice("tcpdev2");
        Thread.sleep(2500); // beyond the 2 s idle limit of plain connections: device links are exempt
        d.sendRaw(new byte[] {0});
        try (WsPeer a = new WsPeer(server.wsAddress(), "/", null)) {
            a.send(punchRequest("tcpdev2"));
            assertThat(d.read().hasPunchHole()).isTrue();
            d.close();
            Thread.sleep(200);
            a.send(punchRequest("tcpdev2"));
            // FakePeers still says online, but with the link gone and no UDP address the device is unreachable
            assertThat(a.read().getPunchHoleResponse().getFailure()).isEqualTo(
                    io.jdesk.protocol.proto.PunchHoleResponse.Failure.OFFLINE);
        }
    }

    /**
     * Regression (found by the fuzz smoke test): a TCP RegisterPk whose connection closed while the
     * store was writing the row used to make the closed connection the device's link anyway — a
     * stale entry that kept the device "online" at a dead address — and Netty logged "A task raised
     * an exception" (NoSuchElementException replacing the idle handler of a torn-down pipeline).
     */
    @Test
    void aRegistrationWhoseConnectionClosedBeforeItWasStoredLeavesNoLinkBehind() throws Exception {
        server.close();
        java.util.concurrent.BlockingQueue<Runnable> store = new java.util.concurrent.LinkedBlockingQueue<>();
        server = new RendezvousServer(RendezvousConfig.defaults(InetAddress.getLoopbackAddress(), 0, 0, 0, 0, key),
                peers, peers, store::add, MonotonicClock.SYSTEM, Transport.best(), 1).start(); // one event loop
        try (LogCapture netty = new LogCapture("io.netty")) {
            try (FramedClient d = new FramedClient(server.tcpAddress())) {
                d.read();
                d.send(registerPk("gone-dev"));
                Runnable write = store.poll(5, java.util.concurrent.TimeUnit.SECONDS); // waits for the store
                assertThat(write).isNotNull();
                d.socket.shutdownOutput();
                assertThat(d.closedByServer()).isTrue();
                write.run(); // the row is written after the connection has gone
            }
            try (FramedClient q = new FramedClient(server.natAddress())) { // served after the answer, same loop
                q.send(RendezvousMessage.newBuilder().setOnlineRequest(
                        io.jdesk.protocol.proto.OnlineRequest.newBuilder().setId("q").addPeers("gone-dev")).build());
                RendezvousMessage ans = q.read();
                assertThat(ans.getOnlineResponse().getStates().toByteArray()).as("not online").containsExactly(0);
            }
            assertThat(netty.messages()).noneMatch(m -> m.startsWith("A task raised an exception"));
        }
    }

    @Test
    void trustedProxyHeaderSetsTheWebSocketClientsAddress() throws Exception {
        try (WsPeer d = new WsPeer(server.wsAddress(), "/ws/id", null);
                WsPeer a = new WsPeer(server.wsAddress(), "/ws/id", "203.0.113.7")) {
            d.send(registerPk("wsdev2"));
            d.read();
            a.send(punchRequest("wsdev2"));
            InetSocketAddress seen = AddrMangle.decode(d.read().getPunchHole().getSocketAddr().toByteArray());
            assertThat(seen).isEqualTo(new InetSocketAddress("203.0.113.7", 0));
        }
    }
}
