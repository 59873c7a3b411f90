package io.jdesk.server.relay;

import io.jdesk.server.testing.LogCapture;
import io.jdesk.server.testing.WsPeer;
import static io.jdesk.server.relay.RelayHarness.awaitUnpaired;
import static io.jdesk.server.relay.RelayHarness.concat;
import static io.jdesk.server.relay.RelayHarness.framed;
import static io.jdesk.server.relay.RelayHarness.parallel;
import static io.jdesk.server.relay.RelayHarness.uuid;
import static io.jdesk.server.relay.Traffic.BULK;
import static io.jdesk.server.relay.Traffic.MIB;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.jdesk.server.transport.Transport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two fake clients paired by uuid through a real relay on loopback: random bytes both ways with
 * checksums over TCP/TCP (raw, by ByteBuf pipe and by splice), TCP/WS and WS/WS (re-framed), and
 * close propagation.
 */
class RelayForwardingTest {

    @TempDir Path dir;

    RelayServer unlimited(boolean splice) throws IOException {
        return RelayHarness.start(RelayHarness.config(dir).withBandwidth(Bandwidth.UNLIMITED_ALL).withSplice(splice));
    }

    @ParameterizedTest(name = "splice allowed: {0}")
    @ValueSource(booleans = {false, true})
    void tcpToTcpPassesEveryByteUntouchedBothWays(boolean splice) throws Exception {
        try (LogCapture logs = new LogCapture(); RelayServer relay = unlimited(splice);
                TcpPeer a = new TcpPeer(relay.tcpAddress()); TcpPeer b = new TcpPeer(relay.tcpAddress())) {
            String uuid = uuid();
            Traffic fromA = new Traffic(1, BULK);
            Traffic fromB = new Traffic(2, BULK);
            // The controller's RequestRelay and its first session bytes in one write: the relay
            // must forward what sits behind the first frame without parsing it. Random bytes are
            // not valid frames, so anything but a raw pipe would corrupt or stall them.
            a.write(concat(framed(TcpPeer.controllerRequest(uuid, "")), fromA.next(1000)));
            awaitUnpaired(relay, 1);
            b.write(concat(framed(TcpPeer.deviceRequest(uuid, "")), fromB.next(777)));

            List<String> d = parallel(
                    () -> fromA.sendAll(a.socket.getOutputStream()),
                    () -> Traffic.receive(b.in(), BULK),
                    () -> fromB.sendAll(b.socket.getOutputStream()),
                    () -> Traffic.receive(a.in(), BULK));

            assertThat(d.get(1)).as("A -> B").isEqualTo(d.get(0));
            assertThat(d.get(3)).as("B -> A").isEqualTo(d.get(2));
            assertThat(relay.stats().splicedPairs()).isEqualTo(splice && RelayHarness.transport() == Transport.EPOLL ? 1 : 0);
            assertThat(logs.has(Level.INFO, "Both are raw")).isTrue();
            assertThat(logs.has(Level.INFO, "New relay request " + uuid + " from 127.0.0.1:"
                    + a.socket.getLocalPort())).isTrue();
            assertThat(logs.has(Level.INFO, "Relayrequest " + uuid + " from 127.0.0.1:"
                    + b.socket.getLocalPort() + " got paired")).isTrue();
        }
    }

    @Test
    void tcpToWebSocketReframesEveryMessageBothWays() throws Exception {
        try (LogCapture logs = new LogCapture(); RelayServer relay = unlimited(false);
                TcpPeer tcp = new TcpPeer(relay.tcpAddress()); WsPeer ws = new WsPeer(relay.wsAddress())) {
            String uuid = uuid();
            ws.send(TcpPeer.controllerRequest(uuid, ""));
            awaitUnpaired(relay, 1);
            tcp.send(TcpPeer.deviceRequest(uuid, ""));

            List<String> d = parallel(
                    () -> sendFrames(tcp, new Traffic(3, BULK)),
                    () -> receiveMessages(ws, BULK),
                    () -> sendMessages(ws, new Traffic(4, BULK)),
                    () -> receiveFrames(tcp, BULK));

            assertThat(d.get(1)).as("TCP -> WS").isEqualTo(d.get(0));
            assertThat(d.get(3)).as("WS -> TCP").isEqualTo(d.get(2));
            assertThat(logs.has(Level.INFO, "Both are raw")).isFalse();
        }
    }

    @Test
    void webSocketToWebSocketKeepsMessagesBothWays() throws Exception {
        try (RelayServer relay = unlimited(false);
                WsPeer a = new WsPeer(relay.wsAddress()); WsPeer b = new WsPeer(relay.wsAddress())) {
            String uuid = uuid();
            a.send(TcpPeer.controllerRequest(uuid, ""));
            awaitUnpaired(relay, 1);
            b.send(TcpPeer.deviceRequest(uuid, ""));

            List<String> d = parallel(
                    () -> sendMessages(a, new Traffic(5, BULK)),
                    () -> receiveMessages(b, BULK),
                    () -> sendMessages(b, new Traffic(6, BULK)),
                    () -> receiveMessages(a, BULK));

            assertThat(d.get(1)).as("A -> B").isEqualTo(d.get(0));
            assertThat(d.get(3)).as("B -> A").isEqualTo(d.get(2));
        }
    }

    /** ByteBuf pipe only: splice loses what is still queued when a client closes (RelayConfig#splice). */
    @Test
    void whenOneTcpSideClosesTheOtherGetsItsBytesThenTheClose() throws Exception {
        try (LogCapture logs = new LogCapture(); RelayServer relay = unlimited(false);
                TcpPeer a = new TcpPeer(relay.tcpAddress()); TcpPeer b = new TcpPeer(relay.tcpAddress())) {
            String uuid = uuid();
            a.send(TcpPeer.controllerRequest(uuid, ""));
            awaitUnpaired(relay, 1);
            b.send(TcpPeer.deviceRequest(uuid, ""));
            Traffic fromA = new Traffic(7, 4 * MIB);
            String sent = fromA.sendAll(a.socket.getOutputStream());
            a.socket.close(); // FIN after the last byte

            assertThat(Traffic.receive(b.in(), 4 * MIB)).isEqualTo(sent);
            long afterLastByte = System.nanoTime();
            b.timeout(1000);
            assertThat(b.in().read()).as("end of stream within 1 s after the last byte").isEqualTo(-1);
            assertThat(System.nanoTime() - afterLastByte).isLessThan(1_000_000_000L);
            awaitClosedLog(logs, "Relay of 127.0.0.1:" + b.socket.getLocalPort() + " closed");
        }
    }

    @Test
    void aSideThatSendsAndClosesWhileWaitingHasItsBytesForwardedOnPairing() throws Exception {
        try (RelayServer relay = unlimited(false); TcpPeer a = new TcpPeer(relay.tcpAddress());
                TcpPeer b = new TcpPeer(relay.tcpAddress())) {
            String uuid = uuid();
            Traffic fromA = new Traffic(8, 32 * 1024);
            a.write(concat(framed(TcpPeer.controllerRequest(uuid, "")), fromA.next(32 * 1024)));
            a.socket.shutdownOutput(); // FIN while unpaired: OSS keeps the bytes in the socket
            awaitUnpaired(relay, 1);
            b.send(TcpPeer.deviceRequest(uuid, ""));

            assertThat(Traffic.receive(b.in(), 32 * 1024)).isEqualTo(fromA.digest());
            b.timeout(1000);
            assertThat(b.in().read()).isEqualTo(-1);
        }
    }

    /**
     * Regression (found by fuzzing): pairing with a waiter that had sent a FIN made the relay ask
     * that half-closed side to read, which Netty 4.2.18's epoll transport answers with
     * "epoll_ctl(..) failed with error(-2): No such file or directory" (once a channel wants no
     * event, its fd is deleted from the epoll set but still counted as added, so the next
     * interest is a MOD of an fd that is not there) — the side then failed instead of ending
     * cleanly. The relay no longer asks a side whose input has ended to read.
     */
    @ParameterizedTest(name = "partner over WebSocket: {0}")
    @ValueSource(booleans = {false, true})
    void pairingWithAWaiterThatSentItsBytesAndFinFailsNothing(boolean partnerWs) throws Exception {
        ch.qos.logback.classic.Logger pipe = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
                .getLogger(PipeHandler.class);
        Level saved = pipe.getLevel();
        pipe.setLevel(Level.DEBUG);
        try (LogCapture logs = new LogCapture(); RelayServer relay = unlimited(false); TcpPeer a = new TcpPeer(relay.tcpAddress())) {
            String uuid = uuid();
            byte[] payload = new byte[] {1, 2, 3, 4, 5};
            a.write(concat(framed(TcpPeer.controllerRequest(uuid, "")), io.jdesk.protocol.codec.FrameCodec.encode(payload)));
            a.socket.shutdownOutput();
            awaitUnpaired(relay, 1);
            if (partnerWs) {
                try (WsPeer b = new WsPeer(relay.wsAddress())) {
                    b.send(TcpPeer.deviceRequest(uuid, ""));
                    assertThat(b.receive()).containsExactly(payload);
                    assertThat(b.closedByRelay(5000)).isTrue();
                }
            } else {
                try (TcpPeer b = new TcpPeer(relay.tcpAddress())) {
                    b.send(TcpPeer.deviceRequest(uuid, ""));
                    assertThat(b.readFrame()).containsExactly(payload);
                    assertThat(b.readFrame()).isNull();
                }
            }
            awaitClosedLog(logs, null);
            assertThat(logs.messages()).noneMatch(m -> m.startsWith("relay side") && m.endsWith("failed"));
        } finally {
            pipe.setLevel(saved);
        }
    }

    @Test
    void whenTheWebSocketSideClosesTheTcpSideIsClosedAndViceVersa() throws Exception {
        try (RelayServer relay = unlimited(false)) {
            try (TcpPeer tcp = new TcpPeer(relay.tcpAddress()); WsPeer ws = new WsPeer(relay.wsAddress())) {
                String uuid = uuid();
                tcp.send(TcpPeer.controllerRequest(uuid, ""));
                awaitUnpaired(relay, 1);
                ws.send(TcpPeer.deviceRequest(uuid, "")).send(new byte[] {1, 2, 3});
                assertThat(tcp.readFrame()).containsExactly(1, 2, 3);
                ws.abort();
                tcp.timeout(1000);
                assertThat(tcp.readFrame()).as("closed within 1 s").isNull();
            }
            try (TcpPeer tcp = new TcpPeer(relay.tcpAddress()); WsPeer ws = new WsPeer(relay.wsAddress())) {
                String uuid = uuid();
                ws.send(TcpPeer.controllerRequest(uuid, ""));
                awaitUnpaired(relay, 1);
                tcp.send(TcpPeer.deviceRequest(uuid, ""));
                tcp.sendFrame(new byte[] {4, 5});
                tcp.socket.close();
                assertThat(ws.receive()).containsExactly(4, 5);
                assertThat(ws.closedByRelay(1000)).as("closed within 1 s").isTrue();
            }
        }
    }

    /** Waits for the line, or (null) for any "Relay of ... closed" line. */
    static void awaitClosedLog(LogCapture logs, String line) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> line == null
                ? logs.hasPrefix(Level.INFO, "Relay of ") : logs.has(Level.INFO, line));
    }

    /** TCP side of a re-framed pair: frames of random size, an empty heartbeat frame now and then. */
    static String sendFrames(TcpPeer peer, Traffic t) throws IOException {
        for (int i = 0; t.more(); i++) {
            peer.sendFrame(t.nextMessage(i == 3 ? 2 * MIB : 64 * 1024));
            if (i % 50 == 0) {
                peer.sendFrame(new byte[0]); // heartbeat: activity, never forwarded
            }
        }
        peer.flush();
        return t.digest();
    }

    static String receiveFrames(TcpPeer peer, long bytes) throws IOException {
        Traffic.Messages got = new Traffic.Messages();
        while (got.bytes() < bytes) {
            byte[] f = peer.readFrame();
            assertThat(f).as("frame %d", got.count()).isNotNull().isNotEmpty();
            got.add(f);
        }
        return got.digest();
    }

    /** WebSocket side: binary messages of random size, a text message now and then (not relayed). */
    static String sendMessages(WsPeer peer, Traffic t) throws Exception {
        for (int i = 0; t.more(); i++) {
            peer.send(t.nextMessage(i == 3 ? 2 * MIB : 64 * 1024));
            if (i % 50 == 0) {
                peer.sendText("ignored");
            }
        }
        return t.digest();
    }

    static String receiveMessages(WsPeer peer, long bytes) throws Exception {
        Traffic.Messages got = new Traffic.Messages();
        while (got.bytes() < bytes) {
            byte[] m = peer.receive();
            assertThat(m).as("message %d", got.count()).isNotNull().isNotEmpty();
            got.add(m);
        }
        return got.digest();
    }
}
