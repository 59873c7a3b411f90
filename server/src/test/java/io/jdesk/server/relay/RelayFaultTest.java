package io.jdesk.server.relay;

import static io.jdesk.server.relay.RelayHarness.awaitUnpaired;
import static io.jdesk.server.relay.RelayHarness.uuid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jdesk.server.testing.WsPeer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A relay side dies in the middle of a transfer (issue 6 item 4b): its socket is reset (closed
 * with SO_LINGER 0, so the kernel sends RST instead of FIN) or its process is killed with
 * SIGKILL. The other side must be closed within 1 s — whether it was receiving (it gets the bytes
 * already in flight, then the end of stream) or sending (its writes fail or it reads the end).
 */
class RelayFaultTest {

    static final long ONE_SECOND = TimeUnit.SECONDS.toNanos(1);
    static final int MIB = 1 << 20;

    @TempDir Path dir;

    RelayServer relay(boolean splice) throws IOException {
        return RelayHarness.start(RelayHarness.config(dir).withBandwidth(Bandwidth.UNLIMITED_ALL).withSplice(splice));
    }

    /** Writes random bytes (or frames) until the stream fails; remembers when it failed. */
    static final class Sender extends Thread {
        final OutputStream out;
        final boolean framed;
        final AtomicLong failedAt = new AtomicLong();

        Sender(OutputStream out, boolean framed) {
            super("relay-fault-sender");
            this.out = out;
            this.framed = framed;
            setDaemon(true);
        }

        @Override
        public void run() {
            byte[] chunk = new byte[16 * 1024];
            new java.util.SplittableRandom(7).nextBytes(chunk);
            byte[] frame = io.jdesk.protocol.codec.FrameCodec.encode(chunk);
            try {
                for (;;) {
                    out.write(framed ? frame : chunk);
                }
            } catch (IOException e) {
                failedAt.set(System.nanoTime());
            }
        }
    }

    /** Reads until the end of stream or an error; remembers when and how many bytes came. */
    static final class Receiver extends Thread {
        final InputStream in;
        final AtomicLong bytes = new AtomicLong();
        final AtomicLong endedAt = new AtomicLong();

        Receiver(InputStream in) {
            super("relay-fault-receiver");
            this.in = in;
            setDaemon(true);
        }

        @Override
        public void run() {
            byte[] buf = new byte[64 * 1024];
            try {
                for (int n; (n = in.read(buf)) >= 0; ) {
                    bytes.addAndGet(n);
                }
            } catch (IOException reset) {
                // a reset is an end too
            }
            endedAt.set(System.nanoTime());
        }
    }

    static void reset(Socket s) throws IOException {
        s.setSoLinger(true, 0);
        s.close();
    }

    static void assertEndedWithinOneSecond(AtomicLong endedAt, long since, String what) {
        await().atMost(Duration.ofSeconds(5)).until(() -> endedAt.get() != 0);
        assertClosedWithinOneSecond(endedAt.get() - since, what);
    }

    /** Asserts, and prints the figure for docs/reliability.md. */
    static void assertClosedWithinOneSecond(long nanos, String what) {
        System.out.printf("RelayFaultTest: %s closed %.1f ms after the other side died%n", what, nanos / 1e6);
        assertThat(nanos).as("%s closed %d ms after the other side died", what, nanos / 1_000_000)
                .isLessThan(ONE_SECOND);
    }

    @ParameterizedTest(name = "splice allowed: {0}")
    @ValueSource(booleans = {false, true})
    void theSenderIsResetMidTransferAndTheReceiverIsClosedWithinOneSecond(boolean splice) throws Exception {
        try (RelayServer relay = relay(splice); TcpPeer a = new TcpPeer(relay.tcpAddress());
                TcpPeer b = new TcpPeer(relay.tcpAddress())) {
            String uuid = uuid();
            a.send(TcpPeer.controllerRequest(uuid, ""));
            awaitUnpaired(relay, 1);
            b.send(TcpPeer.deviceRequest(uuid, ""));
            b.timeout(0);
            Sender sender = new Sender(a.socket.getOutputStream(), false);
            Receiver receiver = new Receiver(b.in());
            sender.start();
            receiver.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.bytes.get() >= 4 * MIB);
            long died = System.nanoTime();
            reset(a.socket);
            assertEndedWithinOneSecond(receiver.endedAt, died, "the receiver (splice " + splice + ")");
            await().atMost(Duration.ofSeconds(5)).until(() -> relay.stats().activePairs() == 0);
        }
    }

    @ParameterizedTest(name = "splice allowed: {0}")
    @ValueSource(booleans = {false, true})
    void theReceiverIsResetMidTransferAndTheSenderIsClosedWithinOneSecond(boolean splice) throws Exception {
        try (RelayServer relay = relay(splice); TcpPeer a = new TcpPeer(relay.tcpAddress());
                TcpPeer b = new TcpPeer(relay.tcpAddress())) {
            String uuid = uuid();
            a.send(TcpPeer.controllerRequest(uuid, ""));
            awaitUnpaired(relay, 1);
            b.send(TcpPeer.deviceRequest(uuid, ""));
            a.timeout(0);
            Sender sender = new Sender(a.socket.getOutputStream(), false);
            Receiver aReads = new Receiver(a.in()); // a sender also notices the end by reading it
            Receiver receiver = new Receiver(b.in());
            sender.start();
            aReads.start();
            receiver.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.bytes.get() >= 4 * MIB);
            long died = System.nanoTime();
            reset(b.socket);
            await().atMost(Duration.ofSeconds(5)).until(() -> sender.failedAt.get() != 0 || aReads.endedAt.get() != 0);
            long noticed = Math.min(sender.failedAt.get() == 0 ? Long.MAX_VALUE : sender.failedAt.get(),
                    aReads.endedAt.get() == 0 ? Long.MAX_VALUE : aReads.endedAt.get());
            assertClosedWithinOneSecond(noticed - died, "the sender (splice " + splice + ")");
        }
    }

    @Test
    void aTcpSideResetMidTransferClosesTheWebSocketSideWithinOneSecond() throws Exception {
        try (RelayServer relay = relay(false); TcpPeer tcp = new TcpPeer(relay.tcpAddress());
                WsPeer ws = new WsPeer(relay.wsAddress())) {
            String uuid = uuid();
            tcp.send(TcpPeer.controllerRequest(uuid, ""));
            awaitUnpaired(relay, 1);
            ws.send(TcpPeer.deviceRequest(uuid, ""));
            Sender sender = new Sender(tcp.socket.getOutputStream(), true);
            sender.start();
            for (int i = 0; i < 64; i++) {
                assertThat(ws.receive()).hasSize(16 * 1024); // 1 MiB of 16 KiB messages arrived
            }
            long died = System.nanoTime();
            reset(tcp.socket);
            assertThat(ws.closedByRelay(1000)).as("closed within 1 s").isTrue();
            assertClosedWithinOneSecond(System.nanoTime() - died, "the WebSocket receiver");
        }
    }

    @Test
    void aWebSocketSideDroppedMidTransferClosesTheSendingTcpSideWithinOneSecond() throws Exception {
        try (RelayServer relay = relay(false); TcpPeer tcp = new TcpPeer(relay.tcpAddress());
                WsPeer ws = new WsPeer(relay.wsAddress())) {
            String uuid = uuid();
            tcp.send(TcpPeer.controllerRequest(uuid, ""));
            awaitUnpaired(relay, 1);
            ws.send(TcpPeer.deviceRequest(uuid, ""));
            tcp.timeout(0);
            Sender sender = new Sender(tcp.socket.getOutputStream(), true);
            Receiver tcpReads = new Receiver(tcp.in());
            sender.start();
            tcpReads.start();
            for (int i = 0; i < 64; i++) {
                ws.receive();
            }
            long died = System.nanoTime();
            ws.abort(); // no close frame: the connection just goes
            await().atMost(Duration.ofSeconds(5)).until(() -> sender.failedAt.get() != 0 || tcpReads.endedAt.get() != 0);
            long noticed = Math.min(sender.failedAt.get() == 0 ? Long.MAX_VALUE : sender.failedAt.get(),
                    tcpReads.endedAt.get() == 0 ? Long.MAX_VALUE : tcpReads.endedAt.get());
            assertClosedWithinOneSecond(noticed - died, "the TCP sender");
        }
    }

    /** The sending side is a child JVM ({@link RelaySenderMain}), killed with SIGKILL mid-transfer. */
    @Test
    @Timeout(60)
    void aSenderProcessKilledMidTransferClosesTheReceiverWithinOneSecond() throws Exception {
        try (RelayServer relay = relay(false); TcpPeer b = new TcpPeer(relay.tcpAddress())) {
            String uuid = uuid();
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                    RelaySenderMain.class.getName(), Integer.toString(relay.tcpAddress().getPort()), uuid)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII));
                assertThat(out.readLine()).isEqualTo("sent RequestRelay");
                awaitUnpaired(relay, 1);
                b.send(TcpPeer.deviceRequest(uuid, ""));
                b.timeout(0);
                Receiver receiver = new Receiver(b.in());
                receiver.start();
                await().atMost(Duration.ofSeconds(20)).until(() -> receiver.bytes.get() >= 4 * MIB);
                child.destroyForcibly(); // SIGKILL
                assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
                long died = System.nanoTime();
                assertEndedWithinOneSecond(receiver.endedAt, died, "the receiver of a killed process");
            } finally {
                child.destroyForcibly();
            }
        }
    }
}
