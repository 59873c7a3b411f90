package io.jdesk.bench;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.jdesk.bench.RendezvousBench.Server;
import io.jdesk.protocol.codec.AddrMangle;
import io.jdesk.protocol.codec.FrameCodec;
import io.jdesk.protocol.proto.FetchLocalAddr;
import io.jdesk.protocol.proto.NatType;
import io.jdesk.protocol.proto.PunchHoleRequest;
import io.jdesk.protocol.proto.RegisterPeer;
import io.jdesk.protocol.proto.RendezvousMessage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * Punch brokering latency (issue 6, design target "PunchHoleRequest -> PunchHole forwarded:
 * p99 <= 1 ms at 10k requests/s"): the time from a controller's PunchHoleRequest over TCP to
 * the server's message arriving at the target device's UDP socket, at a fixed request rate,
 * against jdesk's rendezvous server and against a minimal forwarder, same client, same run.
 *
 * <p>{@code java -cp bench/target/jdesk-bench.jar io.jdesk.bench.PunchBench [flags]}
 * (or {@code bench/punch-load.sh}):
 * <pre>
 *   --devices N      fake devices, one UDP socket and one ID each (default 1000)
 *   --rate R         PunchHoleRequests per second, in total (default 10000)
 *   --seconds D      measured seconds per round and server (default 10)
 *   --warmup S       seconds at the same rate before each measured window (default 3)
 *   --jit-warmup S   one unmeasured run of S seconds per server before the rounds (default 5):
 *                    both server JVMs are fresh, and their first seconds are JIT compilation
 *   --rounds R       rounds; each runs the forwarder then jdesk (default 2)
 *   --connections C  controller TCP connections the requests are spread over (default 4)
 *   --target T       both | jdesk | forwarder (default both)
 *   --server-workers W  jdesk's event-loop threads (default: one per CPU, as Hbbs.start)
 *   --verbose        also print each second's worst latency and how many requests took over 1 ms
 *   --serve-forwarder (internal) run the minimal forwarder
 * </pre>
 *
 * <p><b>Servers.</b> Each runs in its own JVM on 127.0.0.1 (see {@link RendezvousBench.Server}):
 * <ul>
 *   <li><b>jdesk</b>: {@code RendezvousBench --serve-hbbs N}, the rendezvous server assembled as
 *       {@code Hbbs.start} does with the N device IDs ({@code bench0000000}...) pre-stored and
 *       loaded into memory (RegisterPk from one IP is rate-limited, see RendezvousBench).</li>
 *   <li><b>forwarder</b> (baseline): one UDP socket (RegisterPeer: remember the source address
 *       of the ID, answer {@code 3a00}) and one blocking thread per TCP connection that reads the
 *       same length-prefixed frames ({@link FrameCodec.Decoder}), parses each
 *       {@link RendezvousMessage}, looks the ID up in a {@link ConcurrentHashMap} and sends the
 *       device the same {@code FetchLocalAddr{socket_addr = AddrMangle(controller),
 *       socket_addr_v6}} jdesk sends. No key, no pending table, no log, no checks.</li>
 * </ul>
 *
 * <p><b>What the server sends.</b> On loopback the controller and the device share the IP
 * 127.0.0.1, so jdesk takes them for one intranet and answers with FetchLocalAddr instead of
 * PunchHole (servers.md §5.4). It is the same broker path (lookup, pending entry, address
 * mangling, one datagram to the device); only the message differs. Both are counted.
 *
 * <p><b>Matching and the clock.</b> Request {@code s} (0, 1, 2, ...) is scheduled at
 * {@code t0 + s / R} and targets device {@code s mod N} over connection
 * {@code (s mod N) mod C} (so one device's requests share a connection and stay in order).
 * Its {@code socket_addr_v6} field, which the server copies into PunchHole and FetchLocalAddr,
 * carries {@code s} (the 18-byte IPv6 form of {@code [fd00:6a64:6573:<run>:<s as 64 bits>]:0}),
 * so every arrival is matched to its request exactly. <b>Latency is measured from the
 * scheduled time</b>, not from the actual write, so a sender or server that falls behind is
 * charged for the backlog (no coordinated omission); the send lag (actual write - schedule)
 * and the service latency (arrival - actual write) are reported beside it. The sender sleeps
 * with {@link LockSupport#parkNanos} (Linux timer slack: ~50-60 µs late) and writes every
 * request that is due in one write per connection.
 *
 * <p>Devices register with RegisterPeer before each measurement (every one must get the
 * {@code 3a00} answer), and send a keep-alive RegisterPeer every 10 s during it (spread
 * evenly: N/10 datagrams per second), as real devices do every 12 s.
 */
public final class PunchBench {

    /** Latency histograms: 1 µs buckets up to 1 s, one overflow bucket. */
    static final int BUCKETS = 1_000_000;
    /** The /48 prefix of the sequence-carrying IPv6 address: fd00:6a64:6573 ("jdes"). */
    static final byte[] SEQ_PREFIX = {(byte) 0xfd, 0x00, 0x6a, 0x64, 0x65, 0x73};
    static final byte[] REGISTERED = RendezvousBench.REPLY;
    static final long KEEPALIVE_NANOS = 10_000_000_000L;
    static final InetAddress LO = InetAddress.getLoopbackAddress();

    public static void main(String[] args) throws Exception {
        Map<String, String> o = RendezvousBench.parse(args, "serve-forwarder", "verbose");
        boolean verbose = o.containsKey("verbose");
        if (o.containsKey("serve-forwarder")) {
            serveForwarder();
            return;
        }
        int devices = Integer.parseInt(o.getOrDefault("devices", "1000"));
        int rate = Integer.parseInt(o.getOrDefault("rate", "10000"));
        int seconds = Integer.parseInt(o.getOrDefault("seconds", "10"));
        int warmup = Integer.parseInt(o.getOrDefault("warmup", "3"));
        int jitWarmup = Integer.parseInt(o.getOrDefault("jit-warmup", "5"));
        int rounds = Integer.parseInt(o.getOrDefault("rounds", "2"));
        int connections = Integer.parseInt(o.getOrDefault("connections", "4"));
        String target = o.getOrDefault("target", "both");
        String workers = o.getOrDefault("server-workers", Integer.toString(Runtime.getRuntime().availableProcessors()));
        System.out.printf("devices=%d rate=%d/s seconds=%d warmup=%d jit-warmup=%d rounds=%d connections=%d cpus=%d%n",
                devices, rate, seconds, warmup, jitWarmup, rounds, connections,
                Runtime.getRuntime().availableProcessors());
        String[] ids = new String[devices];
        for (int i = 0; i < devices; i++) {
            ids[i] = String.format("bench%07d", i);
        }
        boolean fwd = !target.equals("jdesk");
        boolean jd = !target.equals("forwarder");
        Server forwarder = fwd ? Server.spawn(PunchBench.class, "--serve-forwarder") : null;
        Server hbbs = jd ? Server.spawn(RendezvousBench.class, "--serve-hbbs", Integer.toString(devices),
                "--workers", workers) : null;
        try {
            if (jitWarmup > 0) {
                if (fwd) {
                    System.out.println("jit warm-up forwarder "
                            + measure(forwarder, ids, rate, 0, jitWarmup, connections, false));
                }
                if (jd) {
                    System.out.println("jit warm-up jdesk     "
                            + measure(hbbs, ids, rate, 0, jitWarmup, connections, false));
                }
            }
            List<Result> fr = new ArrayList<>();
            List<Result> jr = new ArrayList<>();
            for (int r = 1; r <= rounds; r++) {
                if (fwd) {
                    Result x = measure(forwarder, ids, rate, warmup, seconds, connections, verbose);
                    System.out.printf("round %d forwarder %s%n", r, x);
                    fr.add(x);
                }
                if (jd) {
                    Result x = measure(hbbs, ids, rate, warmup, seconds, connections, verbose);
                    System.out.printf("round %d jdesk     %s%n", r, x);
                    jr.add(x);
                }
            }
            if (fwd) {
                System.out.println("median forwarder " + medians(fr));
            }
            if (jd) {
                System.out.println("median jdesk     " + medians(jr));
            }
            if (fwd && jd) {
                double p99f = RendezvousBench.median(fr.stream().mapToDouble(x -> x.p99).toArray());
                double p99j = RendezvousBench.median(jr.stream().mapToDouble(x -> x.p99).toArray());
                System.out.printf("ratio p99 jdesk/forwarder %.2f%n", p99j / p99f);
            }
        } finally {
            if (forwarder != null) {
                forwarder.close();
            }
            if (hbbs != null) {
                hbbs.close();
            }
        }
    }

    // ---------------------------------------------------------------- result

    /**
     * One measurement: rates, counts, latency from the schedule (p50..max), service latency
     * (from the actual write) and send lag (actual write - schedule), all in µs.
     */
    record Result(double sentRate, double deliveredRate, double serverCores, String loadAverage,
            long requests, long received, long lost, long dup, long misrouted, long fetchLocalAddr,
            long punchHole, long failures, long p50, long p99, long p999, long max, long service50,
            long service99, long lag50, long lag99) {
        @Override
        public String toString() {
            return String.format("sent %.0f/s delivered %.0f/s  p50 %d us  p99 %d us  p999 %d us  max %d us"
                    + "  | service p50/p99 %d/%d us, send lag p50/p99 %d/%d us"
                    + "  (requests %d, received %d, lost %d, dup %d, misrouted %d, FetchLocalAddr %d, PunchHole %d,"
                    + " failure replies %d; server CPU %.2f cores, load average %s)",
                    sentRate, deliveredRate, p50, p99, p999, max, service50, service99, lag50, lag99, requests,
                    received, lost, dup, misrouted, fetchLocalAddr, punchHole, failures, serverCores, loadAverage);
        }
    }

    static String medians(List<Result> rs) {
        return String.format("sent %.0f/s delivered %.0f/s  p50/p99/p999 %.0f / %.0f / %.0f us",
                RendezvousBench.median(rs.stream().mapToDouble(r -> r.sentRate).toArray()),
                RendezvousBench.median(rs.stream().mapToDouble(r -> r.deliveredRate).toArray()),
                RendezvousBench.median(rs.stream().mapToDouble(r -> r.p50).toArray()),
                RendezvousBench.median(rs.stream().mapToDouble(r -> r.p99).toArray()),
                RendezvousBench.median(rs.stream().mapToDouble(r -> r.p999).toArray()));
    }

    // ---------------------------------------------------------------- one measurement

    /**
     * Schedule: request {@code seq} is due {@code seq / rate} seconds after {@code t0}; {@code run}
     * tells this measurement's requests from late ones of an earlier measurement (the OS may give
     * a new device socket the port of a closed one).
     */
    record Schedule(long t0, int rate, int run) {
        long at(long seq) {
            return t0 + seq * 1_000_000_000L / rate;
        }
    }

    static Result measure(Server server, String[] ids, int rate, int warmup, int seconds, int connections,
            boolean verbose) throws Exception {
        long first = (long) rate * warmup; // first measured request
        long total = (long) rate * (warmup + seconds);
        if (total > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("rate x duration too large");
        }
        AtomicLongArray sentAt = new AtomicLongArray((int) total);
        try (Devices devices = new Devices(server.udp, ids)) {
            devices.register();
            List<Controller> controllers = new ArrayList<>();
            try {
                for (int c = 0; c < connections; c++) {
                    controllers.add(new Controller(server.tcp));
                }
                Schedule schedule = new Schedule(System.nanoTime() + 20_000_000L, rate,
                        ThreadLocalRandom.current().nextInt(0x10000));
                devices.start(schedule, first, total, sentAt);
                long[] lag = new long[BUCKETS + 1];
                String pid = Long.toString(server.pid());
                CpuProbe cpu = new CpuProbe(pid, schedule.at(first), schedule.at(total));
                cpu.start();
                send(controllers, ids, schedule, total, first, sentAt, lag);
                cpu.join();
                Thread.sleep(500); // stragglers
                devices.stop();
                long requests = total - first;
                double window = (schedule.at(total) - schedule.at(first)) / 1e9;
                long lastSend = sentAt.get((int) total - 1);
                long firstSend = sentAt.get((int) first);
                long failures = controllers.stream().mapToLong(c -> c.failures.get()).sum();
                long[] h = devices.latency;
                long[] s = devices.service;
                long n = devices.measured;
                if (verbose) {
                    Instant start = Instant.now().minusNanos(System.nanoTime() - schedule.t0());
                    StringBuilder line = new StringBuilder("  per second from " + start
                            + " (warm-up first): worst us / requests > 1 ms:");
                    for (int i = 0; i < devices.secondMax.length; i++) {
                        line.append(' ').append(devices.secondMax[i]).append('/').append(devices.secondSlow[i]);
                    }
                    System.out.println(line);
                }
                return new Result(requests / ((lastSend - firstSend) / 1e9), n / window, cpu.serverCores,
                        cpu.loadAverage, requests, n,
                        requests - n, devices.dup, devices.misrouted, devices.fetchLocalAddr, devices.punchHole,
                        failures, RendezvousBench.pct(h, n, 0.5), RendezvousBench.pct(h, n, 0.99),
                        RendezvousBench.pct(h, n, 0.999), RendezvousBench.pct(h, n, 1.0),
                        RendezvousBench.pct(s, n, 0.5), RendezvousBench.pct(s, n, 0.99),
                        RendezvousBench.pct(lag, requests, 0.5), RendezvousBench.pct(lag, requests, 0.99));
            } finally {
                for (Controller c : controllers) {
                    c.close();
                }
            }
        }
    }

    /**
     * The server process's CPU (utime + stime from /proc, in cores) over the measured window, and
     * the machine's 1-minute load average at its end: other tenants' load shows up there.
     */
    static final class CpuProbe extends Thread {
        private final String pid;
        private final long from;
        private final long to;
        volatile double serverCores;
        volatile String loadAverage = "?";

        CpuProbe(String pid, long from, long to) {
            super("cpu-probe");
            setDaemon(true);
            this.pid = pid;
            this.from = from;
            this.to = to;
        }

        @Override
        public void run() {
            try {
                LockSupport.parkNanos(from - System.nanoTime());
                long t0 = System.nanoTime();
                long c0 = RelayBench.cpuNanos(pid);
                LockSupport.parkNanos(to - System.nanoTime());
                long c1 = RelayBench.cpuNanos(pid);
                serverCores = (c1 - c0) / (double) (System.nanoTime() - t0);
                loadAverage = Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
            } catch (IOException e) {
                loadAverage = e.toString();
            }
        }
    }

    /** The controllers' side: sends every request when it is due, on the caller's thread. */
    static void send(List<Controller> controllers, String[] ids, Schedule schedule, long total, long first,
            AtomicLongArray sentAt, long[] lag) throws IOException {
        int c = controllers.size();
        ByteBuffer[] out = new ByteBuffer[c];
        for (int i = 0; i < c; i++) {
            out[i] = ByteBuffer.allocateDirect(64 * 1024);
        }
        long seq = 0;
        while (seq < total) {
            long now = System.nanoTime();
            long due = schedule.at(seq);
            if (now < due) {
                LockSupport.parkNanos(due - now);
                continue;
            }
            for (ByteBuffer b : out) {
                b.clear();
            }
            long from = seq;
            while (seq < total && schedule.at(seq) <= now) {
                byte[] frame = request(ids, schedule.run(), seq);
                ByteBuffer b = out[(int) ((seq % ids.length) % c)];
                if (b.remaining() < frame.length) {
                    break;
                }
                b.put(frame);
                seq++;
            }
            long sending = System.nanoTime();
            for (long s = from; s < seq; s++) {
                sentAt.lazySet((int) s, sending);
                if (s >= first) {
                    lag[(int) Math.min((sending - schedule.at(s)) / 1000, BUCKETS)]++;
                }
            }
            for (int i = 0; i < c; i++) {
                ByteBuffer b = out[i].flip();
                while (b.hasRemaining()) {
                    controllers.get(i).channel.write(b);
                }
            }
        }
    }

    /** A framed PunchHoleRequest for device {@code seq mod N}, {@code seq} in socket_addr_v6. */
    static byte[] request(String[] ids, int run, long seq) {
        return FrameCodec.encode(RendezvousMessage.newBuilder().setPunchHoleRequest(PunchHoleRequest.newBuilder()
                .setId(ids[(int) (seq % ids.length)]).setNatType(NatType.ASYMMETRIC).setLicenceKey("")
                .setVersion("1.4.2").setSocketAddrV6(seqAddress(run, seq))).build().toByteArray());
    }

    /** {@code [fd00:6a64:6573:<run>:<seq as 64 bits>]:0} in AddrMangle's 18-byte IPv6 form. */
    static ByteString seqAddress(int run, long seq) {
        byte[] b = new byte[18];
        System.arraycopy(SEQ_PREFIX, 0, b, 0, SEQ_PREFIX.length);
        b[6] = (byte) (run >>> 8);
        b[7] = (byte) run;
        for (int i = 0; i < 8; i++) {
            b[8 + i] = (byte) (seq >>> (56 - 8 * i));
        }
        return ByteString.copyFrom(b);
    }

    /** The sequence number carried by {@link #seqAddress}, or -1 (not ours, or of another run). */
    static long seqOf(int run, ByteString v6) {
        if (v6.size() != 18 || v6.byteAt(6) != (byte) (run >>> 8) || v6.byteAt(7) != (byte) run) {
            return -1;
        }
        for (int i = 0; i < SEQ_PREFIX.length; i++) {
            if (v6.byteAt(i) != SEQ_PREFIX[i]) {
                return -1;
            }
        }
        long seq = 0;
        for (int i = 8; i < 16; i++) {
            seq = (seq << 8) | (v6.byteAt(i) & 0xFF);
        }
        return seq;
    }

    static byte[] registerPeer(String id) {
        return RendezvousMessage.newBuilder().setRegisterPeer(RegisterPeer.newBuilder().setId(id).setSerial(0))
                .build().toByteArray();
    }

    /** One controller TCP connection; a thread reads (and counts) what the server sends back. */
    static final class Controller implements AutoCloseable {
        final SocketChannel channel;
        final AtomicLong failures = new AtomicLong();
        final Thread reader;

        Controller(InetSocketAddress server) throws IOException {
            channel = SocketChannel.open(server);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            reader = RelayBench.daemon("controller-reader", this::read);
            reader.start();
        }

        /** jdesk opens with a KeyExchange offer (ignored: the client stays in plain text). */
        private void read() {
            FrameCodec.Decoder decoder = new FrameCodec.Decoder();
            ByteBuffer buf = ByteBuffer.allocate(16 * 1024);
            try {
                while (channel.read(buf.clear()) > 0) {
                    for (byte[] f : decoder.decode(Arrays.copyOf(buf.array(), buf.position()))) {
                        RendezvousMessage m = RendezvousMessage.parseFrom(f);
                        if (!m.hasKeyExchange() && f.length > 0) {
                            if (failures.getAndIncrement() < 3) {
                                System.out.println("  controller got " + m.toString().replace('\n', ' '));
                            }
                        }
                    }
                }
            } catch (IOException e) {
                // closed
            }
        }

        @Override
        public void close() throws IOException, InterruptedException {
            channel.close();
            reader.join(1000);
        }
    }

    /** The fake devices: one UDP socket each, all read by one selector thread. */
    static final class Devices implements AutoCloseable {
        final String[] ids;
        final DatagramChannel[] channels;
        final Selector selector;
        final long[] latency = new long[BUCKETS + 1];
        final long[] service = new long[BUCKETS + 1];
        long measured;
        /** Per second of schedule (warm-up included): worst latency in µs, and requests over 1 ms. */
        long[] secondMax;
        long[] secondSlow;
        long dup;
        long misrouted;
        long fetchLocalAddr;
        long punchHole;
        long other;
        private Thread thread;
        private volatile boolean stop;

        Devices(InetSocketAddress server, String[] ids) throws IOException {
            this.ids = ids;
            this.channels = new DatagramChannel[ids.length];
            this.selector = Selector.open();
            for (int d = 0; d < ids.length; d++) {
                DatagramChannel ch = DatagramChannel.open();
                ch.bind(new InetSocketAddress(LO, 0));
                ch.connect(server);
                ch.configureBlocking(false);
                ch.register(selector, SelectionKey.OP_READ, d);
                channels[d] = ch;
            }
        }

        /** RegisterPeer from every device, in batches, until each got {@code 3a00}. */
        void register() throws IOException {
            BitSet done = new BitSet(ids.length);
            ByteBuffer in = ByteBuffer.allocateDirect(2048);
            for (int attempt = 0; attempt < 5 && done.cardinality() < ids.length; attempt++) {
                for (int from = 0; from < ids.length; from += 64) {
                    int sent = 0;
                    for (int d = from; d < Math.min(from + 64, ids.length); d++) {
                        if (!done.get(d)) {
                            channels[d].write(ByteBuffer.wrap(registerPeer(ids[d])));
                            sent++;
                        }
                    }
                    long deadline = System.nanoTime() + 200_000_000L;
                    int got = 0;
                    while (got < sent && System.nanoTime() < deadline) {
                        selector.select(k -> {
                            // counted below
                        }, 10);
                        for (int d = from; d < Math.min(from + 64, ids.length); d++) {
                            if (!done.get(d) && channels[d].receive(in.clear()) != null) {
                                in.flip();
                                if (in.remaining() == 2 && in.get(0) == REGISTERED[0] && in.get(1) == REGISTERED[1]) {
                                    done.set(d);
                                    got++;
                                } else if (RendezvousMessage.parseFrom(in).hasRegisterPeerResponse()) {
                                    throw new IOException("device " + ids[d] + " not registered (unknown ID?"
                                            + " the server asked for RegisterPk)");
                                } // else a late message of an earlier measurement to a reused port
                            }
                        }
                    }
                }
            }
            if (done.cardinality() < ids.length) {
                throw new IOException((ids.length - done.cardinality()) + " devices got no RegisterPeer answer");
            }
        }

        void start(Schedule schedule, long first, long total, AtomicLongArray sentAt) {
            int secondsTotal = (int) ((total + schedule.rate() - 1) / schedule.rate());
            secondMax = new long[secondsTotal];
            secondSlow = new long[secondsTotal];
            thread = new Thread(() -> run(schedule, first, total, sentAt), "devices");
            thread.start();
        }

        private void run(Schedule schedule, long first, long total, AtomicLongArray sentAt) {
            BitSet seen = new BitSet((int) total);
            ByteBuffer in = ByteBuffer.allocate(2048);
            long keepAliveStep = KEEPALIVE_NANOS / ids.length;
            long keepAliveDue = System.nanoTime() + keepAliveStep;
            int keepAliveNext = 0;
            try {
                while (!stop) {
                    selector.select(key -> {
                        DatagramChannel ch = (DatagramChannel) key.channel();
                        int d = (Integer) key.attachment();
                        try {
                            while (ch.receive(in.clear()) != null) {
                                long now = System.nanoTime();
                                in.flip();
                                onDatagram(d, in, now, schedule, first, total, sentAt, seen);
                            }
                        } catch (IOException e) {
                            throw new RuntimeException(e);
                        }
                    }, 5);
                    for (long now = System.nanoTime(); now - keepAliveDue >= 0; keepAliveDue += keepAliveStep) {
                        channels[keepAliveNext].write(ByteBuffer.wrap(registerPeer(ids[keepAliveNext])));
                        keepAliveNext = (keepAliveNext + 1) % ids.length;
                    }
                }
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        }

        private void onDatagram(int d, ByteBuffer in, long now, Schedule schedule, long first, long total,
                AtomicLongArray sentAt, BitSet seen) {
            RendezvousMessage m;
            try {
                m = RendezvousMessage.parseFrom(in);
            } catch (InvalidProtocolBufferException e) {
                other++;
                return;
            }
            ByteString v6;
            boolean punch = false;
            switch (m.getUnionCase()) {
                case FETCH_LOCAL_ADDR -> v6 = m.getFetchLocalAddr().getSocketAddrV6();
                case PUNCH_HOLE -> {
                    punch = true;
                    v6 = m.getPunchHole().getSocketAddrV6();
                }
                case REGISTER_PEER_RESPONSE -> {
                    return; // keep-alive answer
                }
                default -> {
                    other++;
                    return;
                }
            }
            long seq = seqOf(schedule.run(), v6);
            if (seq < 0 || seq >= total) {
                other++;
                return;
            }
            if (seq % ids.length != d) {
                misrouted++;
                return;
            }
            if (seen.get((int) seq)) {
                dup++;
                return;
            }
            seen.set((int) seq);
            long micros = (now - schedule.at(seq)) / 1000;
            int second = (int) (seq / schedule.rate());
            secondMax[second] = Math.max(secondMax[second], micros);
            if (micros > 1000) {
                secondSlow[second]++;
            }
            if (seq >= first) {
                measured++;
                if (punch) {
                    punchHole++;
                } else {
                    fetchLocalAddr++;
                }
                latency[(int) Math.min(micros, BUCKETS)]++;
                long sent = sentAt.get((int) seq);
                service[(int) Math.min(Math.max(now - sent, 0) / 1000, BUCKETS)]++;
            }
        }

        void stop() throws InterruptedException {
            stop = true;
            selector.wakeup();
            thread.join();
        }

        @Override
        public void close() throws IOException {
            for (DatagramChannel ch : channels) {
                if (ch != null) {
                    ch.close();
                }
            }
            selector.close();
        }
    }

    // ---------------------------------------------------------------- the baseline server

    /**
     * The minimal forwarder: RegisterPeer over UDP records the device's address; each
     * PunchHoleRequest frame on a TCP connection becomes one FetchLocalAddr datagram to it.
     */
    static void serveForwarder() throws IOException {
        DatagramChannel udp = DatagramChannel.open().bind(new InetSocketAddress(LO, 0));
        ServerSocketChannel tcp = ServerSocketChannel.open().bind(new InetSocketAddress(LO, 0), 128);
        Map<String, SocketAddress> devices = new ConcurrentHashMap<>();
        Thread registrar = new Thread(() -> {
            ByteBuffer in = ByteBuffer.allocate(2048);
            try {
                for (;;) {
                    SocketAddress from = udp.receive(in.clear());
                    RendezvousMessage m = RendezvousMessage.parseFrom(in.flip());
                    if (m.hasRegisterPeer()) {
                        devices.put(m.getRegisterPeer().getId(), from);
                        udp.send(ByteBuffer.wrap(REGISTERED), from);
                    }
                }
            } catch (IOException e) {
                System.err.println("forwarder udp: " + e);
            }
        }, "forwarder-udp");
        registrar.start();
        Thread acceptor = new Thread(() -> {
            try {
                for (;;) {
                    SocketChannel c = tcp.accept();
                    c.setOption(StandardSocketOptions.TCP_NODELAY, true);
                    new Thread(() -> forward(c, udp, devices), "forwarder-tcp").start();
                }
            } catch (IOException e) {
                System.err.println("forwarder accept: " + e);
            }
        }, "forwarder-accept");
        acceptor.start();
        System.out.println("READY " + ((InetSocketAddress) udp.getLocalAddress()).getPort() + " "
                + ((InetSocketAddress) tcp.getLocalAddress()).getPort());
        System.out.flush();
    }

    private static void forward(SocketChannel c, DatagramChannel udp, Map<String, SocketAddress> devices) {
        FrameCodec.Decoder decoder = new FrameCodec.Decoder();
        ByteBuffer in = ByteBuffer.allocate(64 * 1024);
        try (c) {
            InetSocketAddress controller = (InetSocketAddress) c.getRemoteAddress();
            while (c.read(in.clear()) > 0) {
                for (byte[] frame : decoder.decode(Arrays.copyOf(in.array(), in.position()))) {
                    RendezvousMessage m = RendezvousMessage.parseFrom(frame);
                    if (!m.hasPunchHoleRequest()) {
                        continue;
                    }
                    PunchHoleRequest req = m.getPunchHoleRequest();
                    SocketAddress device = devices.get(req.getId());
                    if (device != null) {
                        byte[] out = RendezvousMessage.newBuilder().setFetchLocalAddr(FetchLocalAddr.newBuilder()
                                .setSocketAddr(ByteString.copyFrom(AddrMangle.encode(controller)))
                                .setRelayServer("").setSocketAddrV6(req.getSocketAddrV6())).build().toByteArray();
                        udp.send(ByteBuffer.wrap(out), device);
                    }
                }
            }
        } catch (IOException e) {
            // the controller left
        }
    }
}
