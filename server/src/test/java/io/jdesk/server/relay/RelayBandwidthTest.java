package io.jdesk.server.relay;

import static io.jdesk.server.relay.RelayHarness.awaitUnpaired;
import static io.jdesk.server.relay.RelayHarness.parallel;
import static io.jdesk.server.relay.RelayHarness.uuid;
import static io.jdesk.server.relay.Traffic.MIB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bandwidth control and backpressure through a real relay: the per-pair limit and the blacklist
 * limit measured on the receiving side, and a reader that stops reading.
 */
class RelayBandwidthTest {

    /** 8 Mb/s in hbbr units = 8 x 2^20 bit/s = exactly 1 MiB/s. */
    static final double EIGHT_MBPS_IN_BYTES = 8.0 * Bandwidth.BITS_PER_MBIT / 8;

    /** Bytes sent before the measured window: the bucket's 100 ms burst and TCP slow start. */
    static final long WARM_UP = MIB / 2;

    @TempDir Path dir;

    @Test
    void aPairIsHeldToSingleBandwidth() throws Exception {
        Bandwidth b = new Bandwidth(Bandwidth.UNLIMITED, Bandwidth.mbps(8), Bandwidth.UNLIMITED, 66, 1_800_000);
        try (RelayServer relay = RelayHarness.start(RelayHarness.config(dir).withBandwidth(b))) {
            double rate = measure(relay, 3 * MIB);
            assertThat(rate).as("bytes/s").isBetween(0.9 * EIGHT_MBPS_IN_BYTES, 1.1 * EIGHT_MBPS_IN_BYTES);
        }
    }

    @Test
    void aBlacklistedPairIsHeldToLimitSpeed() throws Exception {
        Files.writeString(dir.resolve("blacklist.txt"), "127.0.0.1\n", StandardCharsets.UTF_8);
        Bandwidth b = new Bandwidth(Bandwidth.UNLIMITED, Bandwidth.UNLIMITED, Bandwidth.mbps(8), 66, 1_800_000);
        try (RelayServer relay = RelayHarness.start(RelayHarness.config(dir).withBandwidth(b))) {
            double rate = measure(relay, 2 * MIB);
            assertThat(rate).as("bytes/s").isBetween(0.9 * EIGHT_MBPS_IN_BYTES, 1.1 * EIGHT_MBPS_IN_BYTES);
        }
    }

    /** Sends WARM_UP + window bytes from A to B; returns B's receive rate over the window in bytes/s. */
    static double measure(RelayServer relay, long window) throws Exception {
        try (TcpPeer a = new TcpPeer(relay.tcpAddress()); TcpPeer b = new TcpPeer(relay.tcpAddress())) {
            String uuid = uuid();
            a.send(TcpPeer.controllerRequest(uuid, ""));
            awaitUnpaired(relay, 1);
            b.send(TcpPeer.deviceRequest(uuid, ""));
            Traffic t = new Traffic(9, WARM_UP + window);
            List<Object> r = parallel(() -> t.sendAll(a.socket.getOutputStream()), () -> timeWindow(b.in(), window));
            return window / ((Long) r.get(1) / 1e9);
        }
    }

    static long timeWindow(InputStream in, long window) throws IOException {
        byte[] buf = new byte[64 * 1024];
        long got = 0;
        long start = 0;
        while (got < WARM_UP + window) {
            int n = in.read(buf);
            if (n < 0) {
                throw new IOException("closed after " + got);
            }
            got += n;
            if (start == 0 && got >= WARM_UP) {
                start = System.nanoTime();
                window -= got - WARM_UP; // the window starts at the first byte after this read
            }
        }
        return System.nanoTime() - start;
    }

    @Test
    void aReaderThatStopsReadingStopsTheRelayFromReadingItsPartner() throws Exception {
        try (RelayServer relay = RelayHarness.start(RelayHarness.config(dir).withBandwidth(Bandwidth.UNLIMITED_ALL));
                TcpPeer writer = new TcpPeer(relay.tcpAddress()); TcpPeer reader = new TcpPeer(relay.tcpAddress(), 64 * 1024)) {
            String uuid = uuid();
            writer.send(TcpPeer.controllerRequest(uuid, ""));
            awaitUnpaired(relay, 1);
            reader.send(TcpPeer.deviceRequest(uuid, ""));

            // More than every socket buffer on the way can hold (tcp_wmem/tcp_rmem maxima here: 4 + 32 MiB)
            long total = 64L * MIB;
            Traffic t = new Traffic(10, total);
            AtomicLong sent = new AtomicLong();
            CompletableFuture<String> sending = CompletableFuture.supplyAsync(() -> {
                try {
                    while (t.more()) {
                        byte[] chunk = t.next(64 * 1024);
                        writer.socket.getOutputStream().write(chunk);
                        sent.addAndGet(chunk.length);
                    }
                    return t.digest();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            // The relay's write to the reader cannot complete: it holds one read and reads no more.
            await().atMost(Duration.ofSeconds(10)).until(() -> relay.stats().inFlightBytes() > 0);
            assertThat(sending).as("the writer is blocked, not done").isNotDone();
            assertThat(sent.get()).isLessThan(total);

            String received = Traffic.receive(reader.in(), total);
            assertThat(received).isEqualTo(sending.get(30, TimeUnit.SECONDS));
            assertThat(relay.stats().maxInFlightBytes()).as("relay buffering, bytes")
                    .isPositive().isLessThanOrEqualTo(RelayServer.MAX_READ);
        }
    }
}
