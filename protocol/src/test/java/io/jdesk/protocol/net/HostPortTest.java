package io.jdesk.protocol.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HostPortTest {

    // ---- V4: is_ipv4_str / is_ipv6_str / is_ip_str / is_domain_port_str ----

    static Stream<Arguments> ipv4() {
        return Stream.of(
                argumentSet("V4 true 1.2.3.4", "1.2.3.4", true),
                argumentSet("V4 true 1.2.3.4:90", "1.2.3.4:90", true),
                argumentSet("V4 true 192.168.0.1", "192.168.0.1", true),
                argumentSet("V4 true 0.0.0.0", "0.0.0.0", true),
                argumentSet("V4 true 255.255.255.255", "255.255.255.255", true),
                argumentSet("V4 false 256.0.0.0", "256.0.0.0", false),
                argumentSet("V4 false 256.256.256.256", "256.256.256.256", false),
                argumentSet("V4 false 1:2:", "1:2:", false),
                argumentSet("V4 false 192.168.0.256", "192.168.0.256", false),
                argumentSet("V4 false 192.168.0.1/24", "192.168.0.1/24", false),
                argumentSet("V4 false 192.168.0.", "192.168.0.", false),
                argumentSet("V4 false 192.168..1", "192.168..1", false),
                // Edge cases, checked against upstream's function:
                argumentSet("leading zeros allowed", "001.002.003.004", true),
                argumentSet("port not range-checked", "1.2.3.4:99999999999999999999", true),
                argumentSet("Unicode digits in port", "1.2.3.4:\u0661\u0662", true),
                argumentSet("empty port", "1.2.3.4:", false),
                argumentSet("trailing newline", "1.2.3.4\n", false),
                argumentSet("four-digit octet", "1.2.3.0004", false),
                argumentSet("five octets", "1.2.3.4.5", false),
                argumentSet("empty", "", false));
    }

    @ParameterizedTest
    @MethodSource("ipv4")
    void isIpv4(String s, boolean expected) {
        assertThat(HostPort.isIpv4(s)).isEqualTo(expected);
    }

    static Stream<Arguments> ipv6() {
        return Stream.of(
                argumentSet("V4 ipv6 true 1:2:3", "1:2:3", true),
                argumentSet("V4 ipv6 true [ab:2:3]:12", "[ab:2:3]:12", true),
                argumentSet("V4 ipv6 true [ABEF:2a:3]:12", "[ABEF:2a:3]:12", true),
                argumentSet("V4 ipv6 true 1:2::0", "1:2::0", true),
                argumentSet("V4 ipv6 true [1:2::0]:1", "[1:2::0]:1", true),
                argumentSet("V4 ipv6 false [ABEG:2a:3]:12", "[ABEG:2a:3]:12", false),
                argumentSet("V4 ipv6 false 1[ab:2:3]:12", "1[ab:2:3]:12", false),
                argumentSet("V4 ipv6 false 1.1.1.1", "1.1.1.1", false),
                argumentSet("V4 ipv6 false 1:2:", "1:2:", false),
                argumentSet("V4 ipv6 false [1:2::0]:", "[1:2::0]:", false),
                argumentSet("V4 ipv6 false 1:2::0]:1", "1:2::0]:1", false),
                // Edge cases, checked against upstream's function:
                argumentSet("leading :: refused", "::1", false),
                argumentSet("bracketed leading :: refused", "[::1]:21116", false),
                argumentSet("several :: accepted", "1::2::3", true),
                argumentSet("group count unlimited", "1:2:3:4:5:6:7:8:9:a", true),
                argumentSet("five hex digits", "12345:1", false),
                argumentSet("three colons", "1:::2", false),
                argumentSet("Unicode digit port", "[1:2]:\u0661", true),
                argumentSet("brackets without port", "[1:2]", false),
                argumentSet("single group", "1", false),
                argumentSet("empty", "", false));
    }

    @ParameterizedTest
    @MethodSource("ipv6")
    void isIpv6(String s, boolean expected) {
        assertThat(HostPort.isIpv6(s)).isEqualTo(expected);
    }

    static Stream<Arguments> ip() {
        return Stream.of(
                argumentSet("V4 is_ip_str 1.1.1.1", "1.1.1.1", true),
                argumentSet("ipv6 is ip", "[1:2::3]:4", true),
                argumentSet("domain is not ip", "test.com:12", false));
    }

    @ParameterizedTest
    @MethodSource("ip")
    void isIp(String s, boolean expected) {
        assertThat(HostPort.isIp(s)).isEqualTo(expected);
    }

    static Stream<Arguments> domainPort() {
        return Stream.of(
                argumentSet("V4 domain true test.com:12", "test.com:12", true),
                argumentSet("V4 domain true test-UPPER.com:12", "test-UPPER.com:12", true),
                argumentSet("V4 domain true some-other.domain.com:12", "some-other.domain.com:12", true),
                argumentSet("V4 domain true test.com:0", "test.com:0", true),
                argumentSet("V4 domain true test.com:98989", "test.com:98989", true),
                argumentSet("V4 domain false a:12", "a:12", false),
                argumentSet("V4 domain false a.b.c:12", "a.b.c:12", false),
                argumentSet("V4 domain false under_score:12", "under_score:12", false),
                argumentSet("V4 domain false a@bc:12", "a@bc:12", false),
                argumentSet("V4 domain false 1.1.1.1:12", "1.1.1.1:12", false),
                argumentSet("V4 domain false 1.2.3:12", "1.2.3:12", false),
                argumentSet("V4 domain false 1.2.3.45:12", "1.2.3.45:12", false),
                argumentSet("V4 domain false a.b.c:123456", "a.b.c:123456", false),
                argumentSet("V4 domain false ---:12", "---:12", false),
                argumentSet("V4 domain false .:12", ".:12", false),
                // Edge cases, checked against upstream's function:
                argumentSet("no port", "test.com", false),
                argumentSet("six-digit port", "test.com:123456", false),
                argumentSet("all upper case", "TEST.COM:1", true),
                argumentSet("one-letter tld", "a.b:1", false),
                argumentSet("numeric label", "1.bc:1", true),
                argumentSet("label starting with hyphen", "-a.bc:1", false),
                argumentSet("label ending with hyphen", "a-.bc:1", false),
                argumentSet("hyphen inside tld", "a.b-c:1", true),
                argumentSet("tld ending with hyphen", "a.bc-:1", false),
                argumentSet("empty label", "a..bc:1", false),
                argumentSet("trailing dot", "a.bc.:1", false),
                argumentSet("punycode label", "xn--80ak6aa92e.com:1", true),
                argumentSet("63-char label", "a".repeat(63) + ".com:1", true),
                argumentSet("64-char label", "a".repeat(64) + ".com:1", false),
                argumentSet("Kelvin sign folds to k", "te\u212Ast.com:12", true),
                argumentSet("long s folds to s", "test.\u017Fom:12", true),
                argumentSet("dotted capital I does not fold", "\u0130test.com:1", false),
                argumentSet("dotless i does not fold", "test.co\u0131:1", false),
                argumentSet("Unicode digit port", "test.com:\u0661\u0662", true));
    }

    @ParameterizedTest
    @MethodSource("domainPort")
    void isDomainPort(String s, boolean expected) {
        assertThat(HostPort.isDomainPort(s)).isEqualTo(expected);
    }

    // ---- V5: check_port / increase_port ----

    static Stream<Arguments> checkPort() {
        return Stream.of(
                argumentSet("V5 check [1:2]:12,32", "[1:2]:12", 32, "[1:2]:12"),
                argumentSet("V5 check 1:2,32", "1:2", 32, "[1:2]:32"),
                argumentSet("V5 check z1:2,32", "z1:2", 32, "z1:2"),
                argumentSet("V5 check 1.1.1.1,32", "1.1.1.1", 32, "1.1.1.1:32"),
                argumentSet("V5 check 1.1.1.1:32,32", "1.1.1.1:32", 32, "1.1.1.1:32"),
                argumentSet("V5 check test.com:32,0", "test.com:32", 0, "test.com:32"),
                // Edge cases, checked against upstream's function:
                argumentSet("::1 is left alone", "::1", 21116, "::1"),
                argumentSet("[::1] is left alone", "[::1]", 21116, "[::1]"),
                argumentSet("empty host gets a port", "", 21116, ":21116"),
                argumentSet("empty port is left alone", "host:", 5, "host:"),
                argumentSet("plain domain", "rs-ny.rustdesk.com", 21116, "rs-ny.rustdesk.com:21116"),
                argumentSet("hex-only host gets a port", "cafe", 80, "cafe:80"),
                argumentSet("hex-only host:port reads as bare IPv6", "cafe:80", 1, "[cafe:80]:1"));
    }

    @ParameterizedTest
    @MethodSource("checkPort")
    void checkPort(String host, int port, String expected) {
        assertThat(HostPort.checkPort(host, port)).isEqualTo(expected);
    }

    static Stream<Arguments> increasePort() {
        return Stream.of(
                argumentSet("V5 increase [1:2]:12,1", "[1:2]:12", 1, "[1:2]:13"),
                argumentSet("V5 increase 1.2.2.4:12,1", "1.2.2.4:12", 1, "1.2.2.4:13"),
                argumentSet("V5 increase 1.2.2.4,1", "1.2.2.4", 1, "1.2.2.4"),
                argumentSet("V5 increase test.com,1", "test.com", 1, "test.com"),
                argumentSet("V5 increase test.com:13,4", "test.com:13", 4, "test.com:17"),
                argumentSet("V5 increase 1:13,4", "1:13", 4, "1:13"),
                argumentSet("V5 increase 22:1:13,4", "22:1:13", 4, "22:1:13"),
                argumentSet("V5 increase z1:2,1", "z1:2", 1, "z1:3"),
                // Edge cases, checked against upstream's function:
                argumentSet("plus-signed port", "host:+12", 1, "host:13"),
                argumentSet("negative port untouched", "host:-12", 1, "host:-12"),
                argumentSet("port 0 untouched", "host:0", 1, "host:0"),
                argumentSet("int overflow wraps", "host:2147483647", 1, "host:-2147483648"),
                argumentSet("port beyond int untouched", "host:2147483648", 1, "host:2147483648"),
                argumentSet("signed bracketed port is not ipv6", "[1:2]:+3", 1, "[1:2]:+3"),
                argumentSet("Unicode digit bracketed port untouched", "[1:2]:\u0663", 1, "[1:2]:\u0663"),
                argumentSet("Unicode digit port untouched", "host:\u0663", 1, "host:\u0663"),
                argumentSet("trailing space untouched", "host:12 ", 1, "host:12 "),
                argumentSet("two colons untouched", "a:b:c", 1, "a:b:c"),
                argumentSet("empty host", ":12", 1, ":13"),
                argumentSet("negative delta", "host:12", -20, "host:-8"),
                argumentSet("hex-only host:port reads as bare IPv6", "cafe:80", 1, "cafe:80"),
                argumentSet("hex-only host with 5-digit port", "cafe:21116", 1, "cafe:21117"));
    }

    @ParameterizedTest
    @MethodSource("increasePort")
    void increasePort(String host, int delta, String expected) {
        assertThat(HostPort.increasePort(host, delta)).isEqualTo(expected);
    }

    static Stream<Arguments> splitHostPort() {
        return Stream.of(
                argumentSet("ipv4", "1.2.3.4:21116", Optional.of(new HostPort.Parts("1.2.3.4", 21116))),
                argumentSet("domain", "rustdesk.com:21117", Optional.of(new HostPort.Parts("rustdesk.com", 21117))),
                argumentSet("bracketed ipv6 keeps brackets", "[0:0:0:0:0:0:0:1]:21116",
                        Optional.of(new HostPort.Parts("[0:0:0:0:0:0:0:1]", 21116))),
                argumentSet("bare ipv6", "1:2::3", Optional.empty()),
                argumentSet("no port", "rustdesk.com", Optional.empty()),
                argumentSet("port 0", "rustdesk.com:0", Optional.empty()),
                argumentSet("port above 65535 kept", "h:70000", Optional.of(new HostPort.Parts("h", 70000))),
                argumentSet("[::1] form is not ipv6 and has colons", "[::1]:21116", Optional.empty()));
    }

    @ParameterizedTest
    @MethodSource("splitHostPort")
    void splitHostPort(String s, Optional<HostPort.Parts> expected) {
        assertThat(HostPort.splitHostPort(s)).isEqualTo(expected);
    }

    // ---- V7 parses_bind_address (expected: Java's getHostAddress text) ----

    static Stream<Arguments> validBindAddresses() {
        return Stream.of(
                argumentSet("V7 empty means all interfaces", "", null),
                argumentSet("V7 127.0.0.1", "127.0.0.1", "127.0.0.1"),
                argumentSet("V7 ::1", "::1", "0:0:0:0:0:0:0:1"),
                // Edge cases, checked against Rust's IpAddr parser:
                argumentSet("blank means all interfaces", "   ", null),
                argumentSet("trimmed", "  127.0.0.1  ", "127.0.0.1"),
                argumentSet("no-break space trimmed", "1.2.3.4\u00A0", "1.2.3.4"),
                argumentSet("ideographic space trimmed", "\u3000::1", "0:0:0:0:0:0:0:1"),
                argumentSet("any v4", "0.0.0.0", "0.0.0.0"),
                argumentSet("any v6", "::", "0:0:0:0:0:0:0:0"),
                argumentSet("trailing ::", "1::", "1:0:0:0:0:0:0:0"),
                argumentSet("full form", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8"),
                argumentSet(":: for one group", "::1:2:3:4:5:6:7", "0:1:2:3:4:5:6:7"),
                argumentSet("leading zeros in group", "0000:0:0:0:0:0:0:1", "0:0:0:0:0:0:0:1"),
                argumentSet("upper-case hex", "ABCD::EF", "abcd:0:0:0:0:0:0:ef"),
                argumentSet("embedded ipv4", "1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:102:304"),
                argumentSet("compressed embedded ipv4", "::1.2.3.4", "0:0:0:0:0:0:102:304"),
                argumentSet("ipv4-mapped stays ipv6", "::ffff:1.2.3.4", "0:0:0:0:0:ffff:102:304"));
    }

    @ParameterizedTest
    @MethodSource("validBindAddresses")
    void parsesBindAddress(String value, String expectedHostAddress) {
        Optional<InetAddress> parsed = HostPort.parseBindAddress(value);
        if (expectedHostAddress == null) {
            assertThat(parsed).isEmpty();
            return;
        }
        assertThat(parsed).get()
                .isInstanceOf(expectedHostAddress.contains(":") ? Inet6Address.class : Inet4Address.class)
                .extracting(InetAddress::getHostAddress).isEqualTo(expectedHostAddress);
    }

    @ParameterizedTest
    @MethodSource("invalidBindAddresses")
    void refusesBindAddress(String value) {
        assertThatThrownBy(() -> HostPort.parseBindAddress(value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bind address")
                .hasMessageContaining("'" + value.strip() + "'");
    }

    static Stream<Arguments> invalidBindAddresses() {
        return Stream.of(
                argumentSet("V7 not-an-ip", "not-an-ip"),
                // Edge cases, checked against Rust's IpAddr parser:
                argumentSet("host name, never resolved", "localhost"),
                argumentSet("brackets", "[::1]"),
                argumentSet("zone index", "fe80::1%eth0"),
                argumentSet("with port", "1.2.3.4:80"),
                argumentSet("leading zero in first octet", "01.2.3.4"),
                argumentSet("leading zero in last octet", "1.2.3.04"),
                argumentSet("three octets", "1.2.3"),
                argumentSet("five octets", "1.2.3.4.5"),
                argumentSet("octet above 255", "256.0.0.1"),
                argumentSet("hex octet", "0x1.2.3.4"),
                argumentSet("signed octet", "+1.2.3.4"),
                argumentSet("nine groups", "1:2:3:4:5:6:7:8:9"),
                argumentSet(":: among eight groups", "1:2:3:4:5:6:7::8"),
                argumentSet(":: after eight groups", "1:2:3:4:5:6:7:8::"),
                argumentSet(":: before eight groups", "1::2:3:4:5:6:7:8"),
                argumentSet("two ::", "1::2::3"),
                argumentSet("three colons", ":::"),
                argumentSet("lone colon", ":"),
                argumentSet("leading single colon", ":1"),
                argumentSet("five hex digits", "00001::1"),
                argumentSet("embedded ipv4 too short", "::1.2.3"),
                argumentSet("embedded ipv4 too long", "::1.2.3.4.5"),
                argumentSet("embedded ipv4 with leading zero", "::01.2.3.4"),
                argumentSet("embedded ipv4 not last", "1.2.3.4::"),
                argumentSet("too few groups with embedded ipv4", "1:2:3:4:5:1.2.3.4"),
                argumentSet("too many groups with embedded ipv4", "1:2:3:4:5:6:7:1.2.3.4"),
                argumentSet("non-ASCII digit", "\u0661.2.3.4"));
    }
}
