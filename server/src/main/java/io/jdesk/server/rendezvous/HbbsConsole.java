package io.jdesk.server.rendezvous;

import java.net.InetAddress;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The hbbs admin commands of spec/servers.md §11.1, answered as text. Differences from OSS:
 * {@code always-use-relay Y|N} only sets the flag (OSS also fed "Y"/"N" into the relay list,
 * §12 item 16); {@code reload-geo} answers that geo data is not supported; the IP blocker and
 * IP-change tables are reported by the registry when it provides them.
 */
final class HbbsConsole implements Function<String, String> {

    private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_INSTANT;
    private static final String HELP = String.join("\n",
            "relay-servers(rs) <separated by ,>",
            "reload-geo(rg)",
            "ip-blocker(ib) [<ip>|<number>] [-]",
            "ip-changes(ic) [<id>|<number>] [-]",
            "punch-requests(pr) [<number>] [-]",
            "always-use-relay(aur) [Y|N]",
            "test-geo(tg) <ip1> <ip2>",
            "");

    private final RelaySelector relays;
    private final AtomicBoolean alwaysUseRelay;
    private final PunchLog punchLog;
    private final Function<String[], String> registryCommands;

    /** @param registryCommands answers {@code ib} / {@code ic} (arguments after the command) */
    HbbsConsole(RelaySelector relays, AtomicBoolean alwaysUseRelay, PunchLog punchLog,
            Function<String[], String> registryCommands) {
        this.relays = relays;
        this.alwaysUseRelay = alwaysUseRelay;
        this.punchLog = punchLog;
        this.registryCommands = registryCommands;
    }

    @Override
    public String apply(String line) {
        String[] f = line.strip().split(" ");
        String[] args = Arrays.copyOfRange(f, 1, f.length);
        return switch (f[0]) {
            case "h" -> HELP;
            case "relay-servers", "rs" -> relayServers(args);
            case "reload-geo", "rg" -> "geo data is not supported\n";
            case "ip-blocker", "ib", "ip-changes", "ic" -> registryCommands.apply(f);
            case "punch-requests", "pr" -> punchRequests(args);
            case "always-use-relay", "aur" -> alwaysUseRelay(args);
            case "test-geo", "tg" -> testGeo(args);
            default -> "unknown command: " + f[0] + " (h for help)\n";
        };
    }

    private String relayServers(String[] args) {
        if (args.length > 0) {
            relays.replace(Arrays.stream(String.join(" ", args).split("[,;\\s]+"))
                    .filter(s -> !s.isEmpty()).toList());
        }
        return relays.reachable().stream().map(r -> r + "\n").collect(Collectors.joining());
    }

    private String punchRequests(String[] args) {
        if (args.length > 0 && args[0].equals("-")) {
            punchLog.clear();
            return "";
        }
        int start = args.length > 0 ? parse(args[0], 0) : 0;
        int size = args.length > 1 ? parse(args[1], 10) : 10;
        StringBuilder out = new StringBuilder();
        for (PunchLog.Entry e : punchLog.page(start, size == 0 ? 10 : size)) {
            out.append(ISO.format(e.time().truncatedTo(ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC)))
                    .append(' ').append(e.from().getHostAddress()).append(" -> ").append(e.toId())
                    .append('@').append(e.toIp() == null ? "" : e.toIp().getHostAddress()).append('\n');
        }
        return out.toString();
    }

    private String alwaysUseRelay(String[] args) {
        if (args.length == 0) {
            return "ALWAYS_USE_RELAY: " + alwaysUseRelay.get() + "\n";
        }
        String v = args[0].toUpperCase(Locale.ROOT);
        if (!v.equals("Y") && !v.equals("N")) {
            return "Usage: always-use-relay [Y|N]\n";
        }
        alwaysUseRelay.set(v.equals("Y"));
        return "";
    }

    private String testGeo(String[] args) {
        List<InetAddress> ips = Arrays.stream(args).map(io.jdesk.server.transport.RealIp::parseLiteral)
                .flatMap(java.util.Optional::stream).toList();
        if (ips.isEmpty()) {
            return "Usage: test-geo <ip1> [<ip2>]\n";
        }
        String relay = relays.next();
        return (relay.isEmpty() ? "(none: clients use the rendezvous host, port P+1)" : relay) + "\n";
    }

    private static int parse(String s, int dflt) {
        try {
            return Math.max(0, Integer.parseInt(s));
        } catch (NumberFormatException e) {
            return dflt;
        }
    }
}
