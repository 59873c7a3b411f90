package io.jdesk.server.relay;

import static org.awaitility.Awaitility.await;

import io.jdesk.protocol.codec.FrameCodec;
import io.jdesk.protocol.crypto.ServerKey;
import io.jdesk.protocol.proto.RendezvousMessage;
import io.jdesk.server.transport.Transport;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Starting relays on loopback port 0 and running client tasks in parallel, for the relay tests. */
final class RelayHarness {

    static final InetAddress LO = InetAddress.getLoopbackAddress();

    private RelayHarness() {}

    /** OSS defaults without a key, everything in {@code dir}. */
    static RelayConfig config(Path dir) throws IOException {
        return RelayConfig.defaults(LO, 0, 0, ServerKey.forRelay(null, dir), dir);
    }

    static RelayServer start(RelayConfig config) {
        return new RelayServer(config, transport(), 2).start();
    }

    /** {@link Transport#best()}, or NIO with {@code -Djdesk.transport=nio}. */
    static Transport transport() {
        return "nio".equals(System.getProperty("jdesk.transport")) ? Transport.NIO : Transport.best();
    }

    static String uuid() {
        return UUID.randomUUID().toString();
    }

    static byte[] framed(RendezvousMessage m) {
        return FrameCodec.encode(m.toByteArray());
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Waits (polling, no fixed sleep) until {@code n} connections wait for a partner. */
    static void awaitUnpaired(RelayServer relay, int n) {
        await().atMost(Duration.ofSeconds(5)).until(() -> relay.unpaired() == n);
    }

    /** Runs the tasks in parallel and returns their results in order; fails on the first failure. */
    @SafeVarargs
    static <T> List<T> parallel(Callable<T>... tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.length);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> t : tasks) {
                futures.add(pool.submit(t));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get(120, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
