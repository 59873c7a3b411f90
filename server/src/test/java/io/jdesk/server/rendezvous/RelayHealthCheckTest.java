package io.jdesk.server.rendezvous;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** §9.7: only reachable relays are handed out; none reachable keeps the previous list. */
class RelayHealthCheckTest {

    @Test
    void onlyReachableRelaysAreHandedOutRoundRobin() throws Exception {
        try (ServerSocket up = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                ServerSocket down = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String a = "127.0.0.1:" + up.getLocalPort();
            String b = "127.0.0.1:" + down.getLocalPort();
            down.close();
            RelaySelector relays = new RelaySelector(List.of(a, b));
            assertThat(List.of(relays.next(), relays.next())).containsExactly(a, b);
            new RelayHealthCheck(relays, Duration.ofSeconds(1)).run();
            assertThat(relays.reachable()).containsExactly(a);
            assertThat(List.of(relays.next(), relays.next())).containsExactly(a, a);

            up.close();
            new RelayHealthCheck(relays, Duration.ofSeconds(1)).run();
            assertThat(relays.reachable()).as("none reachable: keep the previous set").containsExactly(a);
        }
    }

    @Test
    void aSingleRelayIsNeverProbedAndEmptyMeansTheClientsDefault() {
        RelaySelector one = new RelaySelector(List.of("relay.invalid"));
        new RelayHealthCheck(one, Duration.ofMillis(10)).run();
        assertThat(one.next()).isEqualTo("relay.invalid");
        assertThat(new RelaySelector(List.of()).next()).isEmpty();
    }

    @Test
    void entriesWithoutPortUseTheRelayDefaultAndBracketedIpv6Works() throws Exception {
        RelayHealthCheck check = new RelayHealthCheck(new RelaySelector(List.of()), Duration.ofSeconds(1));
        try (ServerSocket v6 = new ServerSocket()) {
            v6.bind(new InetSocketAddress("::1", 0));
            assertThat(check.reachable("[::1]:" + v6.getLocalPort())).isTrue();
        }
        assertThat(check.reachable("not a host:99999")).isFalse();
    }
}
