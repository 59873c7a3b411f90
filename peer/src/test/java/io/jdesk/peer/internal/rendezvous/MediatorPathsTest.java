package io.jdesk.peer.internal.rendezvous;

import static io.jdesk.peer.internal.rendezvous.Fixtures.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jdesk.peer.ConnectPath;
import io.jdesk.peer.internal.PeerLink;
import io.jdesk.peer.testing.ServerHarness;
import io.jdesk.protocol.proto.ConnType;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A device (Mediator) and a controller (Dialer) meet through our hbbs and hbbr on loopback, on
 * each path of peer.md §3-4, and prove it by sending bytes both ways over the links they get.
 */
class MediatorPathsTest {

    /** hbbs setting that sends PunchHole rather than FetchLocalAddr to peers with one public IP. */
    static final Map<String, String> PUNCH = Map.of("JDESK_SAME_IP_LAN", "N");

    @TempDir Path dir;

    /** Registers a device, dials it with {@code dialer}, checks both ends and returns the device's link. */
    PeerLink[] connect(ServerHarness h, DialerConfig dialer, ConnectPath expected) throws Exception {
        TestIdentity identity = new TestIdentity("123456789");
        try (Fixtures.Links links = new Fixtures.Links();
                Mediator device = new Mediator(Fixtures.device(h), identity, links)) {
            device.start();
            await().atMost(WAIT).until(device::registered);
            PeerLink a = new Dialer(dialer).dial(identity.id(), ConnType.DEFAULT_CONN);
            PeerLink b = links.next();
            try {
                assertThat(a.path()).isEqualTo(expected);
                assertThat(b.path()).isEqualTo(expected);
                Fixtures.assertSignedBy(h, a.signedPk(), identity);
                assertThat(b.signedPk()).isEmpty();
                assertThat(a.socket().getTcpNoDelay()).isTrue();
                assertThat(b.socket().getTcpNoDelay()).isTrue();
                Fixtures.exchange(a.socket(), b.socket());
                return new PeerLink[] {a, b};
            } finally {
                a.socket().close();
                b.socket().close();
            }
        }
    }

    @Test
    void samePublicIpMeetsOnTheLanAddress() throws Exception {
        try (ServerHarness h = ServerHarness.start(dir)) {
            PeerLink[] ab = connect(h, Fixtures.controller(h), ConnectPath.LAN);
            assertThat(ab[1].secure()).isTrue();
        }
    }

    @Test
    void tcpHolePunchConnectsDirectly() throws Exception {
        try (ServerHarness h = ServerHarness.start(dir, PUNCH)) {
            PeerLink[] ab = connect(h, Fixtures.controller(h), ConnectPath.DIRECT);
            assertThat(ab[1].secure()).isTrue();
        }
    }

    @Test
    void forcedRelayIsSetUpByTheDeviceThroughHbbr() throws Exception {
        try (ServerHarness h = ServerHarness.start(dir, PUNCH)) {
            PeerLink[] ab = connect(h, Fixtures.controller(h).withForceRelay(true), ConnectPath.RELAY);
            assertThat(ab[1].secure()).as("device-initiated relay is always secure").isTrue();
            assertThat(ab[0].socket().getPort()).isEqualTo(h.hbbr().server().tcpAddress().getPort());
            assertThat(ab[1].socket().getPort()).isEqualTo(h.hbbr().server().tcpAddress().getPort());
        }
    }

    @Test
    void controllerRequestsTheRelayWhenTheDirectAttemptIsSkipped() throws Exception {
        try (ServerHarness h = ServerHarness.start(dir, PUNCH)) {
            PeerLink[] ab = connect(h, Fixtures.controller(h).withAttemptDirect(false), ConnectPath.RELAY);
            assertThat(ab[1].secure()).as("RequestRelay.secure = the controller holds a signed pk").isTrue();
        }
    }

    @Test
    void forcedRelayOnTheLanPathIsRequestedByTheController() throws Exception {
        try (ServerHarness h = ServerHarness.start(dir)) {
            connect(h, Fixtures.controller(h).withForceRelay(true), ConnectPath.RELAY);
        }
    }
}
