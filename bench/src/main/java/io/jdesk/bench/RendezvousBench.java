package io.jdesk.bench;

import io.jdesk.protocol.crypto.ServerKey;
import io.jdesk.protocol.proto.RegisterPeer;
import io.jdesk.protocol.proto.RendezvousMessage;
import io.jdesk.server.rendezvous.MonotonicClock;
import io.jdesk.server.rendezvous.PeerRegistry;
import io.jdesk.server.rendezvous.RegistryBridge;
import io.jdesk.server.rendezvous.RendezvousConfig;
import io.jdesk.server.rendezvous.RendezvousServer;
import io.jdesk.server.store.SqlitePeerStore;
import io.jdesk.server.store.StoreExecutor;
import io.jdesk.server.store.StoredPeer;
import io.jdesk.server.transport.Transport;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

/**
 * Rendezvous load generator (issue 6): RegisterPeer round trips per second over UDP on loopback,
 * against jdesk's rendezvous server and against a minimal UDP echo server, same client, same run.
 *
 * <p>{@code java -cp bench/target/jdesk-bench.jar io.jdesk.bench.RendezvousBench [flags]}:
 * <pre>
 *   --devices N      simulated devices, one ID each (default 10000)
 *   --threads T      client threads, one UDP socket each (default 4)
 *   --window W       requests in flight per thread (default 32)
 *   --seconds D      measured seconds per round and target (default 10)
 *   --warmup S       unmeasured seconds before each measured window (default 2)
 *   --rounds R       rounds; each runs echo then jdesk (default 3)
 *   --serve-hbbs N   (internal) run the jdesk rendezvous server with N pre-stored devices
 *                    [--workers W: event-loop threads, default one per CPU]
 *   --serve-echo     (internal) run the UDP echo server
 * </pre>
 *
 * <p>Each server runs in its own JVM, started by this one with the same class path and JVM,
 * bound to 127.0.0.1 on ephemeral ports; it prints {@code READY <udpPort> [<tcpPort>]} when it can serve
 * (the jdesk server also gives its TCP port, which {@link PunchBench} uses).
 *
 * <p><b>How the devices become known.</b> A device normally sends RegisterPk once. jdesk keeps
 * OSS's per-source-IP RegisterPk limit ({@code IpBlocker}: more than 30 requests in 60 s, or more
 * than 300 new IDs a day, from one IP are refused with TOO_FREQUENT) and the limit is checked
 * before the store is read, so 10 000 devices cannot all register from 127.0.0.1, and the limit
 * has no setting. Instead the server JVM writes N rows into a fresh {@code db_v2.sqlite3} through
 * {@link SqlitePeerStore#insert} (as earlier RegisterPk requests would have), then loads each into
 * memory with {@link PeerRegistry#find} (what a controller's PunchHoleRequest lookup does; the
 * peer is then known, offline, address unknown). The first RegisterPeer of each device then
 * takes it online at the client's address; every later one is the steady-state keep-alive that
 * is measured. The server is assembled as {@code Hbbs.start} assembles it (SqlitePeerStore,
 * StoreExecutor, PeerRegistry, RegistryBridge, RendezvousServer on {@code Transport.best()} with
 * one worker per CPU), without its housekeeping timer and UDP self-test.
 *
 * <p><b>What one round trip is.</b> A client thread owns one UDP
 * socket and a slice of the IDs. It keeps {@code W} RegisterPeer datagrams in flight: each reply
 * sends the next ID's RegisterPeer{id, serial 0}. Replies carry no ID, so latency is taken
 * against the oldest send time still outstanding (UDP on one loopback socket pair arrives in
 * order). Only the 2-byte {@code 3a00} (register_peer_response, request_pk false) counts; any
 * other reply is counted as "other". A 200 ms silence counts the window as lost and refills it.
 * The echo server answers every datagram with the same {@code 3a00} from one thread.
 */
public final class RendezvousBench {

    static final byte[] REPLY = {0x3a, 0x00};
    static final long TIMEOUT_MS = 200;
    /** Latency histogram: 1 µs buckets up to 100 ms, one overflow bucket. */
    static final int BUCKETS = 100_000;

    public static void main(String[] args) throws Exception {
        Map<String, String> o = parse(args);
        if (o.containsKey("serve-hbbs")) {
            int cpus = Runtime.getRuntime().availableProcessors();
            serveHbbs(Integer.parseInt(o.get("serve-hbbs")),
                    Integer.parseInt(o.getOrDefault("workers", Integer.toString(cpus))));
            return;
        }
        if (o.containsKey("serve-echo")) {
            serveEcho();
            return;
        }
        int devices = Integer.parseInt(o.getOrDefault("devices", "10000"));
        int threads = Integer.parseInt(o.getOrDefault("threads", "4"));
        int window = Integer.parseInt(o.getOrDefault("window", "32"));
        int seconds = Integer.parseInt(o.getOrDefault("seconds", "10"));
        int warmup = Integer.parseInt(o.getOrDefault("warmup", "2"));
        int rounds = Integer.parseInt(o.getOrDefault("rounds", "3"));
        System.out.printf("devices=%d threads=%d window=%d (in flight %d) seconds=%d warmup=%d rounds=%d cpus=%d%n",
                devices, threads, window, threads * window, seconds, warmup, rounds,
                Runtime.getRuntime().availableProcessors());

        Server echo = Server.spawn("--serve-echo");
        Server hbbs = Server.spawn("--serve-hbbs", Integer.toString(devices));
        try {
            String[] ids = new String[devices];
            for (int i = 0; i < devices; i++) {
                ids[i] = String.format("bench%07d", i);
            }
            List<Result> echoResults = new ArrayList<>();
            List<Result> jdeskResults = new ArrayList<>();
            for (int r = 1; r <= rounds; r++) {
                Result e = measure(echo.udp, ids, threads, window, warmup, seconds);
                System.out.printf("round %d echo  %s%n", r, e);
                Result j = measure(hbbs.udp, ids, threads, window, warmup, seconds);
                System.out.printf("round %d jdesk %s%n", r, j);
                echoResults.add(e);
                jdeskResults.add(j);
            }
            double em = median(echoResults.stream().mapToDouble(x -> x.rate).toArray());
            double jm = median(jdeskResults.stream().mapToDouble(x -> x.rate).toArray());
            System.out.printf("median echo  %.0f rt/s  p50/p99/p999 %s%n", em, medianLatencies(echoResults));
            System.out.printf("median jdesk %.0f rt/s  p50/p99/p999 %s%n", jm, medianLatencies(jdeskResults));
            System.out.printf("ratio jdesk/echo %.2f%n", jm / em);
        } finally {
            echo.close();
            hbbs.close();
        }
    }

    // ---------------------------------------------------------------- client

    record Result(double rate, long replies, long other, long lost, long p50, long p99, long p999) {
        @Override
        public String toString() {
            return String.format("%.0f rt/s  p50 %d us  p99 %d us  p999 %d us  (replies %d, other %d, lost windows %d)",
                    rate, p50, p99, p999, replies, other, lost);
        }
    }

    static final class Worker extends Thread {
        final DatagramChannel ch;
        final byte[][] requests;
        final int window;
        final long[] hist = new long[BUCKETS + 1];
        long replies;
        long other;
        long lost;
        volatile boolean recording;
        volatile boolean stop;

        Worker(InetSocketAddress server, byte[][] requests, int window) throws IOException {
            super("bench-client");
            this.ch = DatagramChannel.open();
            ch.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            ch.connect(server);
            ch.configureBlocking(false);
            this.requests = requests;
            this.window = window;
        }

        @Override
        public void run() {
            try (java.nio.channels.Selector sel = java.nio.channels.Selector.open()) {
                ch.register(sel, java.nio.channels.SelectionKey.OP_READ);
                ByteBuffer in = ByteBuffer.allocateDirect(2048);
                ByteBuffer out = ByteBuffer.allocateDirect(2048);
                long[] sent = new long[window];
                int head = 0;
                int outstanding = 0;
                int next = 0;
                while (!stop) {
                    while (outstanding < window) {
                        out.clear();
                        out.put(requests[next]).flip();
                        next = next + 1 == requests.length ? 0 : next + 1;
                        sent[(head + outstanding) % window] = System.nanoTime();
                        ch.write(out);
                        outstanding++;
                    }
                    in.clear();
                    int n = ch.read(in);
                    if (n < 0 || (n == 0 && in.position() == 0)) {
                        if (sel.select(TIMEOUT_MS) == 0) {
                            if (recording) {
                                lost++;
                            }
                            outstanding = 0; // the window is lost: refill it
                        }
                        sel.selectedKeys().clear();
                        continue;
                    }
                    long now = System.nanoTime();
                    in.flip();
                    long lat = (now - sent[head]) / 1000;
                    head = (head + 1) % window;
                    outstanding--;
                    if (recording) {
                        if (in.remaining() == 2 && in.get(0) == REPLY[0] && in.get(1) == REPLY[1]) {
                            replies++;
                            hist[(int) Math.min(lat, BUCKETS)]++;
                        } else {
                            other++;
                        }
                    }
                }
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        }
    }

    static Result measure(InetSocketAddress server, String[] ids, int threads, int window, int warmup,
            int seconds) throws Exception {
        Worker[] ws = new Worker[threads];
        for (int t = 0; t < threads; t++) {
            List<byte[]> mine = new ArrayList<>();
            for (int i = t; i < ids.length; i += threads) {
                mine.add(RendezvousMessage.newBuilder()
                        .setRegisterPeer(RegisterPeer.newBuilder().setId(ids[i]).setSerial(0)).build().toByteArray());
            }
            ws[t] = new Worker(server, mine.toArray(new byte[0][]), window);
        }
        for (Worker w : ws) {
            w.start();
        }
        Thread.sleep(warmup * 1000L);
        for (Worker w : ws) {
            w.recording = true;
        }
        long t0 = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        for (Worker w : ws) {
            w.recording = false;
        }
        long t1 = System.nanoTime();
        for (Worker w : ws) {
            w.stop = true;
        }
        long[] hist = new long[BUCKETS + 1];
        long replies = 0;
        long other = 0;
        long lost = 0;
        for (Worker w : ws) {
            w.join();
            w.ch.close();
            for (int i = 0; i <= BUCKETS; i++) {
                hist[i] += w.hist[i];
            }
            replies += w.replies;
            other += w.other;
            lost += w.lost;
        }
        double rate = replies / ((t1 - t0) / 1e9);
        return new Result(rate, replies, other, lost, pct(hist, replies, 0.5), pct(hist, replies, 0.99),
                pct(hist, replies, 0.999));
    }

    static long pct(long[] hist, long total, double q) {
        long want = (long) Math.ceil(total * q);
        long seen = 0;
        for (int i = 0; i < hist.length; i++) {
            seen += hist[i];
            if (seen >= want && want > 0) {
                return i;
            }
        }
        return -1;
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    static String medianLatencies(List<Result> rs) {
        return String.format("%.0f / %.0f / %.0f us",
                median(rs.stream().mapToDouble(r -> r.p50).toArray()),
                median(rs.stream().mapToDouble(r -> r.p99).toArray()),
                median(rs.stream().mapToDouble(r -> r.p999).toArray()));
    }

    // ---------------------------------------------------------------- servers

    /**
     * A server JVM started from this one (same JVM binary and class path); it prints
     * {@code READY <udpPort> [<tcpPort>]} when it can serve. Also used by {@link PunchBench}.
     */
    static final class Server implements AutoCloseable {
        final Process process;
        final InetSocketAddress udp;
        /** The TCP listener, or null when the server printed none. */
        final InetSocketAddress tcp;

        Server(Process process, InetSocketAddress udp, InetSocketAddress tcp) {
            this.process = process;
            this.udp = udp;
            this.tcp = tcp;
        }

        static Server spawn(String... args) throws IOException {
            return spawn(RendezvousBench.class, args);
        }

        static Server spawn(Class<?> main, String... args) throws IOException {
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            String extra = System.getenv("SERVER_JAVA_OPTS");
            if (extra != null && !extra.isBlank()) {
                cmd.addAll(Arrays.asList(extra.trim().split("\\s+")));
            }
            cmd.add("-cp");
            cmd.add(System.getProperty("java.class.path"));
            cmd.add(main.getName());
            cmd.addAll(Arrays.asList(args));
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("READY ")) {
                    String[] ports = line.substring(6).trim().split("\\s+");
                    InetSocketAddress udp = new InetSocketAddress(InetAddress.getLoopbackAddress(),
                            Integer.parseInt(ports[0]));
                    InetSocketAddress tcp = ports.length > 1
                            ? new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(ports[1]))
                            : null;
                    System.out.printf("%s: pid %d, udp 127.0.0.1:%d%s%n", String.join(" ", args), p.pid(),
                            udp.getPort(), tcp == null ? "" : ", tcp 127.0.0.1:" + tcp.getPort());
                    Thread drain = new Thread(() -> {
                        try {
                            while (r.readLine() != null) {
                                // keep the pipe from filling; the server prints nothing after READY
                            }
                        } catch (IOException e) {
                            // the server exited
                        }
                    }, "server-stdout");
                    drain.setDaemon(true);
                    drain.start();
                    return new Server(p, udp, tcp);
                }
                System.out.println("  [server] " + line);
            }
            throw new IOException("server " + Arrays.toString(args) + " exited before READY");
        }

        long pid() {
            return process.pid();
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            process.waitFor();
        }
    }

    static void serveEcho() throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            s.setReceiveBufferSize(1 << 20);
            System.out.println("READY " + s.getLocalPort());
            System.out.flush();
            byte[] buf = new byte[2048];
            DatagramPacket in = new DatagramPacket(buf, buf.length);
            DatagramPacket out = new DatagramPacket(REPLY, REPLY.length);
            for (;;) {
                in.setLength(buf.length);
                s.receive(in);
                out.setSocketAddress(in.getSocketAddress());
                s.send(out);
            }
        }
    }

    static void serveHbbs(int devices, int workers) throws Exception {
        Path dir = Files.createTempDirectory("jdesk-rendezvous-bench");
        SqlitePeerStore store = SqlitePeerStore.open(dir.resolve("db_v2.sqlite3").toString());
        long t0 = System.nanoTime();
        byte[] pk = new byte[32];
        for (int i = 0; i < devices; i++) {
            byte[] guid = new byte[StoredPeer.GUID_BYTES];
            ByteBuffer.wrap(guid).putInt(i);
            store.insert(new StoredPeer(guid, String.format("bench%07d", i),
                    ("uuid-" + i).getBytes(StandardCharsets.UTF_8), pk, "127.0.0.1"));
        }
        long t1 = System.nanoTime();
        PeerRegistry registry = new PeerRegistry(store, MonotonicClock.SYSTEM);
        for (int i = 0; i < devices; i++) {
            if (registry.find(String.format("bench%07d", i)).isEmpty()) {
                throw new IllegalStateException("row " + i + " not found");
            }
        }
        long t2 = System.nanoTime();
        System.out.printf("stored %d devices in %d ms, loaded in %d ms (%s)%n", devices, (t1 - t0) / 1_000_000,
                (t2 - t1) / 1_000_000, dir);
        RegistryBridge bridge = new RegistryBridge(registry, MonotonicClock.SYSTEM);
        StoreExecutor storeExecutor = new StoreExecutor(store);
        Executor exec = task -> {
            CompletableFuture<?> f = storeExecutor.submit(Executors.callable(task));
            if (f.isCompletedExceptionally()) {
                throw new RejectedExecutionException("store queue full");
            }
        };
        RendezvousConfig config = RendezvousConfig.defaults(InetAddress.getLoopbackAddress(), 0, 0, 0, 0,
                ServerKey.forRendezvous("", dir));
        RendezvousServer server = new RendezvousServer(config, bridge, bridge, exec, MonotonicClock.SYSTEM,
                Transport.best(), workers, registry::consoleCommand).start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.err.printf("  [server] store batches %d, tasks in them %d%n", storeExecutor.batches(),
                    storeExecutor.batchedTasks());
            server.close();
            storeExecutor.close();
            store.close();
            try (var files = Files.list(dir)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.deleteIfExists(f);
                }
                Files.deleteIfExists(dir);
            } catch (IOException e) {
                System.err.println("could not delete " + dir + ": " + e);
            }
        }));
        System.out.println("transport " + Transport.best() + ", workers " + workers);
        System.out.println("READY " + server.udpAddress().getPort() + " " + server.tcpAddress().getPort());
        System.out.flush();
        Thread.currentThread().join();
    }

    static Map<String, String> parse(String[] args) {
        return parse(args, "serve-echo");
    }

    /** {@code --key value} pairs; the {@code switches} take no value. */
    static Map<String, String> parse(String[] args, String... switches) {
        List<String> flags = Arrays.asList(switches);
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected " + args[i]);
            }
            String k = args[i].substring(2);
            if (flags.contains(k)) {
                o.put(k, "");
            } else if (i + 1 < args.length) {
                o.put(k, args[++i]);
            } else {
                throw new IllegalArgumentException("missing value for " + args[i]);
            }
        }
        return o;
    }
}
