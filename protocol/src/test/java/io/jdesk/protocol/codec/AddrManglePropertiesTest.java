package io.jdesk.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Round-trip properties of {@link AddrMangle} (servers.md §6). */
class AddrManglePropertiesTest {

    @Property
    void ipv4RoundTripsForAnyTime(@ForAll @Size(4) byte[] octets,
            @ForAll @IntRange(max = 65_535) int port, @ForAll long unixMicros)
            throws UnknownHostException {
        InetSocketAddress addr = new InetSocketAddress(InetAddress.getByAddress(octets), port);

        byte[] encoded = AddrMangle.encode(addr, unixMicros);

        assertThat(encoded.length).isLessThanOrEqualTo(11);
        assertThat(AddrMangle.decode(encoded)).isEqualTo(addr);
    }

    @Property
    void ipv6RoundTrips(@ForAll @Size(16) byte[] raw, @ForAll @IntRange(max = 65_535) int port,
            @ForAll long unixMicros) throws UnknownHostException {
        boolean embedsIpv4 = true;
        for (int i = 0; i < 10; i++) {
            embedsIpv4 &= raw[i] == 0;
        }
        Assume.that(!embedsIpv4); // mapped/compatible ones become IPv4 (AddrMangleTest)
        InetSocketAddress addr = new InetSocketAddress(InetAddress.getByAddress(raw), port);
        assertThat(addr.getAddress()).isInstanceOf(Inet6Address.class);

        byte[] encoded = AddrMangle.encode(addr, unixMicros);

        assertThat(encoded).hasSize(18).startsWith(raw);
        assertThat(AddrMangle.decode(encoded)).isEqualTo(addr);
    }

    @Property
    void decodeIsTotal(@ForAll @Size(max = 40) byte[] anything) {
        InetSocketAddress decoded = AddrMangle.decode(anything);
        assertThat(decoded.isUnresolved()).isFalse();
        if (anything.length <= 16) {
            assertThat(AddrMangle.decode(AddrMangle.encode(decoded, 12345L))).isEqualTo(decoded);
        }
    }
}
