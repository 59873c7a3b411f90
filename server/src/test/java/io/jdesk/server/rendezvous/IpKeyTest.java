package io.jdesk.server.rendezvous;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class IpKeyTest {

    @Test
    void ipv4MappedAndCompatibleTextsAreTheIpv4Address() {
        IpKey v4 = IpKey.parse("1.2.3.4");
        assertThat(IpKey.parse("::ffff:1.2.3.4")).isEqualTo(v4);
        assertThat(IpKey.parse("::1.2.3.4")).isEqualTo(v4);
        assertThat(v4.isV4()).isTrue();
        assertThat(v4).hasToString("1.2.3.4");
    }

    @Test
    void compatibleInet6AddressIsNormalised() {
        InetAddress compat = TestPeers.compatibleV6(10, 0, 0, 7, 1).getAddress();
        assertThat(compat).isInstanceOf(Inet6Address.class);
        assertThat(IpKey.of(compat)).isEqualTo(IpKey.parse("10.0.0.7"));
    }

    @Test
    void ipv6LoopbackStaysIpv6AndUnspecifiedBecomesZeroV4() {
        IpKey loop6 = IpKey.parse("::1");
        assertThat(loop6.isV4()).isFalse();
        assertThat(loop6.isLoopback()).isTrue();
        assertThat(loop6).hasToString("::1");
        assertThat(IpKey.parse("::")).isEqualTo(IpKey.parse("0.0.0.0"));
    }

    @Test
    void loopbackIsAllOf127SlashEightAndOnlyThat() {
        assertThat(IpKey.parse("127.0.0.1").isLoopback()).isTrue();
        assertThat(IpKey.parse("127.255.1.2").isLoopback()).isTrue();
        assertThat(IpKey.parse("::ffff:127.0.0.1").isLoopback()).isTrue();
        assertThat(IpKey.parse("128.0.0.1").isLoopback()).isFalse();
        assertThat(IpKey.parse("::2").isLoopback()).isFalse();
        assertThat(IpKey.parse("2001:db8::1").isLoopback()).isFalse();
    }

    @Test
    void ipv6TextIsRfc5952AndSocketFormIsBracketed() {
        IpKey v6 = IpKey.parse("2001:0DB8:0:0:0:0:0:0001");
        assertThat(v6).hasToString("2001:db8::1");
        assertThat(v6.withPort(21116)).isEqualTo("[2001:db8::1]:21116");
        assertThat(IpKey.parse("1.2.3.4").withPort(5)).isEqualTo("1.2.3.4:5");
    }

    @Test
    void nonLiteralsAreNotParsedAndNeverResolved() {
        assertThat(IpKey.parse("")).isNull();
        assertThat(IpKey.parse("localhost")).isNull();
        assertThat(IpKey.parse("example.com")).isNull();
    }

    @Test
    void bytesRoundTrip() {
        for (String text : new String[] {"1.2.3.4", "255.255.255.255", "2001:db8::ff00:42:8329", "::1"}) {
            IpKey key = IpKey.parse(text);
            assertThat(IpKey.of(key.toInetAddress())).isEqualTo(key);
        }
    }
}
