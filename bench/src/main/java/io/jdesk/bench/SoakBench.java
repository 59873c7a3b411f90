package io.jdesk.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Soak (issue 6): N simulated devices keep registering (RegisterPeer over UDP, with
 * RendezvousBench's client and window) against jdesk's rendezvous server in its own JVM for the
 * given minutes. After every sample window the server is measured from outside: heap used after a
 * full GC ({@code jcmd GC.run}, then {@code GC.heap_info}), open file descriptors and threads
 * ({@code /proc/PID}). Pass: heap and descriptors flat over the run.
 *
 * <pre>
 * java -cp bench/target/jdesk-bench.jar io.jdesk.bench.SoakBench [--devices 100000] [--minutes 10]
 *      [--sample 30] [--threads 2] [--window 8]
 * </pre>
 */
public final class SoakBench {

    private SoakBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int devices = Integer.parseInt(o.getOrDefault("devices", "100000"));
        int minutes = Integer.parseInt(o.getOrDefault("minutes", "10"));
        int sample = Integer.parseInt(o.getOrDefault("sample", "30"));
        int threads = Integer.parseInt(o.getOrDefault("threads", "2"));
        int window = Integer.parseInt(o.getOrDefault("window", "8"));
        String[] ids = new String[devices];
        for (int i = 0; i < devices; i++) {
            ids[i] = String.format("bench%07d", i);
        }
        try (RendezvousBench.Server hbbs = RendezvousBench.Server.spawn("--serve-hbbs", Integer.toString(devices))) {
            long pid = hbbs.process.pid();
            System.out.printf("soak: %d devices, %d min, sample every %d s, server pid %d%n", devices, minutes, sample,
                    pid);
            System.out.printf("%6s %12s %6s %8s  %s%n", "t(s)", "heap(KiB)", "fds", "threads", "load in the window");
            long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(minutes);
            long start = System.nanoTime();
            String first = null;
            String last = null;
            while (System.nanoTime() < end) {
                RendezvousBench.Result r = RendezvousBench.measure(hbbs.udp, ids, threads, window, 0, sample);
                String row = String.format("%6d %12d %6d %8d", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start),
                        heapAfterGc(pid), count("/proc/" + pid + "/fd"), count("/proc/" + pid + "/task"));
                System.out.printf("%s  %s%n", row, r);
                if (first == null) {
                    first = row;
                }
                last = row;
            }
            System.out.printf("first: %s%nlast:  %s%n", first, last);
        }
        System.exit(0);
    }

    static long heapAfterGc(long pid) throws IOException, InterruptedException {
        run("jcmd", Long.toString(pid), "GC.run");
        String info = run("jcmd", Long.toString(pid), "GC.heap_info");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("used (\\d+)K").matcher(info);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    static int count(String dir) throws IOException {
        try (var s = Files.list(Path.of(dir))) {
            return (int) s.count();
        }
    }

    static String run(String... cmd) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", cmd[0]);
        if (Files.isExecutable(jcmd)) {
            cmd[0] = jcmd.toString();
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        return out;
    }
}
