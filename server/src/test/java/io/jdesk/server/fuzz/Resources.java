package io.jdesk.server.fuzz;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * What a process holds: heap in use after a full GC, live threads, open file descriptors
 * ({@code /proc/<pid>/fd}) and resident memory. For this JVM everything is measured; for another
 * process (an external server) only what /proc shows (threads, fds, RSS; heap -1).
 */
public record Resources(long heapAfterGcBytes, int threads, int fds, long rssBytes) {

    /** This JVM, after {@link System#gc()} (twice, with a pause for reference processing). */
    public static Resources self() {
        for (int i = 0; i < 2; i++) {
            System.gc();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        return new Resources(heap, ManagementFactory.getThreadMXBean().getThreadCount(), fds("self"),
                status("self", "VmRSS:"));
    }

    /** CPU time this JVM used so far (all threads, user and system), or -1 when not known. */
    static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
    }

    /** Another process, by pid: threads, fds, RSS from /proc. */
    public static Resources of(long pid) {
        return new Resources(-1, (int) status(Long.toString(pid), "Threads:"), fds(Long.toString(pid)),
                status(Long.toString(pid), "VmRSS:"));
    }

    static int fds(String pid) {
        try (Stream<Path> s = Files.list(Path.of("/proc", pid, "fd"))) {
            return (int) s.count();
        } catch (IOException e) {
            return -1;
        }
    }

    /** A field of /proc/PID/status; kB fields are returned in bytes. */
    static long status(String pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
                if (line.startsWith(field)) {
                    String[] parts = line.substring(field.length()).trim().split("\\s+");
                    long v = Long.parseLong(parts[0]);
                    return parts.length > 1 && parts[1].equals("kB") ? v * 1024 : v;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** The kernel's count of UDP datagrams dropped for a full receive buffer (whole machine), or -1. */
    static long udpReceiveBufferErrors() {
        try {
            java.util.List<String> lines = Files.readAllLines(Path.of("/proc/net/snmp"));
            String[] names = null;
            for (String line : lines) {
                if (line.startsWith("Udp:")) {
                    String[] parts = line.substring(4).trim().split("\\s+");
                    if (names == null) {
                        names = parts;
                    } else {
                        for (int i = 0; i < names.length; i++) {
                            if (names[i].equals("RcvbufErrors")) {
                                return Long.parseLong(parts[i]);
                            }
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    @Override
    public String toString() {
        return String.format("heap after GC %s, threads %d, open fds %d, RSS %s",
                heapAfterGcBytes < 0 ? "n/a" : mib(heapAfterGcBytes), threads, fds, rssBytes < 0 ? "n/a" : mib(rssBytes));
    }

    static String mib(long bytes) {
        return String.format("%.1f MiB", bytes / 1048576.0);
    }
}
