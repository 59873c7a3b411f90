package io.jdesk.server.rendezvous;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdesk.protocol.codec.FrameCodec;
import io.jdesk.protocol.crypto.ServerKey;
import io.jdesk.protocol.proto.RendezvousMessage;
import io.jdesk.protocol.proto.TestNatRequest;
import io.jdesk.server.console.ConsolePolicy;
import io.jdesk.server.transport.Transport;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hbbs admin console on P-1: off by default, loopback + token when on, never confused with the protocol. */
class HbbsConsoleTest {

    @TempDir Path dir;

    RendezvousServer start(ConsolePolicy policy) throws IOException {
        FakePeers peers = new FakePeers();
        RendezvousConfig c = RendezvousConfig.defaults(InetAddress.getLoopbackAddress(), 0, 0, 0, 0,
                ServerKey.forRendezvous(null, dir)).withRelayServers(List.of("r1:21117", "r2:21117"))
                .withConsole(policy);
        return new RendezvousServer(c, peers, peers, ForkJoinPool.commonPool(), MonotonicClock.SYSTEM,
                Transport.best(), 1).start();
    }

    static String command(InetSocketAddress port, String text) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(port, 2000);
            s.setSoTimeout(3000);
            s.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void offByDefaultSoTextIsJustClosed() throws IOException {
        try (RendezvousServer server = start(ConsolePolicy.OFF)) {
            // "rs\n" read as a frame header declares 171 228 bytes: over the limit, so the connection closes
            assertThat(command(server.natAddress(), "rs\n")).isEmpty();
        }
    }

    @Test
    void tokenGuardsTheCommandsAndTheProtocolStillWorks() throws IOException {
        try (RendezvousServer server = start(new ConsolePolicy(true, Optional.of("s3cret")))) {
            assertThat(command(server.natAddress(), "rs")).isEqualTo("unauthorized\n");
            assertThat(command(server.natAddress(), "wrong rs")).isEqualTo("unauthorized\n");
            assertThat(command(server.natAddress(), "s3cret rs")).isEqualTo("r1:21117\nr2:21117\n");
            assertThat(command(server.natAddress(), "s3cret aur")).isEqualTo("ALWAYS_USE_RELAY: false\n");
            assertThat(command(server.natAddress(), "s3cret aur Y")).isEmpty();
            assertThat(command(server.natAddress(), "s3cret aur")).isEqualTo("ALWAYS_USE_RELAY: true\n");
            assertThat(command(server.natAddress(), "s3cret rs")).as("aur must not touch the relay list")
                    .isEqualTo("r1:21117\nr2:21117\n");
            assertThat(command(server.natAddress(), "s3cret h")).contains("relay-servers(rs)");

            try (FramedClient p = new FramedClient(server.natAddress())) {
                p.sendRaw(FrameCodec.encode(RendezvousMessage.newBuilder()
                        .setTestNatRequest(TestNatRequest.newBuilder().setSerial(0)).build().toByteArray()));
                assertThat(p.read().getTestNatResponse().getPort()).isEqualTo(p.localAddress().getPort());
            }
        }
    }

    @Test
    void commandsWithoutATokenWhenNoneIsConfigured() {
        RelaySelector relays = new RelaySelector(List.of("a:1"));
        PunchLog log = new PunchLog(java.time.Clock.fixed(java.time.Instant.parse("2026-01-02T03:04:05.678Z"),
                java.time.ZoneOffset.UTC));
        log.add(InetAddress.getLoopbackAddress(), "123456789", InetAddress.getLoopbackAddress());
        log.add(InetAddress.getLoopbackAddress(), "123456789", InetAddress.getLoopbackAddress()); // deduped
        HbbsConsole console = new HbbsConsole(relays, new AtomicBoolean(), log, a -> "n/a\n");
        assertThat(console.apply("pr")).isEqualTo("2026-01-02T03:04:05Z 127.0.0.1 -> 123456789@127.0.0.1\n");
        assertThat(console.apply("rs b:2,c:3")).isEqualTo("b:2\nc:3\n");
        assertThat(console.apply("pr -")).isEmpty();
        assertThat(console.apply("pr")).isEmpty();
        assertThat(console.apply("aur maybe")).startsWith("Usage");
        assertThat(console.apply("ib")).isEqualTo("n/a\n");
        assertThat(console.apply("xyz")).startsWith("unknown command");
    }
}
