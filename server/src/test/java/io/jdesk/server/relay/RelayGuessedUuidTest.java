package io.jdesk.server.relay;

import static io.jdesk.server.relay.RelayHarness.awaitUnpaired;
import static io.jdesk.server.relay.RelayHarness.uuid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import io.jdesk.server.testing.LogCapture;
import io.jdesk.server.testing.WsPeer;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A third party presenting a uuid it did not get from hbbs (issue 6 item 3). hbbr cannot know
 * which uuids hbbs handed out — OSS runs them as separate processes and a relay may serve several
 * rendezvous servers — so "not requested" cannot be refused as such. What is refused, logged and
 * tested here:
 *
 * <ul>
 *   <li>a uuid that is already <b>paired</b> never joins or observes the pair: the newcomer becomes
 *       a waiter of its own (OSS behaviour, a reconnecting client relies on it), receives nothing
 *       and is closed at the unpaired timeout, logged {@code Relay request {uuid} from {addr} not
 *       paired within ...}; the pair keeps forwarding only between its two sides;</li>
 *   <li>a uuid <b>nobody else presents</b> waits alone, receives nothing, and is closed the same
 *       way;</li>
 *   <li>with a key configured, a connection without it is refused with the OSS warning
 *       ({@link RelayAcceptTest#aWrongKeyIsRefusedWithTheOssWarning}).</li>
 * </ul>
 *
 * What stays possible, by design of the protocol: presenting the uuid of a side that is still
 * <i>waiting</i> pairs with it. The uuid is the capability: the official client makes it a random
 * UUIDv4 (122 bits) per connection, and the session that follows is end-to-end encrypted against
 * the device key the server signed, which a stranger in the pair cannot present. (hbbr logs uuids,
 * as OSS does, so its logs are as sensitive as a live uuid for the 30 s wait.)
 */
class RelayGuessedUuidTest {

    static final Duration SHORT = Duration.ofMillis(500);

    @TempDir Path dir;

    RelayServer relay() throws IOException {
        return RelayHarness.start(RelayHarness.config(dir).withTimeouts(RelayConfig.DEFAULT_FIRST_FRAME_TIMEOUT,
                SHORT, RelayConfig.DEFAULT_FIRST_FRAME_TIMEOUT));
    }

    /** Whether {@code peer} receives nothing before the relay closes it (true) — fails on any byte. */
    static boolean closedWithoutAByte(TcpPeer peer) throws IOException {
        peer.timeout(5000);
        try {
            int b = peer.in().read();
            assertThat(b).as("a byte reached the third party").isEqualTo(-1);
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    @Test
    void aThirdPartyWithAPairedUuidGetsNothingAndIsClosedAtTheUnpairedTimeout() throws Exception {
        try (LogCapture logs = new LogCapture(); RelayServer relay = relay();
                TcpPeer a = new TcpPeer(relay.tcpAddress()); WsPeer b = new WsPeer(relay.wsAddress());
                TcpPeer third = new TcpPeer(relay.tcpAddress())) {
            String uuid = uuid();
            a.send(TcpPeer.controllerRequest(uuid, ""));
            awaitUnpaired(relay, 1);
            b.send(TcpPeer.deviceRequest(uuid, ""));
            awaitUnpaired(relay, 0);

            third.send(TcpPeer.controllerRequest(uuid, "")).write(new byte[] {6, 6, 6});
            awaitUnpaired(relay, 1);
            assertThat(logs.has(Level.INFO, "New relay request " + uuid + " from 127.0.0.1:"
                    + third.socket.getLocalPort())).isTrue();
            a.sendFrame(new byte[] {1, 2});
            a.flush();
            b.send(new byte[] {3, 4});
            assertThat(b.receive()).containsExactly(1, 2);
            assertThat(a.readFrame()).containsExactly(3, 4);

            assertThat(closedWithoutAByte(third)).isTrue();
            await().atMost(Duration.ofSeconds(5)).until(() -> logs.has(Level.INFO, "Relay request " + uuid
                    + " from 127.0.0.1:" + third.socket.getLocalPort() + " not paired within 500 ms, closed"));
            awaitUnpaired(relay, 0);
            a.sendFrame(new byte[] {5});
            a.flush();
            assertThat(b.receive()).as("the pair is unaffected").containsExactly(5);
            assertThat(relay.stats().activePairs()).isEqualTo(1);
        }
    }

    @Test
    void aUuidNobodyElsePresentsWaitsAloneAndIsClosed() throws Exception {
        try (LogCapture logs = new LogCapture(); RelayServer relay = relay(); TcpPeer guesser = new TcpPeer(relay.tcpAddress())) {
            String guess = "00000000-0000-4000-8000-000000000000";
            guesser.send(TcpPeer.deviceRequest(guess, "")).write(new byte[] {1, 2, 3});
            awaitUnpaired(relay, 1);
            assertThat(closedWithoutAByte(guesser)).isTrue();
            await().atMost(Duration.ofSeconds(5)).until(() -> logs.hasPrefix(Level.INFO, "Relay request " + guess
                    + " from 127.0.0.1:" + guesser.socket.getLocalPort() + " not paired within"));
            assertThat(relay.stats().activePairs()).isZero();
        }
    }
}
