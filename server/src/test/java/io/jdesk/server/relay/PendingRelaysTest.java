package io.jdesk.server.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** The unpaired table's caps: in all, and per source (an IPv4 address or an IPv6 /64). */
class PendingRelaysTest {

    static RelayConnection from(String ip, String uuid) {
        return new RelayConnection(null, false, new InetSocketAddress(ip, 40000), uuid);
    }

    @Test
    void aSourceGetsAtMostItsShareAndPairingOrExpiryGivesItBack() {
        PendingRelays p = new PendingRelays(100, 2);
        assertThat(p.offer(from("203.0.113.7", "a")).outcome()).isEqualTo(PendingRelays.Outcome.WAITING);
        assertThat(p.offer(from("203.0.113.7", "b")).outcome()).isEqualTo(PendingRelays.Outcome.WAITING);
        assertThat(p.offer(from("203.0.113.7", "c")).outcome()).isEqualTo(PendingRelays.Outcome.FULL_FOR_SOURCE);
        assertThat(p.refusedForSource()).isEqualTo(1);
        assertThat(p.offer(from("198.51.100.1", "d")).outcome()).as("another address has its own share")
                .isEqualTo(PendingRelays.Outcome.WAITING);
        assertThat(p.size()).isEqualTo(3);

        PendingRelays.Offer paired = p.offer(from("198.51.100.2", "a")); // a's partner, from anywhere
        assertThat(paired.outcome()).isEqualTo(PendingRelays.Outcome.PAIRED);
        assertThat(p.offer(from("203.0.113.7", "e")).outcome()).as("pairing freed a slot")
                .isEqualTo(PendingRelays.Outcome.WAITING);
        RelayConnection f = from("203.0.113.7", "f");
        assertThat(p.offer(f).outcome()).isEqualTo(PendingRelays.Outcome.FULL_FOR_SOURCE);
        assertThat(p.fromSourceOf(f)).isEqualTo(2);
        assertThat(p.remove(from("203.0.113.7", "b"))).as("b's wait expired").isTrue();
        assertThat(p.fromSourceOf(f)).isEqualTo(1);
        assertThat(p.offer(f).outcome()).as("expiry freed a slot").isEqualTo(PendingRelays.Outcome.WAITING);
        assertThat(p.size()).isEqualTo(3);
    }

    @Test
    void ipv6AddressesOfOneSlash64ShareOneShare() {
        PendingRelays p = new PendingRelays(100, 2);
        assertThat(p.offer(from("2001:db8:1:2::1", "a")).outcome()).isEqualTo(PendingRelays.Outcome.WAITING);
        assertThat(p.offer(from("2001:db8:1:2:ffff::9", "b")).outcome()).isEqualTo(PendingRelays.Outcome.WAITING);
        assertThat(p.offer(from("2001:db8:1:2:abcd::", "c")).outcome()).as("same /64")
                .isEqualTo(PendingRelays.Outcome.FULL_FOR_SOURCE);
        assertThat(p.offer(from("2001:db8:1:3::1", "d")).outcome()).as("the next /64")
                .isEqualTo(PendingRelays.Outcome.WAITING);
    }

    @Test
    void theTotalCapStillHolds() {
        PendingRelays p = new PendingRelays(2, 1000);
        assertThat(p.offer(from("203.0.113.1", "a")).outcome()).isEqualTo(PendingRelays.Outcome.WAITING);
        assertThat(p.offer(from("203.0.113.2", "b")).outcome()).isEqualTo(PendingRelays.Outcome.WAITING);
        assertThat(p.offer(from("203.0.113.3", "c")).outcome()).isEqualTo(PendingRelays.Outcome.FULL);
        assertThat(p.size()).isEqualTo(2);
    }
}
