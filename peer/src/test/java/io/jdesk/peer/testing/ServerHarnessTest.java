package io.jdesk.peer.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerHarnessTest {

    @TempDir Path dir;

    @Test
    void startsHbbsAndHbbrOnLoopbackWithOneKey() throws Exception {
        try (ServerHarness h = ServerHarness.start(dir)) {
            assertThat(h.key()).hasSize(44);
            assertThat(h.rendezvous()).startsWith("127.0.0.1:");
            assertThat(h.relay()).startsWith("127.0.0.1:").isNotEqualTo(h.rendezvous());
            int p = h.hbbs().server().udpAddress().getPort();
            assertThat(h.hbbs().server().tcpAddress().getPort()).as("UDP and TCP on one port P").isEqualTo(p);
            assertThat(h.hbbs().server().natAddress().getPort()).as("NAT test on P-1").isEqualTo(p - 1);
        }
    }
}
