package io.jdesk.bench;

import com.google.protobuf.ByteString;
import io.jdesk.protocol.proto.RegisterPk;
import io.jdesk.protocol.proto.RegisterPkResponse;
import io.jdesk.protocol.proto.RendezvousMessage;
import io.jdesk.server.rendezvous.MonotonicClock;
import io.jdesk.server.rendezvous.PeerRegistry;
import io.jdesk.server.rendezvous.RegistryBridge;
import io.jdesk.server.store.SqlitePeerStore;
import io.jdesk.server.store.StoreExecutor;
import io.jdesk.server.store.StoredPeer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * RegisterPk under load (issue 6): N new devices each send one RegisterPk over UDP and wait for
 * RegisterPkResponse{OK}, which jdesk sends only once the device's row is committed to
 * {@code db_v2.sqlite3} ({@code synchronous=FULL}). Baseline in the same run: the same number of
 * rows inserted straight into a {@link SqlitePeerStore} on the same file system, one commit each.
 *
 * <p>{@code java -cp bench/target/jdesk-bench.jar io.jdesk.bench.RegisterPkBench [flags]}:
 * <pre>
 *   --devices N   new devices, one ID each (default 20000)
 *   --threads T   client threads (default 2)
 *   --window W    RegisterPk in flight per thread (default 64)
 *   --baseline B  rows for the direct-insert baseline (default 5000)
 *   --store-only  instead: the registry and store path alone, in this JVM, N new devices
 *                 submitted at once, without group commit (one fsync per row, the baseline)
 *                 and with it, same run
 * </pre>
 *
 * <p><b>Source addresses.</b> hbbs keeps OSS's per-source-IP RegisterPk limit (30 requests a
 * minute, 300 new IDs a day), so devices must come from distinct IPs, as they do in the field.
 * Device {@code i} sends from its own loopback address {@code 127.a.b.c} (all of 127/8 is local
 * on Linux) to the server on 127.0.0.1; nothing leaves the machine.
 *
 * <p>Two phases, each timed from the first send to the last reply: <b>new</b> (every RegisterPk
 * is a new ID: store read, insert, commit) and <b>again</b> (the same devices send the same
 * RegisterPk once more: the key is unchanged, so hbbs answers OK from memory). The server is
 * {@code RendezvousBench --serve-hbbs 0} in its own JVM.
 */
public final class RegisterPkBench {

    static final long TIMEOUT_NANOS = 5_000_000_000L;

    private RegisterPkBench() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> o = RendezvousBench.parse(args, "store-only");
        int devices = Integer.parseInt(o.getOrDefault("devices", "20000"));
        int threads = Integer.parseInt(o.getOrDefault("threads", "2"));
        int window = Integer.parseInt(o.getOrDefault("window", "64"));
        int baselineRows = Integer.parseInt(o.getOrDefault("baseline", "5000"));
        if (o.containsKey("store-only")) {
            for (int round = 1; round <= 2; round++) {
                double single = storeOnly(devices, false);
                double grouped = storeOnly(devices, true);
                System.out.printf("round %d: one commit per RegisterPk %.0f/s, group commit %.0f/s, ratio %.1f%n",
                        round, single, grouped, grouped / single);
            }
            return;
        }
        System.out.printf("devices=%d threads=%d window=%d baseline=%d cpus=%d%n", devices, threads, window,
                baselineRows, Runtime.getRuntime().availableProcessors());
        try (RendezvousBench.Server hbbs = RendezvousBench.Server.spawn("--serve-hbbs", "0")) {
            double before = baseline(baselineRows);
            System.out.printf("baseline before: SqlitePeerStore.insert, one commit each: %.0f rows/s (%d rows)%n",
                    before, baselineRows);
            Phase fresh = run(hbbs.udp, devices, threads, window);
            System.out.printf("new:   %s%n", fresh);
            double after = baseline(baselineRows);
            System.out.printf("baseline after:  %.0f rows/s%n", after);
            Phase again = run(hbbs.udp, devices, threads, window);
            System.out.printf("again: %s%n", again);
            System.out.printf("ratio new RegisterPk / direct insert (mean of before and after) %.2f%n",
                    fresh.rate() / ((before + after) / 2));
        }
    }

    /** Rows per second inserted into a fresh store on the same file system, one commit each. */
    static double baseline(int rows) throws IOException {
        Path dir = Files.createTempDirectory("jdesk-registerpk-baseline");
        Path db = dir.resolve("db_v2.sqlite3");
        try (SqlitePeerStore store = SqlitePeerStore.open(db.toString())) {
            byte[] pk = new byte[32];
            long t0 = System.nanoTime();
            for (int i = 0; i < rows; i++) {
                byte[] guid = new byte[StoredPeer.GUID_BYTES];
                ByteBuffer.wrap(guid).putInt(i);
                store.insert(new StoredPeer(guid, "base" + i, ("uuid-" + i).getBytes(StandardCharsets.UTF_8), pk,
                        "127.0.0.1"));
            }
            return rows / ((System.nanoTime() - t0) / 1e9);
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    /**
     * New-device RegisterPks per second through {@code PeerRegistry} and {@code SqlitePeerStore} on
     * a {@code StoreExecutor}, all {@code devices} submitted at once, answered when durable.
     */
    static double storeOnly(int devices, boolean groupCommit) throws Exception {
        Path dir = Files.createTempDirectory("jdesk-registerpk-store");
        try (SqlitePeerStore store = SqlitePeerStore.open(dir.resolve("db_v2.sqlite3").toString());
                StoreExecutor executor = groupCommit ? new StoreExecutor(store) : new StoreExecutor()) {
            PeerRegistry registry = new PeerRegistry(store, MonotonicClock.SYSTEM);
            RegistryBridge bridge = new RegistryBridge(registry, MonotonicClock.SYSTEM);
            Executor exec = task -> executor.submit(Executors.callable(task));
            CountDownLatch answered = new CountDownLatch(devices);
            AtomicInteger ok = new AtomicInteger();
            long t0 = System.nanoTime();
            for (int i = 0; i < devices; i++) {
                RegisterPk rk = RendezvousMessage.parseFrom(request(i)).getRegisterPk();
                bridge.registerPkDurably(rk.getId(), rk.getUuid().toByteArray(), rk.getPk().toByteArray(),
                        new InetSocketAddress(source(i), 40000), exec, r -> {
                            if (r.equals(Optional.of(RegisterPkResponse.Result.OK))) {
                                ok.incrementAndGet();
                            }
                            answered.countDown();
                        });
            }
            answered.await();
            double rate = devices / ((System.nanoTime() - t0) / 1e9);
            if (ok.get() != devices) {
                throw new IllegalStateException(ok.get() + " of " + devices + " answered OK");
            }
            return rate;
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    record Phase(double rate, int ok, int other, int lost, long p50, long p99, long max) {
        @Override
        public String toString() {
            return String.format("%.0f RegisterPk/s  latency p50 %.1f ms  p99 %.1f ms  max %.1f ms  (ok %d, other %d, lost %d)",
                    rate, p50 / 1000.0, p99 / 1000.0, max / 1000.0, ok, other, lost);
        }
    }

    static Phase run(InetSocketAddress server, int devices, int threads, int window) throws Exception {
        AtomicInteger next = new AtomicInteger();
        Client[] cs = new Client[threads];
        long t0 = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            cs[t] = new Client(server, devices, window, next);
            cs[t].start();
        }
        int ok = 0;
        int other = 0;
        int lost = 0;
        long[] all = new long[devices];
        for (Client c : cs) {
            c.join();
            if (c.failure != null) {
                throw c.failure;
            }
            ok += c.ok;
            other += c.other;
            lost += c.lost;
            System.arraycopy(c.latencies, 0, all, ok - c.ok, c.ok);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        long[] lat = Arrays.copyOf(all, ok);
        Arrays.sort(lat);
        return new Phase(ok / seconds, ok, other, lost, at(lat, 0.5), at(lat, 0.99), at(lat, 1.0));
    }

    static long at(long[] sorted, double q) {
        return sorted.length == 0 ? -1 : sorted[Math.max(0, (int) Math.ceil(sorted.length * q) - 1)];
    }

    /** The loopback address device {@code i} sends from: 127.a.b.c, c in 1..254. */
    static InetAddress source(int i) throws IOException {
        int c = 1 + i % 254;
        int b = (i / 254) % 256;
        int a = 1 + i / (254 * 256);
        return InetAddress.getByAddress(new byte[] {127, (byte) a, (byte) b, (byte) c});
    }

    static byte[] request(int i) {
        byte[] pk = new byte[32];
        ByteBuffer.wrap(pk).putInt(i);
        return RendezvousMessage.newBuilder().setRegisterPk(RegisterPk.newBuilder()
                .setId(String.format("pk%08d", i))
                .setUuid(ByteString.copyFromUtf8("bench-uuid-" + i))
                .setPk(ByteString.copyFrom(pk))).build().toByteArray();
    }

    /** Keeps {@code window} devices in flight, each on its own socket bound to its own source. */
    static final class Client extends Thread {
        final InetSocketAddress server;
        final int devices;
        final int window;
        final AtomicInteger next;
        final long[] latencies;
        int ok;
        int other;
        int lost;
        Exception failure;

        Client(InetSocketAddress server, int devices, int window, AtomicInteger next) {
            super("registerpk-client");
            this.server = server;
            this.devices = devices;
            this.window = window;
            this.next = next;
            this.latencies = new long[devices];
        }

        @Override
        public void run() {
            try (Selector sel = Selector.open()) {
                ByteBuffer in = ByteBuffer.allocate(2048);
                int inFlight = 0;
                boolean more = true;
                while (more || inFlight > 0) {
                    while (more && inFlight < window) {
                        int i = next.getAndIncrement();
                        if (i >= devices) {
                            more = false;
                            break;
                        }
                        DatagramChannel ch = DatagramChannel.open();
                        ch.bind(new InetSocketAddress(source(i), 0));
                        ch.connect(server);
                        ch.configureBlocking(false);
                        long sent = System.nanoTime();
                        ch.write(ByteBuffer.wrap(request(i)));
                        ch.register(sel, SelectionKey.OP_READ, new long[] {sent});
                        inFlight++;
                    }
                    sel.select(100);
                    for (SelectionKey k : sel.selectedKeys()) {
                        DatagramChannel ch = (DatagramChannel) k.channel();
                        in.clear();
                        if (ch.read(in) <= 0) {
                            continue;
                        }
                        long lat = (System.nanoTime() - ((long[]) k.attachment())[0]) / 1000;
                        RendezvousMessage m = RendezvousMessage.parseFrom(Arrays.copyOf(in.array(), in.position()));
                        if (m.hasRegisterPkResponse()
                                && m.getRegisterPkResponse().getResult() == RegisterPkResponse.Result.OK) {
                            latencies[ok++] = lat;
                        } else {
                            other++;
                        }
                        k.cancel();
                        ch.close();
                        inFlight--;
                    }
                    sel.selectedKeys().clear();
                    long now = System.nanoTime();
                    for (SelectionKey k : sel.keys()) {
                        if (k.isValid() && now - ((long[]) k.attachment())[0] > TIMEOUT_NANOS) {
                            lost++;
                            k.cancel();
                            k.channel().close();
                            inFlight--;
                        }
                    }
                }
            } catch (Exception e) {
                failure = e;
            }
        }
    }
}
