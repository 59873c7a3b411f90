package io.jdesk.peer.internal.rendezvous;

import static io.jdesk.peer.internal.rendezvous.Fixtures.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.jdesk.peer.ConnectPath;
import io.jdesk.peer.PeerException;
import io.jdesk.peer.internal.PeerLink;
import io.jdesk.peer.testing.ServerHarness;
import io.jdesk.protocol.proto.ConnType;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TCP registration with KeyExchange against our hbbs (peer.md §2.5, docs/compatibility.md). */
class MediatorTcpTest {

    @TempDir Path dir;

    MediatorConfig tcpDevice(ServerHarness h) {
        return Fixtures.device(h).withMode(MediatorConfig.Mode.TCP);
    }

    @Test
    void registersOverAnEncryptedLinkAndTakesAPunchHoleFromIt() throws Exception {
        TestIdentity identity = new TestIdentity("667788990");
        try (ServerHarness h = ServerHarness.start(dir, MediatorPathsTest.PUNCH);
                Fixtures.Links links = new Fixtures.Links();
                Mediator device = new Mediator(tcpDevice(h), identity, links)) {
            device.start();
            await().atMost(WAIT).until(() -> device.registered() && device.tcpLinkSecured());
            assertThat(device.localUdpAddress()).as("no UDP socket in TCP mode").isNull();
            PeerLink a = new Dialer(Fixtures.controller(h)).dial(identity.id(), ConnType.DEFAULT_CONN);
            PeerLink b = links.next();
            try {
                assertThat(a.path()).isEqualTo(ConnectPath.DIRECT);
                assertThat(b.path()).isEqualTo(ConnectPath.DIRECT);
                Fixtures.assertSignedBy(h, a.signedPk(), identity);
                Fixtures.exchange(a.socket(), b.socket());
            } finally {
                a.socket().close();
                b.socket().close();
            }
        }
    }

    @Test
    void closingTheLinkTakesTheDeviceOfflineAtOnce() throws Exception {
        TestIdentity identity = new TestIdentity("778899001");
        try (ServerHarness h = ServerHarness.start(dir)) {
            try (Fixtures.Links links = new Fixtures.Links();
                    Mediator device = new Mediator(tcpDevice(h), identity, links)) {
                device.start();
                await().atMost(WAIT).until(device::registered);
            }
            Dialer dialer = new Dialer(Fixtures.controller(h));
            await().atMost(WAIT).untilAsserted(() -> assertThatThrownBy(
                    () -> dialer.dial(identity.id(), ConnType.DEFAULT_CONN))
                    .isInstanceOfSatisfying(PeerException.class,
                            e -> assertThat(e.reason()).isEqualTo(PeerException.Reason.OFFLINE)));
        }
    }
}
