package io.jdesk.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CidrTest {

    private static InetAddress ip(String literal) {
        return IpLiteral.toInetAddress(literal);
    }

    /** An Inet6Address that keeps the mapped form (InetAddress.getByAddress would turn it into IPv4). */
    private static InetAddress mappedV6(String v4) throws UnknownHostException {
        return Inet6Address.getByAddress(null, IpLiteral.mapToIpv6(IpLiteral.parse(v4)), -1);
    }

    @Test
    void ipv4NetworkContainsItsHostsOnly() {
        Cidr lan = Cidr.parse("192.168.0.0/16");
        assertThat(lan.isIpv4()).isTrue();
        assertThat(lan.contains(ip("192.168.0.1"))).isTrue();
        assertThat(lan.contains(ip("192.168.255.255"))).isTrue();
        assertThat(lan.contains(ip("192.169.0.0"))).isFalse();
        assertThat(lan.contains(ip("10.0.0.1"))).isFalse();
        assertThat(lan.contains(ip("2001:db8::1"))).isFalse();
    }

    @Test
    void ipv6NetworkContainsItsHostsOnly() {
        Cidr doc = Cidr.parse("2001:db8::/32");
        assertThat(doc.isIpv4()).isFalse();
        assertThat(doc.contains(ip("2001:db8:ffff::1"))).isTrue();
        assertThat(doc.contains(ip("2001:db9::1"))).isFalse();
        assertThat(doc.contains(ip("32.1.13.184"))).isFalse();
    }

    @Test
    void mappedIpv6ClientMatchesIpv4Network() throws Exception {
        Cidr lan = Cidr.parse("10.0.0.0/8");
        assertThat(lan.contains(mappedV6("10.1.2.3"))).isTrue();
        assertThat(lan.contains(mappedV6("11.1.2.3"))).isFalse();
        assertThat(lan.contains(ip("::ffff:10.1.2.3"))).isTrue();
    }

    @Test
    void mappedNetworkIsStoredAsIpv4() throws Exception {
        Cidr mapped = Cidr.parse("::ffff:10.0.0.0/104");
        assertThat(mapped).isEqualTo(Cidr.parse("10.0.0.0/8"));
        assertThat(mapped.contains(ip("10.9.9.9"))).isTrue();
        assertThat(mapped.contains(mappedV6("10.9.9.9"))).isTrue();
    }

    @Test
    void ipv6AnyContainsIpv4Too() {
        Cidr any = Cidr.parse("::/0");
        assertThat(any.contains(ip("1.2.3.4"))).isTrue();
        assertThat(any.contains(ip("::1"))).isTrue();
        assertThat(Cidr.parse("::/96").contains(ip("1.2.3.4"))).as("IPv4-compatible range is not IPv4").isFalse();
    }

    @Test
    void edgePrefixes() {
        assertThat(Cidr.parse("0.0.0.0/0").contains(ip("255.255.255.255"))).isTrue();
        assertThat(Cidr.parse("0.0.0.0/0").contains(ip("::1"))).isFalse();
        Cidr host = Cidr.parse("203.0.113.7/32");
        assertThat(host.contains(ip("203.0.113.7"))).isTrue();
        assertThat(host.contains(ip("203.0.113.6"))).isFalse();
        Cidr v6host = Cidr.parse("2001:db8::7/128");
        assertThat(v6host.contains(ip("2001:db8::7"))).isTrue();
        assertThat(v6host.contains(ip("2001:db8::6"))).isFalse();
        assertThat(Cidr.parse("128.0.0.0/1").contains(ip("127.255.255.255"))).isFalse();
        assertThat(Cidr.parse("10.0.0.0/31").contains(ip("10.0.0.1"))).isTrue();
    }

    @Test
    void bareAddressIsAHostRoute() {
        assertThat(Cidr.parse("127.0.0.1")).isEqualTo(Cidr.parse("127.0.0.1/32"));
        assertThat(Cidr.parse("::1").prefixLength()).isEqualTo(128);
    }

    @Test
    void hostBitsAreClearedAndNetmaskAccepted() {
        assertThat(Cidr.parse("192.168.1.7/24")).hasToString("192.168.1.0/24");
        assertThat(Cidr.parse("192.168.0.0/255.255.0.0")).isEqualTo(Cidr.parse("192.168.0.0/16"));
        assertThat(Cidr.parse("0.0.0.0/0.0.0.0").prefixLength()).isZero();
        assertThat(Cidr.parse("2001:db8::1/32")).isEqualTo(Cidr.parse("2001:db8::/32"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/8", "10.0.0.0/", "10.0.0.0/33", "::/129", "10.0.0.0/-1", "10.0.0.0/+8",
            "10.0.0.0/8/8", "10.0.0/8", "10.0.0.256/8", "010.0.0.0/8", "10.0.0.0.0", "localhost", "example.com/24",
            "10.0.0.0/255.0.255.0", "::/255.255.0.0", "1:2:3:4:5:6:7:8:9", "1::2::3", ":::", "12345::", "fe80::1%eth0",
            "[::1]", " 10.0.0.0/8", "1:2:3:4:5:6:7:1.2.3.4", "::1.2.3"})
    void malformedInputIsRefused(String text) {
        assertThatThrownBy(() -> Cidr.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ipv6FormsParse() {
        assertThat(IpLiteral.parse("::")).hasSize(16).containsOnly(0);
        assertThat(Cidr.parse("1:2:3:4:5:6:7::").network()).isEqualTo(ip("1:2:3:4:5:6:7:0"));
        assertThat(Cidr.parse("::2:3:4:5:6:7:8").network()).isEqualTo(ip("0:2:3:4:5:6:7:8"));
        assertThat(Cidr.parse("64:ff9b::192.0.2.33").network()).isEqualTo(ip("64:ff9b::c000:221"));
        assertThat(Cidr.parse("2001:DB8::A").network()).isEqualTo(ip("2001:db8::a"));
    }

    @Test
    void constructorRefusesHostBitsAndBadPrefix() {
        assertThatThrownBy(() -> new Cidr(ip("10.0.0.1"), 8)).hasMessageContaining("host bits");
        assertThatThrownBy(() -> new Cidr(ip("10.0.0.0"), 33)).hasMessageContaining("0..32");
    }
}
