package io.jdesk.peer.internal.rendezvous;

import static io.jdesk.peer.internal.rendezvous.Fixtures.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jdesk.peer.testing.ServerHarness;
import io.jdesk.protocol.proto.NatType;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The device's registration with our hbbs over UDP (peer.md §2.2, §2.3, §2.6). */
class MediatorRegistrationTest {

    @TempDir Path dir;

    @Test
    void registersOverUdpAndHbbsStoresTheKey() throws Exception {
        TestIdentity identity = new TestIdentity("112233445");
        try (ServerHarness h = ServerHarness.start(dir);
                Fixtures.Links links = new Fixtures.Links();
                Mediator m = new Mediator(Fixtures.device(h), identity, links)) {
            assertThat(m.registered()).isFalse();
            m.start();
            await().atMost(WAIT).until(m::registered);
            assertThat(m.localUdpAddress().getAddress().isLoopbackAddress()).isTrue();
            assertThat(storedPk(identity.id())).as("RegisterPk OK means the key is on disk")
                    .isEqualTo(identity.keyPair().publicKey());
            assertThat(threadsNamed("jdesk-rdv-mediator-112233445")).isEqualTo(1);
        }
        await().atMost(WAIT).until(() -> threadsNamed("jdesk-rdv-") == 0);
    }

    @Test
    void uuidMismatchMakesTheDeviceTakeANewIdOnce() throws Exception {
        try (ServerHarness h = ServerHarness.start(dir)) {
            TestIdentity first = new TestIdentity("223344556", "one-machine");
            try (Fixtures.Links links = new Fixtures.Links();
                    Mediator m = new Mediator(Fixtures.device(h), first, links)) {
                m.start();
                await().atMost(WAIT).until(m::registered);
            }
            TestIdentity second = new TestIdentity("223344556", "another-machine");
            try (Fixtures.Links links = new Fixtures.Links();
                    Mediator m = new Mediator(Fixtures.device(h), second, links)) {
                m.start();
                await().atMost(WAIT).until(() -> m.registered() && !m.id().equals("223344556"));
                assertThat(second.replaced()).isEqualTo(1);
                assertThat(m.id()).isEqualTo(second.id()).hasSize(10);
                assertThat(storedPk(m.id())).isEqualTo(second.keyPair().publicKey());
            }
        }
    }

    @Test
    void natTestAgainstPortsPAndPMinusOneFindsTheLoopbackCone() throws Exception {
        try (ServerHarness h = ServerHarness.start(dir)) {
            assertThat(NatTest.run(h.rendezvousAddress(), Endpoints.natPort(h.rendezvousAddress()), 0, Fixtures.FAST,
                    null)).isEqualTo(NatType.ASYMMETRIC);
            try (Fixtures.Links links = new Fixtures.Links();
                    Mediator m = new Mediator(Fixtures.device(h).withNatTest(true), new TestIdentity("334455667"),
                            links)) {
                m.start();
                await().atMost(WAIT).until(() -> m.natType() == NatType.ASYMMETRIC);
            }
        }
    }

    @Test
    void aServerThatIsNotThereGivesNoRegistrationAndCloseStillStopsEverything() throws Exception {
        MediatorConfig nowhere = MediatorConfig.of("127.0.0.1:9", "").withNatTest(false).withTimings(Fixtures.FAST);
        try (Fixtures.Links links = new Fixtures.Links(); Mediator m = new Mediator(nowhere, new TestIdentity("445566778"),
                links)) {
            m.start();
            await().atMost(WAIT).until(() -> m.localUdpAddress() != null);
            assertThat(m.registered()).isFalse();
        }
        await().atMost(WAIT).until(() -> threadsNamed("jdesk-rdv-mediator-445566778") == 0);
    }

    byte[] storedPk(String id) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("db_v2.sqlite3"));
                PreparedStatement p = c.prepareStatement("select pk from peer where id = ?")) {
            p.setString(1, id);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? rs.getBytes(1) : null;
            }
        }
    }

    static long threadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith(prefix)).count();
    }
}
