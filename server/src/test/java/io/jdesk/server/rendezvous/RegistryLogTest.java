package io.jdesk.server.rendezvous;

import static io.jdesk.server.rendezvous.TestPeers.ID;
import static io.jdesk.server.rendezvous.TestPeers.PK_A;
import static io.jdesk.server.rendezvous.TestPeers.PK_B;
import static io.jdesk.server.rendezvous.TestPeers.UUID_A;
import static io.jdesk.server.rendezvous.TestPeers.UUID_B;
import static io.jdesk.server.rendezvous.TestPeers.addr;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** OSS log wording kept for operators and fail2ban (servers.md §11.3); no key or uuid bytes. */
class RegistryLogTest {

    private static final InetSocketAddress HOME = addr("203.0.113.5", 40000);

    private final ManualClock clock = new ManualClock(0);
    private final PeerRegistry registry = new PeerRegistry(new FakePeerStore(), clock);
    private final Logger logger = (Logger) LoggerFactory.getLogger(PeerRegistry.class);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    @BeforeEach
    void attach() {
        appender.start();
        logger.addAppender(appender);
    }

    @AfterEach
    void detach() {
        logger.detachAppender(appender);
    }

    @Test
    void updatePkShowsFingerprintsInTheOssPositions() {
        registry.registerPk(ID, UUID_A, PK_A, HOME);
        String line = messages().get(0);
        assertThat(line).matches("update_pk 123456789 203\\.0\\.113\\.5:40000 [0-9a-f]{8} [0-9a-f]{8}");
        assertNoSecrets(line);
    }

    @Test
    void mismatchWarningsKeepTheirPrefix() {
        registry.registerPk(ID, UUID_A, PK_A, HOME);
        registry.registerPk(ID, UUID_B, PK_A, HOME);
        registry.registerPk(ID, UUID_A, PK_B, addr("198.51.100.9", 1));
        List<ILoggingEvent> events = appender.list;
        assertThat(events.get(1).getLevel().toString()).isEqualTo("WARN");
        assertThat(events.get(1).getFormattedMessage()).startsWith("Peer 123456789 uuid mismatch");
        assertThat(events.get(2).getFormattedMessage()).startsWith("Peer 123456789 ip/pk mismatch: 198.51.100.9/");
        messages().forEach(RegistryLogTest::assertNoSecrets);
    }

    @Test
    void ipChangeIsLoggedFromTheKnownAddressToTheNewOne() {
        registry.registerPk(ID, UUID_A, PK_A, HOME);
        registry.onRegisterPeer(ID, addr("198.51.100.9", 1234));
        assertThat(messages()).contains("IP change of 123456789 from 203.0.113.5:40000 to 198.51.100.9:1234");
    }

    @Test
    void ipChangeIsNotLoggedOnceThePeerUsedItsBurst() {
        for (int i = 0; i < 3; i++) {
            registry.registerPk(ID, UUID_A, PK_A, HOME);
        }
        appender.list.clear();
        registry.onRegisterPeer(ID, addr("198.51.100.9", 1234));
        assertThat(messages()).isEmpty();
    }

    private List<String> messages() {
        return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    private static void assertNoSecrets(String line) {
        HexFormat hex = HexFormat.of();
        for (byte[] secret : List.of(UUID_A, UUID_B, PK_A, PK_B)) {
            assertThat(line).doesNotContain(hex.formatHex(secret)).doesNotContain(new String(secret, StandardCharsets.ISO_8859_1));
        }
        assertThat(line).doesNotContain("[17, 17, 17");
    }
}
