package io.jdesk.server.relay;

import io.jdesk.server.testing.LogCapture;
import io.jdesk.server.testing.WsPeer;
import static io.jdesk.server.relay.RelayHarness.awaitUnpaired;
import static io.jdesk.server.relay.RelayHarness.uuid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import io.jdesk.protocol.codec.FrameCodec;
import io.jdesk.protocol.crypto.ServerKey;
import io.jdesk.protocol.proto.RendezvousMessage;
import io.jdesk.protocol.proto.TestNatRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The accept path (spec/servers.md §9.1, §9.2, §9.8): timeouts, key check, blocklist, the
 * unpaired table and its cap, idle pairs. Timeouts are configured short; the tests wait for the
 * relay to close the connection (a blocking read), never for a fixed time.
 */
class RelayAcceptTest {

    static final Duration SHORT = Duration.ofMillis(300);

    @TempDir Path dir;

    static final Duration LONG = RelayConfig.DEFAULT_FIRST_FRAME_TIMEOUT;

    /** Short timeouts where a test waits for one; the others stay long so a slow run cannot trip them. */
    RelayConfig timeouts(Duration firstFrame, Duration unpaired, Duration idle) throws IOException {
        return RelayHarness.config(dir).withTimeouts(firstFrame, unpaired, idle);
    }

    @Test
    void aConnectionThatSendsNothingIsClosedAfterTheFirstFrameTimeout() throws Exception {
        try (RelayServer relay = RelayHarness.start(timeouts(SHORT, LONG, LONG))) {
            long start = System.nanoTime(); // before connecting: the relay's clock starts at accept
            try (TcpPeer tcp = new TcpPeer(relay.tcpAddress()); WsPeer ws = new WsPeer(relay.wsAddress())) {
                assertThat(tcp.closedByRelay()).isTrue();
                long elapsed = System.nanoTime() - start;
                assertThat(elapsed).isGreaterThanOrEqualTo(SHORT.toNanos() - 50_000_000);
                assertThat(ws.closedByRelay(5000)).isTrue();
            }
        }
    }

    @Test
    void anUnpairedSideWaitsForTheUnpairedTimeoutThenIsClosed() throws Exception {
        try (LogCapture logs = new LogCapture(); RelayServer relay = RelayHarness.start(timeouts(LONG, SHORT, LONG));
                TcpPeer tcp = new TcpPeer(relay.tcpAddress())) {
            String uuid = uuid();
            tcp.send(TcpPeer.deviceRequest(uuid, ""));
            assertThat(tcp.closedByRelay()).isTrue();
            assertThat(logs.messages()).contains("New relay request " + uuid + " from 127.0.0.1:"
                    + tcp.socket.getLocalPort());
            awaitUnpaired(relay, 0);
        }
    }

    @Test
    void aPairWithoutTrafficIsClosedAfterTheIdleTimeout() throws Exception {
        try (LogCapture logs = new LogCapture(); RelayServer relay = RelayHarness.start(timeouts(LONG, LONG, SHORT));
                TcpPeer a = new TcpPeer(relay.tcpAddress()); WsPeer b = new WsPeer(relay.wsAddress())) {
            String uuid = uuid();
            a.send(TcpPeer.controllerRequest(uuid, ""));
            awaitUnpaired(relay, 1);
            b.send(TcpPeer.deviceRequest(uuid, "")).send(new byte[] {9});
            assertThat(a.readFrame()).containsExactly(9);
            assertThat(a.readFrame()).as("closed when idle").isNull();
            assertThat(b.closedByRelay(5000)).isTrue();
            await().atMost(Duration.ofSeconds(5)).until(() -> logs.has(Level.INFO,
                    "Relay of 127.0.0.1:" + wsPort(logs) + " closed: Timeout"));
        }
    }

    /** The port of the WebSocket side as the pairing line logged it (the JDK client does not expose it). */
    static String wsPort(LogCapture logs) {
        return logs.messages().stream().filter(m -> m.endsWith("got paired")).findFirst()
                .map(m -> m.replaceAll(".* from 127\\.0\\.0\\.1:(\\d+) got paired", "$1")).orElse("?");
    }

    @Test
    void aWrongKeyIsRefusedWithTheOssWarning() throws Exception {
        RelayConfig c = RelayHarness.config(dir);
        c = new RelayConfig(c.bind(), 0, 0, ServerKey.forRelay("secret-key", dir), c.console(), c.trustedProxy(),
                c.maxFirstFrame(), c.maxRelayedFrame(), c.bandwidth(), c.firstFrameTimeout(), c.unpairedTimeout(),
                c.idleTimeout(), c.workDir(), c.pendingCapacity(), c.unpairedPerIp(), c.splice());
        try (LogCapture logs = new LogCapture(); RelayServer relay = RelayHarness.start(c)) {
            try (TcpPeer wrong = new TcpPeer(relay.tcpAddress())) {
                wrong.send(TcpPeer.deviceRequest(uuid(), "other-key"));
                assertThat(wrong.closedByRelay()).isTrue();
                assertThat(logs.has(Level.WARN, "Relay authentication failed from 127.0.0.1:"
                        + wrong.socket.getLocalPort() + " - invalid key")).isTrue();
            }
            assertThat(relay.unpaired()).isZero();
            try (TcpPeer right = new TcpPeer(relay.tcpAddress())) {
                right.send(TcpPeer.deviceRequest(uuid(), "secret-key"));
                awaitUnpaired(relay, 1);
            }
        }
    }

    @Test
    void firstMessagesThatAreNotAUsableRequestRelayAreDropped() throws Exception {
        try (RelayServer relay = RelayHarness.start(RelayHarness.config(dir))) {
            byte[] testNat = FrameCodec.encode(RendezvousMessage.newBuilder()
                    .setTestNatRequest(TestNatRequest.newBuilder().setSerial(1)).build().toByteArray());
            byte[] noUuid = FrameCodec.encode(TcpPeer.deviceRequest("", "").toByteArray());
            byte[] notProtobuf = FrameCodec.encode(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff});
            byte[] tooLong = {(byte) 0x03, 0x00, 0x00, 0x01}; // announces 4 MiB: over the 64 KiB first-frame limit
            for (byte[] first : new byte[][] {testNat, noUuid, notProtobuf, tooLong}) {
                try (TcpPeer tcp = new TcpPeer(relay.tcpAddress())) {
                    tcp.write(first);
                    assertThat(tcp.closedByRelay()).isTrue();
                }
            }
            try (WsPeer ws = new WsPeer(relay.wsAddress())) {
                ws.sendText("RequestRelay?"); // non-binary first message = empty = not a RequestRelay
                assertThat(ws.closedByRelay(5000)).isTrue();
            }
            assertThat(relay.unpaired()).isZero();
        }
    }

    /**
     * Regression (found by fuzzing): the request reached the accept handler, failed a cast to
     * ByteBuf and its aggregated buffer was never released.
     */
    @Test
    void aRequestThatIsNotForAWebSocketPathIsAnswered400AndClosed() throws Exception {
        try (LogCapture logs = new LogCapture(); RelayServer relay = RelayHarness.start(RelayHarness.config(dir))) {
            assertThat(WsPeer.rawExchange(relay.wsAddress(), WsPeer.absoluteFormUpgrade("/ws/relay")))
                    .startsWith("HTTP/1.1 400 Bad Request");
            assertThat(relay.unpaired()).isZero();
            try (TcpPeer a = new TcpPeer(relay.tcpAddress()); WsPeer b = new WsPeer(relay.wsAddress())) {
                String uuid = uuid();
                a.send(TcpPeer.controllerRequest(uuid, ""));
                awaitUnpaired(relay, 1);
                b.send(TcpPeer.deviceRequest(uuid, "")).send(new byte[] {7});
                assertThat(a.readFrame()).containsExactly(7);
            }
        }
    }

    @Test
    void blocklistedAddressesAreRefusedWithTheOssLine() throws Exception {
        Files.writeString(dir.resolve("blocklist.txt"), "::ffff:127.0.0.1 written as IPv4-mapped\n",
                StandardCharsets.UTF_8);
        try (LogCapture logs = new LogCapture(); RelayServer relay = RelayHarness.start(RelayHarness.config(dir));
                TcpPeer tcp = new TcpPeer(relay.tcpAddress())) {
            assertThat(logs.has(Level.INFO, "#blocklist(blocklist.txt): 1")).isTrue();
            assertThat(logs.has(Level.INFO, "#blacklist(blacklist.txt): 0")).isTrue();
            tcp.write(new byte[] {0}); // may be refused before or after this arrives
            assertThat(tcp.closedByRelay()).isTrue();
            assertThat(logs.has(Level.INFO, "127.0.0.1 blocked")).isTrue();
        }
    }

    @Test
    void theAddressFromATrustedProxyHeaderIsCheckedAgainstTheBlocklist() throws Exception {
        Files.writeString(dir.resolve("blocklist.txt"), "203.0.113.9\n", StandardCharsets.UTF_8);
        RelayConfig c = RelayHarness.config(dir).withTrustedProxy(a -> a.isLoopbackAddress());
        try (LogCapture logs = new LogCapture(); RelayServer relay = RelayHarness.start(c)) {
            try (WsPeer proxied = new WsPeer(relay.wsAddress(), "203.0.113.9")) {
                assertThat(proxied.closedByRelay(5000)).isTrue();
                assertThat(logs.has(Level.INFO, "203.0.113.9 blocked")).isTrue();
            }
            try (WsPeer other = new WsPeer(relay.wsAddress(), "203.0.113.10")) {
                String uuid = uuid();
                other.send(TcpPeer.deviceRequest(uuid, ""));
                awaitUnpaired(relay, 1);
                assertThat(logs.has(Level.INFO, "New relay request " + uuid + " from 203.0.113.10:0")).isTrue();
            }
        }
    }

    @Test
    void theUnpairedTableHasACap() throws Exception {
        try (LogCapture logs = new LogCapture();
                RelayServer relay = RelayHarness.start(RelayHarness.config(dir).withPendingCapacity(1));
                TcpPeer first = new TcpPeer(relay.tcpAddress()); TcpPeer second = new TcpPeer(relay.tcpAddress())) {
            first.send(TcpPeer.deviceRequest(uuid(), ""));
            awaitUnpaired(relay, 1);
            second.send(TcpPeer.deviceRequest(uuid(), ""));
            assertThat(second.closedByRelay()).isTrue();
            assertThat(relay.unpaired()).isEqualTo(1);
            assertThat(logs.messages()).anyMatch(m -> m.startsWith("refusing relay request from 127.0.0.1:"
                    + second.socket.getLocalPort()));
        }
    }

    @Test
    void oneAddressGetsAtMostItsShareOfTheUnpairedTable() throws Exception {
        try (LogCapture logs = new LogCapture();
                RelayServer relay = RelayHarness.start(RelayHarness.config(dir).withUnpairedPerIp(2));
                TcpPeer a = new TcpPeer(relay.tcpAddress()); TcpPeer b = new TcpPeer(relay.tcpAddress());
                TcpPeer c = new TcpPeer(relay.tcpAddress()); TcpPeer aPartner = new TcpPeer(relay.tcpAddress());
                TcpPeer d = new TcpPeer(relay.tcpAddress())) {
            String first = uuid();
            a.send(TcpPeer.controllerRequest(first, ""));
            b.send(TcpPeer.controllerRequest(uuid(), ""));
            awaitUnpaired(relay, 2);
            c.send(TcpPeer.controllerRequest(uuid(), ""));
            assertThat(c.closedByRelay()).isTrue();
            assertThat(logs.messages()).anyMatch(m -> m.startsWith("refusing relay request from 127.0.0.1:"
                    + c.socket.getLocalPort() + ": 2 unpaired connections from its address are waiting already"));
            aPartner.send(TcpPeer.deviceRequest(first, "")); // pairs with a: its slot is free again
            awaitUnpaired(relay, 1);
            d.send(TcpPeer.controllerRequest(uuid(), ""));
            awaitUnpaired(relay, 2);
        }
    }

    @Test
    void aThirdConnectionWithTheSameUuidBecomesANewWaiter() throws Exception {
        try (RelayServer relay = RelayHarness.start(RelayHarness.config(dir));
                TcpPeer a = new TcpPeer(relay.tcpAddress()); TcpPeer b = new TcpPeer(relay.tcpAddress());
                TcpPeer c = new TcpPeer(relay.tcpAddress()); TcpPeer d = new TcpPeer(relay.tcpAddress())) {
            String uuid = uuid();
            a.send(TcpPeer.controllerRequest(uuid, ""));
            awaitUnpaired(relay, 1);
            b.send(TcpPeer.deviceRequest(uuid, ""));
            awaitUnpaired(relay, 0);
            c.send(TcpPeer.controllerRequest(uuid, ""));
            awaitUnpaired(relay, 1);
            d.send(TcpPeer.deviceRequest(uuid, ""));
            awaitUnpaired(relay, 0);
            a.write(new byte[] {1});
            c.write(new byte[] {3});
            assertThat(b.in().read()).isEqualTo(1);
            assertThat(d.in().read()).isEqualTo(3);
            assertThat(relay.stats().activePairs()).isEqualTo(2);
        }
    }

    @Test
    void aTakenPortIsReportedByName() throws Exception {
        try (RelayServer first = RelayHarness.start(RelayHarness.config(dir))) {
            RelayConfig c = RelayHarness.config(dir);
            RelayConfig clash = new RelayConfig(c.bind(), first.tcpAddress().getPort(), 0, c.key(), c.console(),
                    c.trustedProxy(), c.maxFirstFrame(), c.maxRelayedFrame(), c.bandwidth(), c.firstFrameTimeout(),
                    c.unpairedTimeout(), c.idleTimeout(), c.workDir(), c.pendingCapacity(), c.unpairedPerIp(), c.splice());
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> RelayHarness.start(clash))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("cannot listen on TCP port " + first.tcpAddress().getPort() + " at 127.0.0.1");
        }
    }

    /** epoll reports a reset without a read; NIO learns it at the unpaired timeout, as OSS. */
    @Test
    void aWaiterThatIsResetLeavesTheTableAtOnce() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                RelayHarness.transport() == io.jdesk.server.transport.Transport.EPOLL);
        try (RelayServer relay = RelayHarness.start(RelayHarness.config(dir))) {
            try (TcpPeer a = new TcpPeer(relay.tcpAddress())) {
                a.send(TcpPeer.controllerRequest(uuid(), ""));
                awaitUnpaired(relay, 1);
                a.socket.setSoLinger(true, 0); // close = RST
            }
            awaitUnpaired(relay, 0);
        }
    }

    /**
     * A FIN only ends the client's sending: as in OSS the waiter stays until its partner comes
     * (who then gets what it sent, see RelayForwardingTest) or the unpaired timeout.
     */
    @Test
    void aWaiterThatSendsFinStaysUntilTheUnpairedTimeout() throws Exception {
        try (RelayServer relay = RelayHarness.start(timeouts(LONG, SHORT, LONG))) {
            try (TcpPeer a = new TcpPeer(relay.tcpAddress())) {
                a.send(TcpPeer.controllerRequest(uuid(), ""));
                awaitUnpaired(relay, 1);
                a.socket.shutdownOutput();
                assertThat(a.closedByRelay()).isTrue();
            }
            awaitUnpaired(relay, 0);
        }
    }
}
