package io.jdesk.protocol.net;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class HostPortPropertyTest {

    @Property
    void checkPortLeavesAnExplicitPortAlone(@ForAll("hostsWithPort") String hostWithPort, @ForAll int port) {
        assertThat(HostPort.checkPort(hostWithPort, port)).isEqualTo(hostWithPort);
    }

    /**
     * Idempotent except where appending the port produced a bare "IPv6" string, which happens
     * for hex-only hosts: "cafe" + 80 gives "cafe:80", which upstream's pattern reads as IPv6.
     */
    @Property
    void checkPortIsIdempotent(@ForAll String host, @ForAll int p, @ForAll int q) {
        String once = HostPort.checkPort(host, p);
        Assume.that(!HostPort.isIpv6(once) || once.startsWith("["));
        assertThat(HostPort.checkPort(once, q)).isEqualTo(once);
    }

    @Property
    void checkPortThenIncreasePortAddsTheDelta(@ForAll("bareHosts") String host,
            @ForAll @IntRange(min = 1, max = 65535) int port, @ForAll @IntRange(max = 1000) int delta) {
        String withPort = HostPort.checkPort(host, port);
        assertThat(HostPort.increasePort(withPort, delta)).isEqualTo(HostPort.checkPort(host, port + delta));
    }

    @Provide
    Arbitrary<String> bareHosts() {
        Arbitrary<String> label = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(10);
        Arbitrary<String> domain = Combinators.combine(label, label).as((a, b) -> a + "." + b + ".com");
        Arbitrary<String> ipv4 = Arbitraries.integers().between(0, 255).list().ofSize(4)
                .map(octets -> String.join(".", octets.stream().map(String::valueOf).toList()));
        Arbitrary<String> ipv6 = Arbitraries.integers().between(0, 0xFFFF).list().ofSize(8)
                .map(groups -> String.join(":", groups.stream().map(Integer::toHexString).toList()));
        return Arbitraries.oneOf(domain, ipv4, ipv6);
    }

    @Provide
    Arbitrary<String> hostsWithPort() {
        return Combinators.combine(bareHosts(), Arbitraries.integers().between(1, 65535))
                .as(HostPort::checkPort);
    }
}
