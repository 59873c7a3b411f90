package io.jdesk.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** vectors.md V2 and the worked examples of servers.md §6.3. */
class AddrMangleTest {

    private static final HexFormat HEX = HexFormat.of();

    /** Fixed times of servers.md §6.3 plus a few more, in Unix microseconds. */
    private static final long[] TIMES = {
        0L, 1_700_000_000_123_456L, 1_767_225_600_000_000L, 0xFFFF_FFFFL, 0xFFFF_0000L, -1L
    };

    @ParameterizedTest
    @ValueSource(strings = {
        "192.168.16.32:21116", "[2001:db8::1]:8080", "[2001:db8:ff::1111]:80", "[ef::fe]:8080",
        "[::1]:8080", "127.0.0.1:8080", "255.255.255.255:65535", "0.0.0.0:0"
    })
    void v2_roundTrips(String text) {
        InetSocketAddress addr = parse(text);
        assertThat(AddrMangle.decode(AddrMangle.encode(addr))).isEqualTo(addr);
        for (long time : TIMES) {
            assertThat(AddrMangle.decode(AddrMangle.encode(addr, time))).isEqualTo(addr);
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "ca739c426e9b9b436e9d01, 127.0.0.1:21116",
        "73c2eedf6e9b6f3190db01, 192.168.16.32:21116",
        "a4bc283a6f9b273b6f9d01, 127.0.0.1:8080",
        "db26b64d709bb95176a301, 1.2.3.4:0",
        "24854b0a719b490a719b03, 255.255.255.255:65535",
        "00000000000000000000000000000001901f, [::1]:8080",
        "20010db8000000000000000000000001901f, [2001:db8::1]:8080"
    })
    void v2_decodesUpstreamEncoderOutput(String hex, String expected) {
        assertThat(AddrMangle.decode(HEX.parseHex(hex))).isEqualTo(parse(expected));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "1.2.3.4:21116, 1700000000123456, bc748044403082484638",
        "203.0.113.7:50000, 1767225600000000, 50030180408c9681229b",
        "192.168.1.10:0, 0, 00000000000080510314",
        "[2001:db8::1]:21116, 0, 20010db80000000000000000000000017c52"
    })
    void servers63_workedExamples(String text, long unixMicros, String hex) {
        InetSocketAddress addr = parse(text);
        byte[] encoded = AddrMangle.encode(addr, unixMicros);
        assertThat(HEX.formatHex(encoded)).isEqualTo(hex);
        assertThat(AddrMangle.decode(encoded)).isEqualTo(addr);
    }

    @Test
    void mappedAndCompatibleIpv6BecomeIpv4() throws UnknownHostException {
        byte[] mapped = HEX.parseHex("00000000000000000000ffff7f000001");
        byte[] compatible = HEX.parseHex("0000000000000000000000007f000001");
        InetSocketAddress expected = parse("127.0.0.1:8080");

        for (byte[] raw : new byte[][] {mapped, compatible}) {
            InetSocketAddress v6 = new InetSocketAddress(Inet6Address.getByAddress(null, raw, -1), 8080);
            assertThat(v6.getAddress()).isInstanceOf(Inet6Address.class);
            byte[] encoded = AddrMangle.encode(v6, 1_700_000_000_123_456L);
            assertThat(encoded.length).isLessThanOrEqualTo(11);
            assertThat(AddrMangle.decode(encoded)).isEqualTo(expected);
        }
        assertThat(AddrMangle.decode(AddrMangle.encode(parse("[::ffff:127.0.0.1]:8080"))))
                .isEqualTo(expected);
        assertThat(AddrMangle.decode(AddrMangle.encode(parse("[::127.0.0.1]:8080"))))
                .isEqualTo(expected);
    }

    @Test
    void loopbackIpv6StaysIpv6() {
        byte[] encoded = AddrMangle.encode(parse("[::1]:8080"), 1_700_000_000_123_456L);
        assertThat(HEX.formatHex(encoded)).isEqualTo("00000000000000000000000000000001901f");
        assertThat(AddrMangle.decode(encoded).getAddress()).isInstanceOf(Inet6Address.class);
    }

    @Test
    void unspecifiedIpv6IsIpv4CompatibleAndBecomesIpv4() {
        byte[] encoded = AddrMangle.encode(parse("[::]:21116"), 1_700_000_000_123_456L);
        assertThat(encoded.length).isLessThanOrEqualTo(11);
        assertThat(AddrMangle.decode(encoded)).isEqualTo(parse("0.0.0.0:21116"));
    }

    @ParameterizedTest
    @ValueSource(ints = {17, 19, 20, 64})
    void invalidLengthsAbove16DecodeToUnspecifiedIpv6(int length) {
        InetSocketAddress decoded = AddrMangle.decode(new byte[length]);
        assertThat(decoded).isEqualTo(parse("[::]:0"));
        assertThat(decoded.getAddress()).isInstanceOf(Inet6Address.class);
    }

    @Test
    void emptyDecodesToIpv4Any() {
        InetSocketAddress decoded = AddrMangle.decode(new byte[0]);
        assertThat(decoded).isEqualTo(parse("0.0.0.0:0"));
        assertThat(decoded.getAddress()).isInstanceOf(Inet4Address.class);
    }

    @Test
    void sixteenByteInputTakesTheIpv4Path() {
        byte[] encoded = AddrMangle.encode(parse("10.0.0.1:1"), 1_700_000_000_123_456L);
        byte[] padded = Arrays.copyOf(encoded, 16);
        assertThat(AddrMangle.decode(padded)).isEqualTo(parse("10.0.0.1:1"));
    }

    @Test
    void encodedIpv4IsAtMostElevenBytes() {
        byte[] encoded = AddrMangle.encode(parse("255.255.255.255:65535"), 0xFFFF_FFFFL);
        assertThat(encoded.length).isEqualTo(11);
    }

    @Test
    void unresolvedAddressIsRefusedWithoutLookup() {
        InetSocketAddress unresolved = InetSocketAddress.createUnresolved("example.invalid", 1);
        assertThatThrownBy(() -> AddrMangle.encode(unresolved, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unresolved");
    }

    /** {@code a.b.c.d:p} or {@code [v6]:p}, literals only (no lookup happens for them). */
    static InetSocketAddress parse(String text) {
        int colon = text.lastIndexOf(':');
        String host = text.substring(0, colon).replace("[", "").replace("]", "");
        try {
            return new InetSocketAddress(InetAddress.getByName(host),
                    Integer.parseInt(text.substring(colon + 1)));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(text, e);
        }
    }
}
