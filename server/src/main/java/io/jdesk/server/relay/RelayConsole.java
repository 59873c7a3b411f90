package io.jdesk.server.relay;

import java.util.Arrays;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.function.ToLongFunction;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * The hbbr admin commands of spec/servers.md §11.2, answered as text in the OSS formats. Plugged
 * into the TCP relay port through {@link io.jdesk.server.console.ConsoleHandler} (off unless the
 * console policy enables it).
 *
 * <p>Differences from OSS: an invalid value (not a number, or not &gt; 0) is answered with
 * {@code invalid value: ...} instead of silence; unknown commands get a hint; rates also accept
 * {@code unlimited} (jdesk extension, see {@link Bandwidth#UNLIMITED}); list entries are matched
 * normalised ({@link IpList}). As in OSS, list changes are not written back to the files.
 *
 * <p>Thread-safe: every state it touches is.
 */
public final class RelayConsole implements Function<String, String> {

    /** The OSS help text, line for line (rustdesk-server relay_server.rs). */
    static final String HELP = String.join("\n",
            "blacklist-add(ba) <ip>",
            "blacklist-remove(br) <ip>",
            "blacklist(b) <ip>",
            "blocklist-add(Ba) <ip>",
            "blocklist-remove(Br) <ip>",
            "blocklist(B) <ip>",
            "downgrade-threshold(dt) [value]",
            "downgrade-start-check(t) [value(second)]",
            "limit-speed(ls) [value(Mb/s)]",
            "total-bandwidth(tb) [value(Mb/s)]",
            "single-bandwidth(sb) [value(Mb/s)]",
            "usage(u)",
            "");

    private final IpList blacklist;
    private final IpList blocklist;
    private final BandwidthControl bandwidth;
    private final UsageTable usage;

    RelayConsole(IpList blacklist, IpList blocklist, BandwidthControl bandwidth, UsageTable usage) {
        this.blacklist = blacklist;
        this.blocklist = blocklist;
        this.bandwidth = bandwidth;
        this.usage = usage;
    }

    @Override
    public String apply(String line) {
        String[] f = line.strip().split(" ");
        String arg = f.length > 1 ? f[1] : null;
        return switch (f[0]) {
            case "h" -> HELP;
            case "blacklist-add", "ba" -> add(blacklist, arg);
            case "blacklist-remove", "br" -> remove(blacklist, arg);
            case "blacklist", "b" -> show(blacklist, arg);
            case "blocklist-add", "Ba" -> add(blocklist, arg);
            case "blocklist-remove", "Br" -> remove(blocklist, arg);
            case "blocklist", "B" -> show(blocklist, arg);
            case "downgrade-threshold", "dt" -> threshold(arg);
            case "downgrade-start-check", "t" -> startCheck(arg);
            case "limit-speed", "ls" -> rate(arg, Bandwidth::limitSpeedBitsPerSecond,
                    v -> b -> new Bandwidth(b.totalBitsPerSecond(), b.singleBitsPerSecond(), v,
                            b.downgradeThresholdHundredths(), b.downgradeStartCheckMillis()));
            case "total-bandwidth", "tb" -> rate(arg, Bandwidth::totalBitsPerSecond,
                    v -> b -> new Bandwidth(v, b.singleBitsPerSecond(), b.limitSpeedBitsPerSecond(),
                            b.downgradeThresholdHundredths(), b.downgradeStartCheckMillis()));
            case "single-bandwidth", "sb" -> rate(arg, Bandwidth::singleBitsPerSecond,
                    v -> b -> new Bandwidth(b.totalBitsPerSecond(), v, b.limitSpeedBitsPerSecond(),
                            b.downgradeThresholdHundredths(), b.downgradeStartCheckMillis()));
            case "usage", "u" -> usage.format();
            default -> "unknown command: " + f[0] + " (h for help)\n";
        };
    }

    private static String add(IpList list, String arg) {
        if (arg != null) {
            Arrays.stream(arg.split("\\|")).forEach(list::add);
        }
        return "";
    }

    private static String remove(IpList list, String arg) {
        if ("all".equals(arg)) {
            list.clear();
        } else if (arg != null) {
            Arrays.stream(arg.split("\\|")).forEach(list::remove);
        }
        return "";
    }

    private static String show(IpList list, String arg) {
        if (arg != null) {
            return list.contains(arg) + "\n";
        }
        return list.entries().stream().map(e -> e + "\n").collect(Collectors.joining());
    }

    private String threshold(String arg) {
        if (arg == null) {
            return Bandwidth.plain(bandwidth.current().downgradeThresholdHundredths() / 100.0) + "\n";
        }
        double v = parsePositive(arg);
        if (Double.isNaN(v)) {
            return invalid(arg);
        }
        int hundredths = Bandwidth.hundredths(v);
        bandwidth.update(b -> new Bandwidth(b.totalBitsPerSecond(), b.singleBitsPerSecond(),
                b.limitSpeedBitsPerSecond(), hundredths, b.downgradeStartCheckMillis()));
        return "";
    }

    private String startCheck(String arg) {
        if (arg == null) {
            return bandwidth.current().downgradeStartCheckMillis() / 1000 + "s\n";
        }
        long seconds;
        try {
            seconds = Long.parseLong(arg);
        } catch (NumberFormatException e) {
            return invalid(arg);
        }
        if (seconds <= 0 || seconds > Long.MAX_VALUE / 1000) {
            return invalid(arg);
        }
        bandwidth.update(b -> new Bandwidth(b.totalBitsPerSecond(), b.singleBitsPerSecond(),
                b.limitSpeedBitsPerSecond(), b.downgradeThresholdHundredths(), seconds * 1000));
        return "";
    }

    private String rate(String arg, ToLongFunction<Bandwidth> get,
            LongFunction<UnaryOperator<Bandwidth>> set) {
        if (arg == null) {
            long now = get.applyAsLong(bandwidth.current());
            return (now == Bandwidth.UNLIMITED ? "unlimited" : Bandwidth.formatMbps(now) + "Mb/s") + "\n";
        }
        long bits;
        if (arg.equals("unlimited")) {
            bits = Bandwidth.UNLIMITED;
        } else {
            double v = parsePositive(arg);
            if (Double.isNaN(v)) {
                return invalid(arg);
            }
            bits = Bandwidth.mbps(v);
        }
        bandwidth.update(set.apply(bits));
        return "";
    }

    /** A finite number &gt; 0, else NaN. */
    private static double parsePositive(String s) {
        try {
            double v = Double.parseDouble(s);
            return v > 0 && Double.isFinite(v) ? v : Double.NaN;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static String invalid(String arg) {
        return "invalid value: " + arg + "\n";
    }
}
