package io.jdesk.bench;

import io.jdesk.server.fuzz.Campaign;
import io.jdesk.server.fuzz.InProcessServers;
import io.jdesk.server.fuzz.Listener;
import io.jdesk.server.fuzz.Resources;
import io.jdesk.server.fuzz.Targets;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Fuzz campaign against jdesk's hbbs and hbbr (issue 6): every listener — UDP P, TCP P, TCP P-1,
 * WebSocket P+2, relay TCP R, relay WebSocket R+2 — fed with generated and mutated inputs while a
 * well-formed client is checked every few hundred milliseconds; at the end a report of inputs per
 * listener, crashes, the probe's rounds, and the server's heap (after GC), threads and open file
 * descriptors before and after. The engine is {@code io.jdesk.server.fuzz.Campaign} (server test
 * sources, compiled into this module too; {@code FuzzSmokeTest} runs a short campaign in every
 * build). Deterministic: input {@code i} of a listener depends only on the seed, so any input can
 * be printed ({@code --dump}) or sent again ({@code --replay}).
 *
 * <p>{@code java -cp bench/target/jdesk-bench.jar io.jdesk.bench.FuzzCampaign [flags]}:
 * <pre>
 *   --listeners L      udp,tcp,nat,ws,relay,relay-ws or all (default all)
 *   --inputs N         inputs per listener (default 100000), or per listener: udp=10000000,tcp=300000
 *   --seed S           (default 1)
 *   --threads T        client threads (default 16; 4 for udp alone): a stream input waits on round
 *                      trips, the relay's 5 ms look and pair sessions, so 4 threads left the CPU
 *                      idle on relay listeners (relay TCP: 1 706/s with 4, 3 364/s with 16 threads)
 *   --probe-ms M       pause between probe rounds (default 500)
 *   --max-seconds S    stop sending after S s even if quotas remain (default 0: none)
 *   --udp-rate R       cap on datagrams per second (default 0: none)
 *   --settle S         seconds the servers get to release the campaign's connections (default 35:
 *                      a relay waiter that sent FIN is kept for the 30 s unpaired timeout, as OSS;
 *                      with --relay-unpaired 5, 10 is enough)
 *   --progress S       a progress line every S s (default 10)
 *   --relay-unpaired S in-process hbbr's unpaired timeout (default 30, as OSS). Every relay input
 *                      that sent FIN without pairing holds a server fd that long: at 16 threads
 *                      (~1 300 such inputs/s) 30 s is ~40 000 fds, over a 20 000 `ulimit -n`
 *                      (accept then fails with EMFILE, which the campaign counts as a crash);
 *                      long relay campaigns use 5
 *   --rmem N           in-process hbbs UDP receive buffer (default 4194304; net.core.rmem_max caps it)
 *   --hbbs HOST:P      fuzz a running hbbs (P, P-1, P+2) instead of starting one in this JVM (the
 *                      probe's WebSocket steps always connect to 127.0.0.1: a server on this machine)
 *   --hbbr HOST:R      and a running hbbr (R, R+2)
 *   --key KEY          that hbbs's public key (the probe's PunchHoleRequest; signature check)
 *   --pid PID          that server's process: threads, fds and RSS from /proc (heap n/a)
 *   --server-log FILE  that server's log: crash lines appended during the run are counted
 *   --dump L:I         print input I of listener L and exit
 *   --replay L:I       send input I of listener L once and print what happened
 * </pre>
 * Exit status 0 when the report is clean, 1 otherwise.
 */
public final class FuzzCampaign {

    /** Lines of a server log that count as crashes (external servers). */
    static final Pattern CRASH_LINE = Pattern.compile("reached at the tail of the pipeline|LEAK:|A task raised an exception"
            + "|Unexpected exception in the selector loop| ERROR |OutOfMemoryError|StackOverflowError");

    private FuzzCampaign() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> o = parse(args);
        long seed = Long.parseLong(o.getOrDefault("seed", "1"));
        boolean external = o.containsKey("hbbs") || o.containsKey("hbbr");
        if (o.containsKey("dump")) {
            String[] li = o.get("dump").split(":");
            Targets t = external ? externalTargets(o) : Targets.layout("127.0.0.1", 21116, 21117, o.getOrDefault("key", ""));
            System.out.println(Campaign.describe(seed, Listener.of(li[0]), Long.parseLong(li[1]), t));
            return;
        }
        Path dir = Files.createTempDirectory("jdesk-fuzz");
        InProcessServers servers = external ? null : InProcessServers.start(dir,
                Map.of("RMEM", o.getOrDefault("rmem", "4194304")),
                java.time.Duration.ofSeconds(Long.parseLong(o.getOrDefault("relay-unpaired", "30"))));
        int status = 0;
        try {
            Targets targets = servers != null ? servers.targets() : externalTargets(o);
            if (o.containsKey("replay")) {
                String[] li = o.get("replay").split(":");
                System.out.println(Campaign.replay(seed, Listener.of(li[0]), Long.parseLong(li[1]), targets));
                return;
            }
            List<Listener> listeners = Listener.parse(o.getOrDefault("listeners", "all"));
            Map<Listener, Long> inputs = quotas(o.getOrDefault("inputs", "100000"), listeners);
            int threads = o.containsKey("threads") ? Integer.parseInt(o.get("threads"))
                    : inputs.keySet().equals(java.util.Set.of(Listener.UDP)) ? 4 : 16;
            Supplier<Resources> resources = servers != null ? Resources::self
                    : o.containsKey("pid") ? () -> Resources.of(Long.parseLong(o.get("pid")))
                    : () -> new Resources(-1, -1, -1, -1);
            Supplier<String> gauges = servers != null ? servers::gauges : () -> "";
            Path log = o.containsKey("server-log") ? Path.of(o.get("server-log")) : null;
            long logStart = log == null ? 0 : Files.size(log);
            System.out.printf("jdesk fuzz campaign: %s, seed %d, %d threads, %d cpus, listeners %s%n",
                    servers != null ? "servers in this JVM" : "external servers", seed, threads,
                    Runtime.getRuntime().availableProcessors(), inputs);
            System.out.println("targets " + targets);
            Campaign.Config config = new Campaign.Config(inputs, seed, threads,
                    Long.parseLong(o.getOrDefault("probe-ms", "500")), Long.parseLong(o.getOrDefault("max-seconds", "0")),
                    Long.parseLong(o.getOrDefault("udp-rate", "0")), Integer.parseInt(o.getOrDefault("settle", "35")),
                    Integer.parseInt(o.getOrDefault("progress", "10")), System.out);
            Campaign.Report report = new Campaign(config, targets, resources, gauges).run();
            System.out.print(report);
            boolean clean = report.clean();
            if (log != null) {
                long crashLines = countCrashLines(log, logStart);
                System.out.printf("server log %s: %d crash lines appended during the run%n", log, crashLines);
                clean &= crashLines == 0;
            }
            status = clean ? 0 : 1;
        } finally {
            if (servers != null) {
                servers.close();
            }
            deleteTree(dir);
        }
        System.exit(status);
    }

    static Targets externalTargets(Map<String, String> o) {
        String[] hbbs = o.getOrDefault("hbbs", "127.0.0.1:21116").split(":");
        String[] hbbr = o.getOrDefault("hbbr", hbbs[0] + ":" + (Integer.parseInt(hbbs[1]) + 1)).split(":");
        if (!hbbs[0].equals(hbbr[0])) {
            throw new IllegalArgumentException("--hbbs and --hbbr must be on one host");
        }
        return Targets.layout(hbbs[0], Integer.parseInt(hbbs[1]), Integer.parseInt(hbbr[1]), o.getOrDefault("key", ""));
    }

    /** {@code 100000} for every listener, or {@code udp=10000000,tcp=300000} (others 0). */
    static Map<Listener, Long> quotas(String spec, List<Listener> listeners) {
        Map<Listener, Long> m = new EnumMap<>(Listener.class);
        if (!spec.contains("=")) {
            listeners.forEach(l -> m.put(l, Long.parseLong(spec.replace("_", ""))));
            return m;
        }
        for (String part : spec.split(",")) {
            String[] kv = part.split("=");
            Listener l = Listener.of(kv[0]);
            if (listeners.contains(l)) {
                m.put(l, Long.parseLong(kv[1].replace("_", "")));
            }
        }
        return m;
    }

    static long countCrashLines(Path log, long from) throws IOException {
        long n = 0;
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            f.seek(Math.min(from, f.length()));
            byte[] rest = new byte[(int) Math.min(Integer.MAX_VALUE - 8, f.length() - f.getFilePointer())];
            f.readFully(rest);
            for (String line : new String(rest, StandardCharsets.UTF_8).split("\n")) {
                if (CRASH_LINE.matcher(line).find()) {
                    n++;
                }
            }
        }
        return n;
    }

    static Map<String, String> parse(String[] args) {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --flag value at " + args[i]);
            }
            o.put(args[i].substring(2), args[++i]);
        }
        return o;
    }

    private static void deleteTree(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete " + dir + ": " + e);
        }
    }
}
