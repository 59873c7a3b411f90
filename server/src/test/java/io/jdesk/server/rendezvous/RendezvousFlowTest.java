package io.jdesk.server.rendezvous;

import io.jdesk.server.testing.WsPeer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.jdesk.protocol.codec.AddrMangle;
import io.jdesk.protocol.crypto.BoxKeyPair;
import io.jdesk.protocol.crypto.SealedKey;
import io.jdesk.protocol.crypto.ServerKey;
import io.jdesk.protocol.crypto.SessionKey;
import io.jdesk.protocol.crypto.SigningKeyPair;
import io.jdesk.protocol.crypto.StreamCipher;
import io.jdesk.protocol.crypto.VerifyKey;
import io.jdesk.protocol.proto.IdPk;
import io.jdesk.protocol.proto.KeyExchange;
import io.jdesk.protocol.proto.LocalAddr;
import io.jdesk.protocol.proto.NatType;
import io.jdesk.protocol.proto.OnlineRequest;
import io.jdesk.protocol.proto.PunchHoleRequest;
import io.jdesk.protocol.proto.PunchHoleResponse;
import io.jdesk.protocol.proto.PunchHoleSent;
import io.jdesk.protocol.proto.RegisterPeer;
import io.jdesk.protocol.proto.RegisterPk;
import io.jdesk.protocol.proto.RelayResponse;
import io.jdesk.protocol.proto.RendezvousMessage;
import io.jdesk.protocol.proto.RequestRelay;
import io.jdesk.protocol.proto.TestNatRequest;
import io.jdesk.server.transport.Transport;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scripted fake clients against a real server on loopback port 0: each sends exactly what the
 * official client sends (spec/servers.md §5, peer.md §2-4) and asserts the reply bytes.
 */
class RendezvousFlowTest {

    static final HexFormat HEX = HexFormat.of();
    static final String B_ID = "123456789";
    static final byte[] B_PK = new byte[32];

    @TempDir Path dir;
    FakePeers peers;
    RendezvousServer server;
    ServerKey key;
    InetAddress lo;

    @BeforeEach
    void start() throws IOException {
        for (int i = 0; i < 32; i++) {
            B_PK[i] = (byte) i;
        }
        lo = InetAddress.getLoopbackAddress();
        key = ServerKey.forRendezvous(null, dir);
        peers = new FakePeers();
        server = new RendezvousServer(RendezvousConfig.defaults(lo, 0, 0, 0, 0, key), peers, peers,
                ForkJoinPool.commonPool(), MonotonicClock.SYSTEM, Transport.best(), 2).start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    String licence() {
        return key.validationKey().orElseThrow();
    }

    VerifyKey serverPk() {
        return key.signingKey().orElseThrow().verifyKey();
    }

    byte[] udpExchange(DatagramSocket s, byte[] request) throws IOException {
        return udpExchange(s, server.udpAddress(), request);
    }

    /** Sends one datagram and returns the first one that comes back (the socket's timeout applies). */
    static byte[] udpExchange(DatagramSocket s, InetSocketAddress server, byte[] request) throws IOException {
        s.send(new DatagramPacket(request, request.length, server));
        byte[] buf = new byte[2048];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        s.receive(p);
        return Arrays.copyOf(buf, p.getLength());
    }

    /** Device B registers over UDP as the official client does: RegisterPk, then RegisterPeer. */
    DatagramSocket registerDevice() throws IOException {
        DatagramSocket b = new DatagramSocket(new InetSocketAddress(lo, 0));
        b.setSoTimeout(3000);
        byte[] rk = RendezvousMessage.newBuilder().setRegisterPk(RegisterPk.newBuilder().setId(B_ID)
                .setUuid(ByteString.copyFromUtf8("machine-uid-b")).setPk(ByteString.copyFrom(B_PK))).build()
                .toByteArray();
        assertThat(HEX.formatHex(udpExchange(b, rk))).isEqualTo("820100"); // RegisterPkResponse{OK}
        byte[] rp = RendezvousMessage.newBuilder()
                .setRegisterPeer(RegisterPeer.newBuilder().setId(B_ID).setSerial(0)).build().toByteArray();
        assertThat(HEX.formatHex(udpExchange(b, rp))).isEqualTo("3a00"); // request_pk=false
        return b;
    }

    static RendezvousMessage receiveUdp(DatagramSocket s) throws IOException {
        byte[] buf = new byte[2048];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        s.receive(p);
        return RendezvousMessage.parseFrom(Arrays.copyOf(buf, p.getLength()));
    }

    static RendezvousMessage punchRequest(String id, String licence) {
        return RendezvousMessage.newBuilder().setPunchHoleRequest(PunchHoleRequest.newBuilder().setId(id)
                .setNatType(NatType.ASYMMETRIC).setLicenceKey(licence).setVersion("1.4.9")).build();
    }

    @Test
    void unknownDeviceIsAskedForItsKeyWithTheOssBytes() throws IOException {
        try (DatagramSocket b = new DatagramSocket(new InetSocketAddress(lo, 0))) {
            b.setSoTimeout(3000);
            byte[] rp = HEX.parseHex("320b0a09313233343536373839"); // spec/servers.md §2.2
            assertThat(HEX.formatHex(udpExchange(b, rp))).isEqualTo("3a021001");
        }
    }

    @Test
    void tcpGreetsWithASignedKeyExchangeThatThePlainClientSkips() throws IOException {
        try (FramedClient a = new FramedClient(server.tcpAddress())) {
            RendezvousMessage first = a.read();
            assertThat(first.getKeyExchange().getKeysCount()).isEqualTo(1);
            byte[] signed = first.getKeyExchange().getKeys(0).toByteArray();
            assertThat(signed).hasSize(96);
            assertThat(serverPk().open(signed)).get().satisfies(pk -> assertThat(pk).hasSize(32));
            a.send(punchRequest("nobody99", licence()));
            assertThat(HEX.formatHex(a.read().toByteArray())).isEqualTo("5a00"); // ID_NOT_EXIST
        }
    }

    @Test
    void sameIpRequesterGetsTheLanPathWithIsLocal() throws IOException {
        try (DatagramSocket b = registerDevice(); FramedClient a = new FramedClient(server.tcpAddress())) {
            a.read(); // KeyExchange, skipped as by the official client
            a.send(punchRequest(B_ID, licence()));
            RendezvousMessage fla = receiveUdp(b); // same public IP: FetchLocalAddr (spec §5.4 step 6)
            assertThat(fla.hasFetchLocalAddr()).isTrue();
            assertThat(AddrMangle.decode(fla.getFetchLocalAddr().getSocketAddr().toByteArray()))
                    .isEqualTo(a.localAddress());
            ByteString lan = ByteString.copyFrom(AddrMangle.encode(new InetSocketAddress("127.0.0.1", 40000)));
            try (FramedClient bTcp = new FramedClient(server.tcpAddress())) {
                bTcp.read();
                bTcp.send(RendezvousMessage.newBuilder().setLocalAddr(LocalAddr.newBuilder()
                        .setSocketAddr(fla.getFetchLocalAddr().getSocketAddr()).setLocalAddr(lan)
                        .setId(B_ID).setVersion("1.4.9")).build());
                PunchHoleResponse r = a.read().getPunchHoleResponse();
                assertThat(r.getSocketAddr()).isEqualTo(lan);
                assertThat(r.getIsLocal()).isTrue();
                assertSignedPkOfB(r.getPk());
                assertThat(bTcp.closedByServer()).isTrue();
            }
        }
    }

    @Test
    void sameIpIsNotALanWithSameIpLanOff() throws IOException {
        server.close();
        server = new RendezvousServer(RendezvousConfig.defaults(lo, 0, 0, 0, 0, key).withSameIpLan(false), peers,
                peers, ForkJoinPool.commonPool(), MonotonicClock.SYSTEM, Transport.best(), 2).start();
        try (DatagramSocket b = registerDevice(); FramedClient a = new FramedClient(server.tcpAddress())) {
            a.read(); // KeyExchange
            a.send(punchRequest(B_ID, licence()));
            RendezvousMessage m = receiveUdp(b); // JDESK_SAME_IP_LAN=N: the TCP punch path, not FetchLocalAddr
            assertThat(m.hasPunchHole()).isTrue();
            assertThat(AddrMangle.decode(m.getPunchHole().getSocketAddr().toByteArray())).isEqualTo(a.localAddress());
            assertThat(m.getPunchHole().getNatType()).isEqualTo(NatType.ASYMMETRIC);
            try (FramedClient bTcp = new FramedClient(server.tcpAddress())) {
                bTcp.read();
                bTcp.send(RendezvousMessage.newBuilder().setPunchHoleSent(PunchHoleSent.newBuilder()
                        .setSocketAddr(m.getPunchHole().getSocketAddr()).setId(B_ID).setVersion("1.4.9")
                        .setNatType(NatType.ASYMMETRIC)).build());
                PunchHoleResponse r = a.read().getPunchHoleResponse();
                assertThat(AddrMangle.decode(r.getSocketAddr().toByteArray())).isEqualTo(bTcp.localAddress());
                assertThat(r.getIsLocal()).isFalse();
                assertSignedPkOfB(r.getPk());
            }
        }
    }

    @Test
    void webSocketRequesterGetsPunchHoleAndBsTcpSource() throws Exception {
        try (DatagramSocket b = registerDevice(); WsPeer a = new WsPeer(server.wsAddress(), "/ws/id", null)) {
            a.send(punchRequest(B_ID, licence())); // no KeyExchange on WebSocket
            RendezvousMessage ph = receiveUdp(b);
            assertThat(ph.hasPunchHole()).isTrue(); // no LAN shortcut over WebSocket
            assertThat(ph.getPunchHole().getNatType()).isEqualTo(NatType.ASYMMETRIC);
            try (FramedClient bTcp = new FramedClient(server.tcpAddress())) {
                bTcp.read();
                bTcp.send(RendezvousMessage.newBuilder().setPunchHoleSent(PunchHoleSent.newBuilder()
                        .setSocketAddr(ph.getPunchHole().getSocketAddr()).setId(B_ID)
                        .setNatType(NatType.ASYMMETRIC).setVersion("1.4.9")).build());
                PunchHoleResponse r = a.read().getPunchHoleResponse();
                assertThat(AddrMangle.decode(r.getSocketAddr().toByteArray())).isEqualTo(bTcp.localAddress());
                assertThat(r.getNatType()).isEqualTo(NatType.ASYMMETRIC);
                assertSignedPkOfB(r.getPk());
            }
        }
    }

    @Test
    void punchFieldsForUdpAndIpv6AreCarriedToTheDevice() throws Exception {
        ByteString v6 = ByteString.copyFrom(AddrMangle.encode(new InetSocketAddress("2001:db8::1", 5555)));
        try (DatagramSocket b = registerDevice(); WsPeer a = new WsPeer(server.wsAddress(), "/", null)) {
            a.send(RendezvousMessage.newBuilder().setPunchHoleRequest(punchRequest(B_ID, licence())
                    .getPunchHoleRequest().toBuilder().setUdpPort(40001).setForceRelay(true)
                    .setUpnpPort(40002).setSocketAddrV6(v6).setNatTypeValue(7)).build());
            var ph = receiveUdp(b).getPunchHole();
            // an unknown nat_type (a newer client; found by fuzzing) is forwarded as its number, not refused
            assertThat(ph.getNatTypeValue()).isEqualTo(7);
            assertThat(ph.getUdpPort()).isEqualTo(40001);
            assertThat(ph.getForceRelay()).isTrue();
            assertThat(ph.getUpnpPort()).isEqualTo(40002);
            assertThat(ph.getSocketAddrV6()).isEqualTo(v6);
        }
    }

    @Test
    void alwaysUseRelayAndMaskForceSymmetricAndTheLanRelay() throws Exception {
        server.close();
        RendezvousConfig c = RendezvousConfig.defaults(lo, 0, 0, 0, 0, key).withAlwaysUseRelay(true)
                .withRelayServers(java.util.List.of("relay.example.com:21117"))
                .withTrustedProxy(InetAddress::isLoopbackAddress);
        server = new RendezvousServer(c, peers, peers, ForkJoinPool.commonPool(), MonotonicClock.SYSTEM,
                Transport.best(), 2).start();
        try (DatagramSocket b = registerDevice(); WsPeer a = new WsPeer(server.wsAddress(), "/", "203.0.113.9")) {
            a.send(punchRequest(B_ID, licence()));
            var ph = receiveUdp(b).getPunchHole();
            assertThat(ph.getNatType()).isEqualTo(NatType.SYMMETRIC); // ALWAYS_USE_RELAY=Y
            assertThat(ph.getRelayServer()).isEqualTo("relay.example.com:21117");
        }
        server.close();
        c = new RendezvousConfig(lo, 0, 0, 0, 0, key, java.util.List.of("relay.example.com:21117"), false,
                InetAddress::isLoopbackAddress, "10.0.0.5:21117", 0, java.util.List.of(),
                InetAddress::isLoopbackAddress, c.maxFrame(), c.idleTimeout(), c.console(), 0, true);
        server = new RendezvousServer(c, peers, peers, ForkJoinPool.commonPool(), MonotonicClock.SYSTEM,
                Transport.best(), 2).start();
        try (DatagramSocket b = registerDevice(); WsPeer a = new WsPeer(server.wsAddress(), "/", "203.0.113.9")) {
            a.send(punchRequest(B_ID, licence()));
            var ph = receiveUdp(b).getPunchHole();
            assertThat(ph.getNatType()).as("only B is in the mask").isEqualTo(NatType.SYMMETRIC);
            assertThat(ph.getRelayServer()).as("the LAN side gets LOCAL-IP").isEqualTo("10.0.0.5:21117");
        }
    }

    void assertSignedPkOfB(ByteString pk) throws IOException {
        IdPk idPk = IdPk.parseFrom(serverPk().open(pk.toByteArray()).orElseThrow());
        assertThat(idPk.getId()).isEqualTo(B_ID);
        assertThat(idPk.getPk().toByteArray()).isEqualTo(B_PK);
    }

    @Test
    void failuresAreTheOssEmptyMessages() throws IOException {
        peers.putOffline("offline1", B_PK);
        try (FramedClient a = new FramedClient(server.tcpAddress())) {
            a.read();
            a.send(punchRequest("offline1", licence()));
            assertThat(HEX.formatHex(a.read().toByteArray())).isEqualTo("5a021802"); // OFFLINE
            a.send(punchRequest("offline1", "wrong key"));
            assertThat(HEX.formatHex(a.read().toByteArray())).isEqualTo("5a021803"); // LICENSE_MISMATCH
        }
    }

    @Test
    void answersNobodyAskedForAreDropped() throws IOException {
        try (DatagramSocket b = registerDevice(); FramedClient a = new FramedClient(server.tcpAddress())) {
            a.read();
            ByteString mangledA = ByteString.copyFrom(AddrMangle.encode(a.localAddress()));
            try (FramedClient forger = new FramedClient(server.tcpAddress())) {
                forger.read();
                forger.send(RendezvousMessage.newBuilder().setPunchHoleSent(PunchHoleSent.newBuilder()
                        .setSocketAddr(mangledA).setId(B_ID).setVersion("1.4.9")).build());
                assertThat(forger.closedByServer()).isTrue();
            }
            a.send(punchRequest(B_ID, licence()));
            receiveUdp(b);
            try (FramedClient forger = new FramedClient(server.tcpAddress())) {
                forger.read();
                forger.send(RendezvousMessage.newBuilder().setLocalAddr(LocalAddr.newBuilder()
                        .setSocketAddr(mangledA).setId("other-id").setVersion("1.4.9")).build());
            }
            a.socket.setSoTimeout(500);
            assertThat(a.closedByServer()).isFalse(); // nothing was delivered to A
        }
    }

    @Test
    void deviceInitiatedRelayGetsTheSignedPkInPlaceOfTheId() throws IOException {
        try (DatagramSocket b = registerDevice(); FramedClient a = new FramedClient(server.tcpAddress())) {
            a.read();
            a.send(punchRequest(B_ID, licence()));
            RendezvousMessage fla = receiveUdp(b);
            try (FramedClient bTcp = new FramedClient(server.tcpAddress())) {
                bTcp.read();
                bTcp.send(RendezvousMessage.newBuilder().setRelayResponse(RelayResponse.newBuilder()
                        .setSocketAddr(fla.getFetchLocalAddr().getSocketAddr()).setUuid("u-1")
                        .setRelayServer("relay.example:21117").setId(B_ID).setVersion("1.4.9")).build());
            }
            RelayResponse rr = a.read().getRelayResponse();
            assertThat(rr.getSocketAddr()).isEmpty();
            assertThat(rr.getUuid()).isEqualTo("u-1");
            assertThat(rr.getRelayServer()).isEqualTo("relay.example:21117");
            assertThat(rr.getUnionCase()).isEqualTo(RelayResponse.UnionCase.PK);
            assertThat(IdPk.parseFrom(serverPk().open(rr.getPk().toByteArray()).orElseThrow()).getId())
                    .isEqualTo(B_ID);
        }
    }

    @Test
    void requestRelayIsForwardedWithTheRequestersAddressAndAnswered() throws IOException {
        try (DatagramSocket b = registerDevice(); FramedClient a = new FramedClient(server.tcpAddress())) {
            a.read();
            a.send(RendezvousMessage.newBuilder().setRequestRelay(RequestRelay.newBuilder().setId(B_ID)
                    .setUuid("uuid-2").setRelayServer("r:21117").setSecure(true)).build());
            RequestRelay fwd = receiveUdp(b).getRequestRelay();
            assertThat(fwd.getUuid()).isEqualTo("uuid-2");
            assertThat(fwd.getSecure()).isTrue();
            assertThat(AddrMangle.decode(fwd.getSocketAddr().toByteArray())).isEqualTo(a.localAddress());
            try (FramedClient bTcp = new FramedClient(server.tcpAddress())) {
                bTcp.read();
                bTcp.send(RendezvousMessage.newBuilder().setRelayResponse(RelayResponse.newBuilder()
                        .setSocketAddr(fwd.getSocketAddr()).setVersion("1.4.9")).build());
            }
            RelayResponse rr = a.read().getRelayResponse();
            assertThat(rr.getSocketAddr()).isEmpty();
            assertThat(rr.getVersion()).isEqualTo("1.4.9");
        }
    }

    @Test
    void natTestReportsTheObservedPortOnBothPorts() throws IOException {
        byte[] req = RendezvousMessage.newBuilder()
                .setTestNatRequest(TestNatRequest.newBuilder().setSerial(0)).build().toByteArray();
        try (FramedClient p = new FramedClient(server.tcpAddress())) {
            p.sendRaw(io.jdesk.protocol.codec.FrameCodec.encode(req));
            RendezvousMessage r = p.readSkippingKeyExchange();
            assertThat(r.getTestNatResponse().getPort()).isEqualTo(p.localAddress().getPort());
            assertThat(p.closedByServer()).isTrue();
        }
        try (FramedClient p = new FramedClient(server.natAddress())) {
            p.sendRaw(io.jdesk.protocol.codec.FrameCodec.encode(req));
            RendezvousMessage r = p.read(); // no KeyExchange on P-1
            assertThat(r.getTestNatResponse().getPort()).isEqualTo(p.localAddress().getPort());
        }
    }

    @Test
    void configUpdateFromLoopbackIsAdoptedAndPushedWithTheNatTest() throws IOException {
        try (DatagramSocket admin = new DatagramSocket(new InetSocketAddress(lo, 0))) {
            byte[] cu = RendezvousMessage.newBuilder().setConfigureUpdate(
                    io.jdesk.protocol.proto.ConfigUpdate.newBuilder().setSerial(7)
                            .addRendezvousServers("rs.example.com:21116").addRendezvousServers("bad value!"))
                    .build().toByteArray();
            admin.send(new DatagramPacket(cu, cu.length, server.udpAddress()));
        }
        byte[] req = RendezvousMessage.newBuilder()
                .setTestNatRequest(TestNatRequest.newBuilder().setSerial(3)).build().toByteArray();
        RendezvousMessage r = null;
        for (int attempt = 0; attempt < 50 && (r == null || !r.getTestNatResponse().hasCu()); attempt++) {
            try (FramedClient p = new FramedClient(server.tcpAddress())) { // the datagram may still be in flight
                p.sendRaw(io.jdesk.protocol.codec.FrameCodec.encode(req));
                r = p.readSkippingKeyExchange();
            }
        }
        assertThat(r.getTestNatResponse().getCu().getSerial()).isEqualTo(7);
        assertThat(r.getTestNatResponse().getCu().getRendezvousServersList()).containsExactly("rs.example.com:21116");
        try (FramedClient p = new FramedClient(server.natAddress())) {
            p.sendRaw(io.jdesk.protocol.codec.FrameCodec.encode(req));
            assertThat(p.read().getTestNatResponse().hasCu()).as("never on P-1").isFalse();
        }
    }

    @Test
    void onlineQueryAnswersTheMsbFirstBitmap() throws IOException {
        try (DatagramSocket b = registerDevice(); FramedClient q = new FramedClient(server.natAddress())) {
            q.send(RendezvousMessage.newBuilder().setOnlineRequest(OnlineRequest.newBuilder().setId("me")
                    .addPeers(B_ID).addPeers("nobody").addPeers(B_ID)).build());
            assertThat(HEX.formatHex(q.read().toByteArray())).isEqualTo("c201030a01a0");
        }
    }

    @Test
    void secureTcpEncryptsBothDirectionsAfterKeyExchange() throws IOException {
        try (FramedClient a = new FramedClient(server.tcpAddress())) {
            byte[] signed = a.read().getKeyExchange().getKeys(0).toByteArray();
            byte[] serverBoxPk = serverPk().open(signed).orElseThrow();
            BoxKeyPair mine = BoxKeyPair.generate();
            SessionKey k = SessionKey.generate();
            byte[] sealed = SealedKey.seal(k, serverBoxPk, mine);
            a.send(RendezvousMessage.newBuilder().setKeyExchange(KeyExchange.newBuilder()
                    .addKeys(ByteString.copyFrom(mine.publicKey())).addKeys(ByteString.copyFrom(sealed))).build());
            a.cipher = new StreamCipher(k);
            a.send(punchRequest("nobody99", licence()));
            assertThat(HEX.formatHex(a.read().toByteArray())).isEqualTo("5a00");
            a.sendRaw(new byte[] {0}); // an unencrypted heartbeat is allowed
            a.send(punchRequest("nobody98", licence()));
            assertThat(HEX.formatHex(a.read().toByteArray())).isEqualTo("5a00");
        }
    }

    @Test
    void aBrokenKeyExchangeClosesTheConnection() throws IOException {
        try (FramedClient a = new FramedClient(server.tcpAddress())) {
            a.read();
            a.send(RendezvousMessage.newBuilder().setKeyExchange(KeyExchange.newBuilder()
                    .addKeys(ByteString.copyFrom(new byte[32])).addKeys(ByteString.copyFrom(new byte[48]))).build());
            assertThat(a.closedByServer()).isTrue();
        }
    }

    @Test
    void garbageOnEveryListenerCostsNothingAndTheNextClientIsServed() throws Exception {
        try (DatagramSocket g = new DatagramSocket(new InetSocketAddress(lo, 0))) {
            byte[] junk = HEX.parseHex("ffffffffffff0b0b0b0b");
            g.send(new DatagramPacket(junk, junk.length, server.udpAddress()));
        }
        for (InetSocketAddress port : new InetSocketAddress[] {server.tcpAddress(), server.natAddress()}) {
            try (FramedClient g = new FramedClient(port)) {
                g.sendRaw(HEX.parseHex("ffffffff")); // declares 1 GiB
                assertThat(g.closedByServer() || g.closedByServer()).isTrue();
            }
            try (FramedClient g = new FramedClient(port)) {
                g.sendRaw(HEX.parseHex("0cffffffffffffffffff")); // not protobuf
                assertThat(g.closedByServer() || g.closedByServer()).isTrue();
            }
        }
        try (java.net.Socket raw = new java.net.Socket(lo, server.wsAddress().getPort())) {
            raw.setSoTimeout(3000);
            raw.getOutputStream().write("GARBAGE / HTTP/9.9\r\n\r\n".getBytes()); // not an upgrade
            assertThat(raw.getInputStream().read(new byte[4096])).isNotZero(); // an HTTP error or EOF, no hang
        }
        try (WsPeer g = new WsPeer(server.wsAddress(), "/ws/id", null)) {
            g.send(RendezvousMessage.newBuilder().setKeyExchange(io.jdesk.protocol.proto.KeyExchange
                    .getDefaultInstance()).build()); // not served on WebSocket: closed
        }
        try (WsPeer g = new WsPeer(server.wsAddress(), "/ws/id", null)) {
            g.send(HEX.parseHex("0cffffffffffffffffff")); // not protobuf: closed
            g.send(new byte[70_000]); // over the 64 KiB message limit: closed
        } catch (Exception closed) {
            // the server may close before the second send completes
        }
        unknownDeviceIsAskedForItsKeyWithTheOssBytes();
        natTestReportsTheObservedPortOnBothPorts();
        try (WsPeer ok = new WsPeer(server.wsAddress(), "/ws/id", null)) {
            ok.send(punchRequest("nobody99", licence()));
            assertThat(HEX.formatHex(ok.read().toByteArray())).isEqualTo("5a00");
        }
    }

    /**
     * The UDP listener reads datagrams in batches (recvmmsg) and flushes its replies once per
     * batch: a burst sent without waiting is still answered datagram for datagram, and a datagram
     * longer than the 2048-byte read slot is cut and dropped without disturbing its neighbours.
     */
    @Test
    void aBurstOfKeepAlivesIsAnsweredOneForOneAroundAnOversizeDatagram() throws IOException {
        try (DatagramSocket b = registerDevice(); DatagramSocket u = new DatagramSocket(new InetSocketAddress(lo, 0))) {
            u.setSoTimeout(3000);
            byte[] known = RendezvousMessage.newBuilder()
                    .setRegisterPeer(RegisterPeer.newBuilder().setId(B_ID)).build().toByteArray();
            byte[] unknown = RendezvousMessage.newBuilder()
                    .setRegisterPeer(RegisterPeer.newBuilder().setId("nobody99")).build().toByteArray();
            byte[] oversize = RendezvousMessage.newBuilder().setRegisterPeer(RegisterPeer.newBuilder()
                    .setId("x".repeat(3000))).build().toByteArray();
            int burst = 300;
            int chunk = 60; // a chunk's replies fit the client's default receive buffer
            int registered = 0;
            int requestPk = 0;
            for (int c = 0; c < burst; c += chunk) {
                int expected = 0;
                for (int i = c; i < c + chunk; i++) {
                    byte[] m = i == burst / 2 ? oversize : i % 2 == 0 ? known : unknown;
                    expected += m == oversize ? 0 : 1;
                    u.send(new DatagramPacket(m, m.length, server.udpAddress()));
                }
                for (int i = 0; i < expected; i++) {
                    String reply = HEX.formatHex(receiveUdp(u).toByteArray());
                    if (reply.equals("3a00")) {
                        registered++;
                    } else if (reply.equals("3a021001")) {
                        requestPk++;
                    }
                }
            }
            assertThat(registered).isEqualTo(burst / 2 - 1); // the oversize one took an even slot
            assertThat(requestPk).isEqualTo(burst / 2);
            u.setSoTimeout(300);
            assertThatThrownBy(() -> receiveUdp(u)).isInstanceOf(java.net.SocketTimeoutException.class);
            assertThat(HEX.formatHex(udpExchange(b, known))).isEqualTo("3a00");
        }
    }

    /** Regression (found by fuzzing): it used to get no answer at all and stay open until the idle timeout. */
    @Test
    void aRequestThatIsNotForAWebSocketPathIsAnswered400AndClosed() throws Exception {
        assertThat(WsPeer.rawExchange(server.wsAddress(), WsPeer.absoluteFormUpgrade("/ws/id")))
                .startsWith("HTTP/1.1 400 Bad Request");
        try (WsPeer ok = new WsPeer(server.wsAddress(), "/ws/id", null)) {
            ok.send(punchRequest("nobody99", licence()));
            assertThat(HEX.formatHex(ok.read().toByteArray())).isEqualTo("5a00");
        }
    }

    static byte[] sign(SigningKeyPair k, byte[] m) {
        return k.sign(m);
    }
}
