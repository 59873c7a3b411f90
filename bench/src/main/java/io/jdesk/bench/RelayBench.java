package io.jdesk.bench;

import io.jdesk.protocol.codec.FrameCodec;
import io.jdesk.protocol.crypto.ServerKey;
import io.jdesk.protocol.proto.RendezvousMessage;
import io.jdesk.protocol.proto.RequestRelay;
import io.jdesk.server.relay.Bandwidth;
import io.jdesk.server.relay.RelayConfig;
import io.jdesk.server.relay.RelayServer;
import io.jdesk.server.transport.Transport;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Relay throughput and load, by hand (never run by {@code mvn verify}). One client, several
 * forwarders: the same sender and sink code measure jdesk's relay (with the RequestRelay pairing),
 * haproxy or socat (plain TCP forward to the bench's own sink).
 *
 * <pre>
 * java -jar bench/target/jdesk-bench.jar [options]
 *   (no mode)                 start the jdesk relay in-process (127.0.0.1, port 0, unlimited) and measure it
 *   --relay HOST:PORT         measure an already running jdesk relay (RequestRelay pairing)
 *   --target HOST:PORT --sink-port P
 *                             measure a plain TCP forwarder (haproxy, socat) whose backend is 127.0.0.1:P;
 *                             the bench runs that sink itself
 *   --serve-relay PORT        only run the jdesk relay on 127.0.0.1:PORT until killed (for a separate JVM)
 *   --pairs N [--rate BYTES_PER_S] [--seconds S] [--warmup S] [--relay-pid PID]
 *                             N concurrent pairs each sending BYTES_PER_S (default 180000) one way;
 *                             reports delivered rate, and the relay process's CPU share and RSS
 *                             (from /proc/PID when --relay-pid is given, else this JVM's own figures)
 * common: --mib N (1024) --rounds R (3) --warmup-mib M (256: one untimed round first, 0 for none) --label NAME --transport best|nio --workers W (cores) --splice
 * </pre>
 *
 * Wire protocol of the throughput run, identical for every forwarder: the sender writes an 8-byte
 * length then that many random bytes (a pre-generated 256 KiB buffer, reused); the sink reads them
 * and answers one byte; the sender's clock runs from its first byte to that answer. Each result is
 * also printed as a line {@code RESULT label round MiB/s} for scripts.
 */
public final class RelayBench {

    static final int CHUNK = 256 * 1024;
    static final long MIB = 1024 * 1024;
    static final InetAddress LO = InetAddress.getLoopbackAddress();

    private final Map<String, String> opts;

    private RelayBench(Map<String, String> opts) {
        this.opts = opts;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                usage("unexpected argument " + a);
            }
            if (a.equals("--splice") || a.equals("--help")) {
                o.put(a.substring(2), "true");
            } else if (i + 1 < args.length) {
                o.put(a.substring(2), args[++i]);
            } else {
                usage("missing value for " + a);
            }
        }
        if (o.containsKey("help")) {
            usage(null);
        }
        new RelayBench(o).run();
        System.exit(0);
    }

    static void usage(String error) {
        if (error != null) {
            System.err.println("error: " + error);
        }
        System.err.println("see the javadoc of io.jdesk.bench.RelayBench or docs/benchmarks.md");
        System.exit(error == null ? 0 : 2);
    }

    String opt(String name, String def) {
        return opts.getOrDefault(name, def);
    }

    static InetSocketAddress hostPort(String s) {
        int c = s.lastIndexOf(':');
        return new InetSocketAddress(s.substring(0, c), Integer.parseInt(s.substring(c + 1)));
    }

    void run() throws Exception {
        if (opts.containsKey("serve-relay")) {
            serveRelay(Integer.parseInt(opts.get("serve-relay")));
            return;
        }
        if (opts.containsKey("pairs")) {
            if (opts.containsKey("relay")) {
                pairs(hostPort(opts.get("relay")));
            } else {
                try (RelayServer relay = startRelay(0)) {
                    pairs(relay.tcpAddress());
                }
            }
            return;
        }
        long bytes = Long.parseLong(opt("mib", "1024")) * MIB;
        int rounds = Integer.parseInt(opt("rounds", "3"));
        long warmupBytes = Long.parseLong(opt("warmup-mib", "256")) * MIB; // one untimed round first (JIT)
        if (opts.containsKey("target")) {
            String label = opt("label", "forwarder");
            InetSocketAddress target = hostPort(opts.get("target"));
            try (ServerSocket sink = new ServerSocket()) {
                sink.setReuseAddress(true);
                sink.bind(new InetSocketAddress(LO, Integer.parseInt(opt("sink-port", "0"))), 50);
                Thread acceptor = daemon("sink-accept", () -> {
                    while (!sink.isClosed()) {
                        try {
                            Socket s = sink.accept();
                            daemon("sink", () -> sink(s)).start();
                        } catch (IOException e) {
                            return;
                        }
                    }
                });
                acceptor.start();
                if (warmupBytes > 0) {
                    try (Socket sender = connect(target)) {
                        send(sender, warmupBytes);
                    }
                }
                for (int r = 1; r <= rounds; r++) {
                    try (Socket sender = connect(target)) {
                        report(label, r, bytes, send(sender, bytes));
                    }
                }
            }
        } else if (opts.containsKey("relay")) {
            InetSocketAddress relay = hostPort(opts.get("relay"));
            if (warmupBytes > 0) {
                relayed(relay, warmupBytes);
            }
            for (int r = 1; r <= rounds; r++) {
                report(opt("label", "jdesk"), r, bytes, relayed(relay, bytes));
            }
        } else {
            try (RelayServer relay = startRelay(0)) {
                if (warmupBytes > 0) {
                    relayed(relay.tcpAddress(), warmupBytes);
                }
                for (int r = 1; r <= rounds; r++) {
                    report(opt("label", "jdesk-inproc"), r, bytes, relayed(relay.tcpAddress(), bytes));
                }
            }
        }
    }

    RelayServer startRelay(int port) throws IOException {
        Path dir = Files.createTempDirectory("jdesk-bench");
        dir.toFile().deleteOnExit();
        RelayConfig config = RelayConfig.defaults(LO, port, 0, ServerKey.forRelay(null, dir), dir)
                .withBandwidth(Bandwidth.UNLIMITED_ALL)
                .withSplice(Boolean.parseBoolean(opt("splice", "false")));
        Transport transport = "nio".equals(opt("transport", "best")) ? Transport.NIO : Transport.best();
        int workers = Integer.parseInt(opt("workers", String.valueOf(Runtime.getRuntime().availableProcessors())));
        RelayServer relay = new RelayServer(config, transport, workers).start();
        System.err.printf("jdesk relay on %s, transport %s, %d workers, splice %s%n",
                relay.tcpAddress(), transport, workers, opt("splice", "false"));
        return relay;
    }

    void serveRelay(int port) throws Exception {
        RelayServer relay = startRelay(port);
        Runtime.getRuntime().addShutdownHook(new Thread(relay::close));
        System.out.println("listening " + relay.tcpAddress().getPort());
        System.out.flush();
        Thread.currentThread().join();
    }

    static void report(String label, int round, long bytes, long nanos) {
        double mibps = bytes / (double) MIB / (nanos / 1e9);
        System.out.printf("RESULT %s %d %.0f%n", label, round, mibps);
        System.out.flush();
    }

    // ---------------------------------------------------------------- one pair, one direction

    static Socket connect(InetSocketAddress to) throws IOException {
        Socket s = new Socket();
        s.connect(to, 5000);
        s.setTcpNoDelay(true);
        return s;
    }

    static byte[] request(String uuid) {
        return FrameCodec.encode(RendezvousMessage.newBuilder()
                .setRequestRelay(RequestRelay.newBuilder().setUuid(uuid).setLicenceKey("")).build().toByteArray());
    }

    /** Pairs two clients through a jdesk relay: the sink side first, then the sender. */
    static long relayed(InetSocketAddress relay, long bytes) throws Exception {
        String uuid = UUID.randomUUID().toString();
        try (Socket receiver = connect(relay); Socket sender = connect(relay)) {
            receiver.getOutputStream().write(request(uuid));
            Thread sink = daemon("sink", () -> sink(receiver));
            sink.start();
            sender.getOutputStream().write(request(uuid));
            long nanos = send(sender, bytes);
            sender.close(); // the sink waits for this
            sink.join();
            return nanos;
        }
    }

    private static final byte[] PAYLOAD = new byte[CHUNK];

    static {
        new Random(42).nextBytes(PAYLOAD);
    }

    /** Writes the length and the bytes, waits for the sink's answer; returns the elapsed nanos. */
    static long send(Socket s, long bytes) throws IOException {
        OutputStream out = s.getOutputStream();
        InputStream in = s.getInputStream();
        long start = System.nanoTime();
        new DataOutputStream(out).writeLong(bytes);
        for (long left = bytes; left > 0; ) {
            int n = (int) Math.min(CHUNK, left);
            out.write(PAYLOAD, 0, n);
            left -= n;
        }
        out.flush();
        if (in.read() < 0) {
            throw new EOFException("no answer from the sink");
        }
        return System.nanoTime() - start;
    }

    /** Reads the length and the bytes, answers one byte. */
    static void sink(Socket s) {
        try (s) {
            InputStream in = s.getInputStream();
            long bytes = new DataInputStream(in).readLong();
            byte[] buf = new byte[CHUNK];
            for (long left = bytes; left > 0; ) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                if (n < 0) {
                    throw new EOFException((bytes - left) + " of " + bytes + " bytes");
                }
                left -= n;
            }
            s.getOutputStream().write(1);
            s.getOutputStream().flush();
            in.read(); // wait for the sender to close
        } catch (IOException e) {
            System.err.println("sink: " + e);
        }
    }

    static Thread daemon(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    // ---------------------------------------------------------------- many pairs at a fixed rate

    void pairs(InetSocketAddress relay) throws Exception {
        int n = Integer.parseInt(opts.get("pairs"));
        long rate = Long.parseLong(opt("rate", "180000")); // bytes per second per pair (180 kB/s)
        int seconds = Integer.parseInt(opt("seconds", "30"));
        int warmup = Integer.parseInt(opt("warmup", "5"));
        String pid = opts.get("relay-pid");
        int ticksPerSecond = 10;
        int perTick = (int) (rate / ticksPerSecond);

        List<SocketChannel> senders = new ArrayList<>(n);
        Selector selector = Selector.open();
        for (int i = 0; i < n; i++) {
            String uuid = UUID.randomUUID().toString();
            SocketChannel b = SocketChannel.open(relay);
            b.socket().setTcpNoDelay(true);
            b.write(ByteBuffer.wrap(request(uuid)));
            SocketChannel a = SocketChannel.open(relay);
            a.socket().setTcpNoDelay(true);
            a.write(ByteBuffer.wrap(request(uuid)));
            b.configureBlocking(false);
            b.register(selector, SelectionKey.OP_READ);
            senders.add(a);
        }
        System.err.printf("%d pairs connected to %s%n", n, relay);

        AtomicLong received = new AtomicLong();
        Thread reader = daemon("pairs-reader", () -> {
            ByteBuffer buf = ByteBuffer.allocateDirect(CHUNK);
            try {
                while (selector.isOpen()) {
                    selector.select(100);
                    for (SelectionKey k : selector.selectedKeys()) {
                        SocketChannel c = (SocketChannel) k.channel();
                        int r;
                        while ((r = c.read(buf.clear())) > 0) {
                            received.addAndGet(r);
                        }
                        if (r < 0) {
                            k.cancel();
                            System.err.println("a pair closed early");
                        }
                    }
                    selector.selectedKeys().clear();
                }
            } catch (Exception e) {
                if (selector.isOpen()) {
                    System.err.println("reader: " + e);
                }
            }
        });
        reader.start();

        ByteBuffer tick = ByteBuffer.wrap(Arrays.copyOf(PAYLOAD, perTick));
        long tickNanos = 1_000_000_000L / ticksPerSecond;
        long start = System.nanoTime();
        long measureFrom = start + warmup * 1_000_000_000L;
        long end = measureFrom + seconds * 1_000_000_000L;
        long cpu0 = -1;
        long recv0 = 0;
        long lateTicks = 0;
        for (long next = start; ; next += tickNanos) {
            long now = System.nanoTime();
            if (cpu0 < 0 && now >= measureFrom) {
                cpu0 = cpuNanos(pid);
                recv0 = received.get();
            }
            if (now >= end) {
                break;
            }
            for (SocketChannel a : senders) {
                tick.clear();
                while (tick.hasRemaining()) {
                    a.write(tick);
                }
            }
            long sleep = next + tickNanos - System.nanoTime();
            if (sleep > 0) {
                Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
            } else {
                lateTicks++;
            }
        }
        long wall = System.nanoTime() - measureFrom;
        long cpu = cpuNanos(pid) - cpu0;
        long recv = received.get() - recv0;
        long[] rss = rssKiB(pid);
        System.out.printf("pairs %d, rate %d B/s each, measured %d s after %d s warm-up, %d late ticks%n",
                n, rate, seconds, warmup, lateTicks);
        System.out.printf("delivered: %.0f B/s per pair (%.1f MiB/s total)%n",
                recv / (wall / 1e9) / n, recv / (wall / 1e9) / MIB);
        System.out.printf("relay %s: CPU %.3f cores, RSS %d MiB (peak %d MiB)%n",
                pid != null ? "process " + pid : "(this JVM, client included)",
                cpu / (double) wall, rss[0] / 1024, rss[1] / 1024);
        System.out.printf("RESULT pairs-cpu-cores 1 %.3f%nRESULT pairs-rss-mib 1 %d%n",
                cpu / (double) wall, rss[0] / 1024);
        selector.close();
        for (SocketChannel a : senders) {
            a.close();
        }
    }

    /** CPU time (user + system) of process {@code pid} from /proc, or of this JVM. */
    static long cpuNanos(String pid) throws IOException {
        if (pid == null) {
            return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
        }
        String stat = Files.readString(Path.of("/proc", pid, "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14, 15)
        return ticks * (1_000_000_000L / 100); // USER_HZ is 100 on Linux
    }

    /** VmRSS and VmHWM in KiB. */
    static long[] rssKiB(String pid) throws IOException {
        long[] r = new long[2];
        for (String line : Files.readAllLines(Path.of("/proc", pid == null ? "self" : pid, "status"))) {
            if (line.startsWith("VmRSS:")) {
                r[0] = Long.parseLong(line.replaceAll("\\D", ""));
            } else if (line.startsWith("VmHWM:")) {
                r[1] = Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return r;
    }
}
