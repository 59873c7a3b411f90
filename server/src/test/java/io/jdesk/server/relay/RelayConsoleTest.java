package io.jdesk.server.relay;

import static io.jdesk.server.relay.RelayHarness.awaitUnpaired;
import static io.jdesk.server.relay.RelayHarness.uuid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jdesk.server.console.ConsolePolicy;
import io.netty.util.concurrent.Ticker;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hbbr admin commands (spec/servers.md §11.2) and their place on the TCP relay port. */
class RelayConsoleTest {

    @TempDir Path dir;

    final IpList black = new IpList();
    final IpList block = new IpList();
    final BandwidthControl bandwidth = new BandwidthControl(Bandwidth.OSS_DEFAULTS, Ticker.systemTicker());
    final UsageTable usage = new UsageTable();
    final RelayConsole console = new RelayConsole(black, block, bandwidth, usage);

    @Test
    void helpIsTheOssText() {
        assertThat(console.apply("h")).startsWith("blacklist-add(ba) <ip>\n").endsWith("usage(u)\n")
                .contains("downgrade-start-check(t) [value(second)]\n");
    }

    @Test
    void blacklistAddListCheckAndRemove() {
        assertThat(console.apply("ba 10.0.0.1|10.0.0.2")).isEmpty();
        assertThat(console.apply("blacklist-add ::ffff:10.0.0.3")).isEmpty();
        assertThat(console.apply("b")).isEqualTo("10.0.0.1\n10.0.0.2\n::ffff:10.0.0.3\n");
        assertThat(console.apply("b 10.0.0.3")).isEqualTo("true\n");
        assertThat(console.apply("b 10.0.0.9")).isEqualTo("false\n");
        assertThat(console.apply("br 10.0.0.1|10.0.0.3")).isEmpty();
        assertThat(console.apply("blacklist")).isEqualTo("10.0.0.2\n");
        assertThat(console.apply("blacklist-remove all")).isEmpty();
        assertThat(console.apply("b")).isEmpty();
        assertThat(block.size()).isZero();
    }

    @Test
    void blocklistCommandsAreTheCapitalisedAliases() {
        console.apply("Ba 192.0.2.1");
        assertThat(console.apply("B")).isEqualTo("192.0.2.1\n");
        assertThat(console.apply("blocklist 192.0.2.1")).isEqualTo("true\n");
        console.apply("Br all");
        assertThat(console.apply("blocklist")).isEmpty();
        assertThat(black.size()).isZero();
    }

    @Test
    void bandwidthSettingsShowAndSetInOssUnits() {
        assertThat(console.apply("dt")).isEqualTo("0.66\n");
        assertThat(console.apply("t")).isEqualTo("1800s\n");
        assertThat(console.apply("ls")).isEqualTo("32Mb/s\n");
        assertThat(console.apply("tb")).isEqualTo("1024Mb/s\n");
        assertThat(console.apply("sb")).isEqualTo("128Mb/s\n");

        assertThat(console.apply("dt 0.5")).isEmpty();
        assertThat(console.apply("t 60")).isEmpty();
        assertThat(console.apply("limit-speed 4.5")).isEmpty();
        assertThat(console.apply("total-bandwidth unlimited")).isEmpty();
        assertThat(console.apply("single-bandwidth 16")).isEmpty();
        assertThat(bandwidth.current()).isEqualTo(new Bandwidth(Bandwidth.UNLIMITED, 16L << 20,
                Bandwidth.mbps(4.5), 50, 60_000));
        assertThat(bandwidth.total().rate()).as("tb applies live").isEqualTo(Bandwidth.UNLIMITED);
        assertThat(console.apply("tb")).isEqualTo("unlimited\n");
        assertThat(console.apply("ls")).isEqualTo("4.5Mb/s\n");
    }

    @Test
    void invalidValuesChangeNothingAndSaySo() {
        assertThat(console.apply("sb 0")).isEqualTo("invalid value: 0\n");
        assertThat(console.apply("dt -1")).isEqualTo("invalid value: -1\n");
        assertThat(console.apply("t 1.5")).isEqualTo("invalid value: 1.5\n");
        assertThat(console.apply("tb fast")).isEqualTo("invalid value: fast\n");
        assertThat(bandwidth.current()).isEqualTo(Bandwidth.OSS_DEFAULTS);
        assertThat(console.apply("what")).isEqualTo("unknown command: what (h for help)\n");
    }

    @Test
    void usageLinesInTheOssFormatHighestTotalFirst() {
        usage.put("pair1", "1.2.3.4:5000", new Usage(12_345, 8L * 1024 * 1024 * 3, 5_000, 2_000));
        usage.put("pair2", "[2001:db8:0:0:0:0:0:1]:6000", new Usage(2_000, 8L * 1024 * 1024 * 10, 40_000, 39_000));
        usage.put("pair3", "5.6.7.8:7000", Usage.ZERO); // no tick yet: not listed
        assertThat(console.apply("u")).isEqualTo(
                "[2001:db8:0:0:0:0:0:1]:6000: 2s 10.00MB 40000kb/s 41943kb/s 39000kb/s\n"
                        + "1.2.3.4:5000: 12s 3.00MB 5000kb/s 2038kb/s 2000kb/s\n");
    }

    static String command(InetSocketAddress port, String text) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(port, 2000);
            s.setSoTimeout(5000);
            s.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void onTheTcpPortWithATokenNextToRelayClientsFromLoopback() throws Exception {
        RelayConfig c = RelayHarness.config(dir).withConsole(new ConsolePolicy(true, Optional.of("s3cret")));
        try (RelayServer relay = RelayHarness.start(c)) {
            assertThat(command(relay.tcpAddress(), "ba 10.9.8.7")).isEqualTo("unauthorized\n");
            assertThat(command(relay.tcpAddress(), "s3cret ba 10.9.8.7")).isEmpty();
            assertThat(command(relay.tcpAddress(), "s3cret b 10.9.8.7")).isEqualTo("true\n");
            assertThat(relay.blacklist().contains("10.9.8.7")).isTrue();

            try (TcpPeer a = new TcpPeer(relay.tcpAddress()); TcpPeer b = new TcpPeer(relay.tcpAddress())) {
                String uuid = uuid();
                a.send(TcpPeer.controllerRequest(uuid, ""));
                awaitUnpaired(relay, 1);
                b.send(TcpPeer.deviceRequest(uuid, ""));
                a.write(new byte[100_000]);
                assertThat(b.in().readNBytes(100_000)).hasSize(100_000);
                String label = "127.0.0.1:" + b.socket.getLocalPort() + ": ";
                await().atMost(Duration.ofSeconds(5)).until(() -> command(relay.tcpAddress(), "s3cret u").startsWith(label));
                assertThat(command(relay.tcpAddress(), "s3cret usage")).matches(
                        java.util.regex.Pattern.quote(label) + "\\d+s 0\\.\\d\\dMB \\d+kb/s \\d+kb/s \\d+kb/s\n");
            }
        }
    }

    @Test
    void offByDefaultSoACommandIsJustABadFirstFrame() throws Exception {
        try (RelayServer relay = RelayHarness.start(RelayHarness.config(dir))) {
            assertThat(command(relay.tcpAddress(), "ba 10.9.8.7")).isEmpty();
            assertThat(relay.blacklist().size()).isZero();
        }
    }
}
