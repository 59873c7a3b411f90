package io.jdesk.server.relay;

import static io.jdesk.server.relay.RelayHarness.awaitUnpaired;
import static io.jdesk.server.relay.RelayHarness.parallel;
import static io.jdesk.server.relay.RelayHarness.uuid;
import static io.jdesk.server.relay.Traffic.MIB;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Throughput of one TCP/TCP pair through the relay, one direction, with no limiter: ByteBuf pipe
 * versus epoll splice, next to a direct loopback connection. Not a test (no assertion), not run
 * by {@code mvn verify}; run with
 * {@code mvn -pl protocol,server verify -Djdesk.relay.bench=true -Dtest=RelayThroughputBench
 * -Dsurefire.failIfNoSpecifiedTests=false [-Djdesk.relay.benchMiB=1024]}.
 */
@EnabledIfSystemProperty(named = "jdesk.relay.bench", matches = "true")
class RelayThroughputBench {

    static final long BYTES = Long.getLong("jdesk.relay.benchMiB", 1024) * MIB;

    @TempDir Path dir;

    @Test
    void onePairOneDirection() throws Exception {
        for (int round = 0; round < 3; round++) {
            report("direct loopback", direct());
            report("relay, ByteBuf pipe", relayed(false));
            report("relay, splice", relayed(true));
        }
    }

    static void report(String what, long nanos) {
        System.out.printf("%-22s %6.0f MiB/s%n", what, BYTES / (double) MIB / (nanos / 1e9));
    }

    long relayed(boolean splice) throws Exception {
        try (RelayServer relay = RelayHarness.start(RelayHarness.config(dir)
                .withBandwidth(Bandwidth.UNLIMITED_ALL).withSplice(splice));
                TcpPeer a = new TcpPeer(relay.tcpAddress()); TcpPeer b = new TcpPeer(relay.tcpAddress())) {
            String uuid = uuid();
            a.send(TcpPeer.controllerRequest(uuid, ""));
            awaitUnpaired(relay, 1);
            b.send(TcpPeer.deviceRequest(uuid, ""));
            return pump(a.socket.getOutputStream(), b.in());
        }
    }

    static long direct() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, RelayHarness.LO);
                Socket a = new Socket()) {
            a.connect(new InetSocketAddress(RelayHarness.LO, server.getLocalPort()));
            try (Socket b = server.accept()) {
                return pump(a.getOutputStream(), b.getInputStream());
            }
        }
    }

    static long pump(OutputStream out, InputStream in) throws Exception {
        byte[] chunk = new byte[256 * 1024];
        long start = System.nanoTime();
        List<Long> done = parallel(() -> {
            for (long left = BYTES; left > 0; left -= chunk.length) {
                out.write(chunk, 0, (int) Math.min(chunk.length, left));
            }
            out.flush();
            return 0L;
        }, () -> {
            byte[] buf = new byte[256 * 1024];
            for (long left = BYTES; left > 0; ) {
                int n = in.read(buf);
                if (n < 0) {
                    throw new java.io.EOFException();
                }
                left -= n;
            }
            return System.nanoTime();
        });
        return done.get(1) - start;
    }
}
