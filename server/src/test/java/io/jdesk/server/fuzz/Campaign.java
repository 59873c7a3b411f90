package io.jdesk.server.fuzz;

import io.jdesk.server.fuzz.Inputs.Input;
import io.jdesk.server.fuzz.ListenerStats.Outcome;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * A fuzz campaign (issue 6): worker threads feed the chosen listeners with generated inputs
 * ({@link Inputs}) while a well-formed client ({@link Probe}) checks every few hundred
 * milliseconds that the servers still serve; a {@link CrashMonitor} watches the logs. Before and
 * after, the server's resources are measured (heap after GC, threads, file descriptors), the
 * "after" once the servers had a few seconds to let go of the campaign's connections.
 *
 * <p>Work is spread by input: each worker takes the next unsent index of the listeners in turn,
 * so the listeners are fuzzed at the same time (a hostile world is not polite enough to take
 * turns); a listener whose quota is sent drops out. Used by {@code FuzzCampaign} in bench (long
 * runs, in-process or against running servers) and by {@code FuzzSmokeTest} (a short run in
 * every build).
 */
public final class Campaign {

    /**
     * @param inputs inputs to send per listener
     * @param threads worker threads
     * @param probeEveryMillis pause between probe rounds
     * @param maxSeconds stop sending after this long even if quotas remain (0: no limit)
     * @param udpPerSecond cap on datagrams per second, all workers together (0: no cap)
     * @param settleSeconds how long the servers get to release the campaign's connections
     * @param progressSeconds print a progress line this often (0: never)
     */
    public record Config(Map<Listener, Long> inputs, long seed, int threads, long probeEveryMillis, long maxSeconds,
            long udpPerSecond, int settleSeconds, int progressSeconds, PrintStream out) {}

    private final Config config;
    private final Targets targets;
    private final Supplier<Resources> resources;
    private final Supplier<String> gauges;
    private final Inputs inputs;
    private final List<Listener> listeners;
    private final Map<Listener, ListenerStats> stats = new EnumMap<>(Listener.class);
    private final Map<Listener, AtomicLong> next = new EnumMap<>(Listener.class);
    private final AtomicBoolean stop = new AtomicBoolean();

    /**
     * @param resources measures the server process (this JVM for in-process servers)
     * @param gauges server-side table sizes for the report ("" when unknown)
     */
    public Campaign(Config config, Targets targets, Supplier<Resources> resources, Supplier<String> gauges) {
        this.config = config;
        this.targets = targets;
        this.resources = resources;
        this.gauges = gauges;
        List<String> victims = Probe.victimIds(config.seed());
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            ids.add(String.format("fuzz%05d", i));
        }
        List<String> uuids = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            uuids.add("fuzz-relay-uuid-" + i);
        }
        this.inputs = new Inputs(config.seed(), new ProtoFuzz.Vocabulary(targets.licenceKey(), ids, victims, uuids,
                targets.relay().getPort()));
        this.listeners = List.copyOf(config.inputs().keySet());
        for (Listener l : listeners) {
            stats.put(l, new ListenerStats());
            next.put(l, new AtomicLong());
        }
    }

    /** Input {@code index} of {@code l}, as the campaign with this seed sends it. */
    public static String describe(long seed, Listener l, long index, Targets targets) {
        Campaign c = new Campaign(new Config(Map.of(l, 1L), seed, 1, 1000, 0, 0, 0, 0, System.out), targets,
                () -> new Resources(-1, -1, -1, -1), () -> "");
        return c.inputs.input(l, index).describe();
    }

    /** Sends input {@code index} of {@code l} once, outside a campaign. */
    public static String replay(long seed, Listener l, long index, Targets targets) {
        Campaign c = new Campaign(new Config(Map.of(l, 1L), seed, 1, 1000, 0, 0, 0, 0, System.out), targets,
                () -> new Resources(-1, -1, -1, -1), () -> "");
        ListenerStats s = new ListenerStats();
        Input in = c.inputs.input(l, index);
        if (l == Listener.UDP) {
            try (UdpDriver d = new UdpDriver(targets.udp(), 0)) {
                d.send(in, s);
                LockSupport.parkNanos(200_000_000L);
                d.drain(s);
            }
        } else {
            new StreamDriver(targets).send(in, s);
        }
        return in.describe() + "\noutcome " + s.outcomeCounts() + ", replies " + s.replies.sum()
                + ", bytes received " + s.bytesReceived.sum();
    }

    public Report run() throws InterruptedException {
        long rcvbufBefore = Resources.udpReceiveBufferErrors();
        try (CrashMonitor monitor = new CrashMonitor().attach()) {
            Probe probe = new Probe(targets, Probe.victimIds(config.seed()), config.seed());
            boolean baseline = probe.round();
            Resources before = resources.get();
            String gaugesBefore = gauges.get();
            long start = System.nanoTime();
            long cpuStart = Resources.processCpuNanos();
            Thread probing = new Thread(() -> {
                while (!stop.get()) {
                    probe.round();
                    LockSupport.parkNanos(config.probeEveryMillis() * 1_000_000L);
                }
            }, "fuzz-probe");
            probing.setDaemon(true);
            probing.start();
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < config.threads(); t++) {
                int id = t;
                Thread w = new Thread(() -> work(id), "fuzz-worker-" + t);
                w.setDaemon(true);
                w.start();
                workers.add(w);
            }
            long lastProgress = System.nanoTime();
            for (Thread w : workers) {
                while (w.isAlive()) {
                    w.join(200);
                    long now = System.nanoTime();
                    if (config.maxSeconds() > 0 && now - start > config.maxSeconds() * 1_000_000_000L) {
                        stop.set(true);
                    }
                    if (config.progressSeconds() > 0 && now - lastProgress > config.progressSeconds() * 1_000_000_000L) {
                        lastProgress = now;
                        config.out().println(progress(now - start, probe, monitor));
                    }
                }
            }
            long sendNanos = System.nanoTime() - start;
            long cpuNanos = cpuStart < 0 ? -1 : Resources.processCpuNanos() - cpuStart;
            stop.set(true);
            probing.join(10_000);
            boolean finalRound = probe.round();
            long settleStart = System.nanoTime();
            Resources after = resources.get();
            while (System.nanoTime() - settleStart < config.settleSeconds() * 1_000_000_000L
                    && (after.fds() > before.fds() + 4 || after.threads() > before.threads() + 2)) {
                Thread.sleep(1000);
                after = resources.get();
            }
            long settleMillis = (System.nanoTime() - settleStart) / 1_000_000L;
            return new Report(config, listeners, stats, sendNanos, cpuNanos, probe, baseline, finalRound, monitor, before, after,
                    settleMillis, gaugesBefore, gauges.get(), rcvbufBefore < 0 ? -1
                    : Resources.udpReceiveBufferErrors() - rcvbufBefore);
        }
    }

    private void work(int id) {
        StreamDriver streams = new StreamDriver(targets);
        UdpDriver udp = null;
        long udpInterval = config.udpPerSecond() > 0 ? config.threads() * 1_000_000_000L / config.udpPerSecond() : 0;
        long udpNext = System.nanoTime();
        List<Listener> active = new ArrayList<>(listeners);
        try {
            int turn = id;
            while (!stop.get() && !active.isEmpty()) {
                Listener l = active.get(turn++ % active.size());
                if (l == Listener.UDP && udpInterval > 0) {
                    long now = System.nanoTime();
                    if (now < udpNext) {
                        if (active.size() == 1) {
                            LockSupport.parkNanos(udpNext - now);
                        }
                        continue;
                    }
                    udpNext = Math.max(udpNext + udpInterval, now - 100 * udpInterval);
                }
                long index = next.get(l).getAndIncrement();
                if (index >= config.inputs().get(l)) {
                    active.remove(l);
                    continue;
                }
                Input in = inputs.input(l, index);
                ListenerStats s = stats.get(l);
                long t0 = System.nanoTime();
                try {
                    if (l == Listener.UDP) {
                        if (udp == null) {
                            udp = new UdpDriver(targets.udp(), id);
                        }
                        udp.send(in, s);
                    } else {
                        streams.send(in, s);
                    }
                } catch (RuntimeException e) {
                    s.driverErrors.increment(); // the client's own trouble (a full socket buffer ...)
                    s.count(in.kind(), null);
                    if (s.driverErrors.sum() <= 3) {
                        config.out().println("driver error on " + l.flag() + ":" + index + ": " + e);
                    }
                }
                long took = System.nanoTime() - t0;
                s.nanos.addAndGet(took);
                s.time(in.kind(), took);
            }
        } finally {
            if (udp != null) {
                LockSupport.parkNanos(300_000_000L); // late answers
                udp.drain(stats.get(Listener.UDP));
                udp.close();
            }
        }
    }

    private String progress(long nanos, Probe probe, CrashMonitor monitor) {
        StringBuilder s = new StringBuilder(String.format("[%5.0f s]", nanos / 1e9));
        for (Listener l : listeners) {
            s.append(' ').append(l.flag()).append(' ').append(stats.get(l).inputs.sum());
        }
        s.append(String.format(" | probe %d/%d ok | crashes %d suspicious %d", probe.rounds.sum() - probe.failedRounds.sum(),
                probe.rounds.sum(), monitor.crashes(), monitor.suspicious()));
        return s.toString();
    }

    /** What a campaign found. {@link #clean()} is the verdict; {@link #toString()} the printout. */
    public record Report(Config config, List<Listener> listeners, Map<Listener, ListenerStats> stats, long sendNanos,
            long cpuNanos,
            Probe probe, boolean baselineProbe, boolean finalProbe, CrashMonitor monitor, Resources before,
            Resources after, long settleMillis, String gaugesBefore, String gaugesAfter, long udpKernelDrops) {

        public long inputs(Listener l) {
            return stats.get(l).inputs.sum();
        }

        public long crashes() {
            return monitor.crashes();
        }

        public long suspicious() {
            return monitor.suspicious();
        }

        public long probeFailures() {
            return probe.failedRounds.sum() + (baselineProbe ? 0 : 1) + (finalProbe ? 0 : 1);
        }

        public long probeRounds() {
            return probe.rounds.sum();
        }

        /** hbbs connections still open 2 s after the client's FIN (hbbs has no half-closure: none expected). */
        public long hbbsLeftOpen() {
            long n = 0;
            for (Listener l : listeners) {
                if (!l.relay() && l != Listener.UDP) {
                    n += stats.get(l).outcome(Outcome.LEFT_OPEN);
                }
            }
            return n;
        }

        public long connectFailures() {
            return listeners.stream().mapToLong(l -> stats.get(l).outcome(Outcome.CONNECT_FAILED)).sum();
        }

        /** Relay pairs whose surviving side was not closed within 3 s after the other went. */
        public long survivorsNotClosed() {
            return listeners.stream().filter(Listener::relay).mapToLong(l -> stats.get(l).survivorNotClosed.sum()).sum();
        }

        /** Relay pairs whose surviving side was closed, but after more than 1 s. */
        public long survivorsLate() {
            return listeners.stream().filter(Listener::relay).mapToLong(l -> stats.get(l).survivorClosedLate.sum()).sum();
        }

        public long fdGrowth() {
            return after.fds() - before.fds();
        }

        public long threadGrowth() {
            return after.threads() - before.threads();
        }

        /** No crash, nothing suspicious, every probe round served, nothing left hanging. */
        public boolean clean() {
            return crashes() == 0 && suspicious() == 0 && probeFailures() == 0 && hbbsLeftOpen() == 0
                    && survivorsNotClosed() == 0 && fdGrowth() <= 4 && threadGrowth() <= 2;
        }

        @Override
        public String toString() {
            StringBuilder s = new StringBuilder();
            s.append(String.format("seed %d, %d threads, sending took %.1f s%n", config.seed(), config.threads(),
                    sendNanos / 1e9));
            long all = listeners.stream().mapToLong(this::inputs).sum();
            if (cpuNanos >= 0 && all > 0) { // clients and (in-process) servers: the cost of an input, whatever else runs
                s.append(String.format("this JVM's CPU while sending: %.1f s (%.2f cores), %.0f us per input%n",
                        cpuNanos / 1e9, (double) cpuNanos / sendNanos, cpuNanos / 1e3 / all));
            }
            for (Listener l : listeners) {
                ListenerStats st = stats.get(l);
                long n = st.inputs.sum();
                s.append(String.format("%-9s %,12d inputs (%,.0f/s), %s sent, %s received%n", l.flag(), n,
                        n / (sendNanos / 1e9), Resources.mib(st.bytesSent.sum()), Resources.mib(st.bytesReceived.sum())));
                s.append("          kinds ").append(st.kindCounts()).append('\n');
                s.append("          ms per input by kind ").append(st.kindMillis()).append('\n');
                if (st.driverErrors.sum() > 0) {
                    s.append("          client-side errors ").append(st.driverErrors.sum()).append('\n');
                }
                if (l == Listener.UDP) {
                    s.append(String.format("          replies %,d (%s), largest %d bytes, largest reply/request %.2f,"
                                    + " replies larger than their request %d, unattributed replies %d, registration requests"
                                    + " unanswered %d; forwarded to fuzz devices %,d; other datagrams %d; send retries %d%n",
                            st.replies.sum(), Resources.mib(st.replyBytes.sum()), st.maxReply.get(),
                            st.maxReplyPermille.get() / 1000.0, st.apparentAmplified.sum(), st.unattributed.sum(),
                            st.unanswered.sum(), st.forwarded.sum(), st.otherDatagrams.sum(), st.sendRetries.sum()));
                } else {
                    s.append("          outcomes ").append(st.outcomeCounts()).append('\n');
                }
                if (st.pairs.sum() > 0) {
                    s.append(String.format("          pairs %d: not formed %d; survivor closed within 1 s %d, later %d,"
                                    + " not within 3 s %d; slowest %d ms%n", st.pairs.sum(), st.pairsNotFormed.sum(),
                            st.survivorClosedWithin1s.sum(), st.survivorClosedLate.sum(), st.survivorNotClosed.sum(),
                            st.survivorMaxMillis.get()));
                }
            }
            s.append(String.format("udp datagrams dropped by the kernel (RcvbufErrors, whole machine): %d%n", udpKernelDrops));
            s.append(String.format("probe: %d rounds, %d failed (baseline %s, final %s), %d retries, slowest round %d ms,"
                            + " %d foreign messages ignored, %d late registration answers ignored; failures by step %s%n",
                    probe.rounds.sum(), probe.failedRounds.sum(), baselineProbe ? "ok" : "FAILED",
                    finalProbe ? "ok" : "FAILED", probe.retries.sum(), probe.maxRoundMillis.get(),
                    probe.foreignMessages.sum(), probe.lateAnswers.sum(), probe.failuresByStep()));
            probe.failureSamples().forEach(f -> s.append("  probe failure: ").append(f).append('\n'));
            s.append(String.format("crashes %d, suspicious %d%n", crashes(), suspicious()));
            monitor.crashSamples().forEach(f -> s.append("  crash: ").append(f).append('\n'));
            monitor.suspiciousSamples().forEach(f -> s.append("  suspicious: ").append(f).append('\n'));
            s.append("handled by closing: ").append(monitor.handled()).append('\n');
            s.append("log events: ").append(monitor.events()).append('\n');
            monitor.warnSamples().forEach((k, v) -> s.append("  warn: ").append(v).append('\n'));
            s.append("before: ").append(before).append(" | ").append(gaugesBefore).append('\n');
            s.append("after:  ").append(after).append(" | ").append(gaugesAfter)
                    .append(String.format(" (after %d ms of settling)%n", settleMillis));
            s.append(clean() ? "CLEAN" : "NOT CLEAN").append('\n');
            return s.toString();
        }
    }
}
