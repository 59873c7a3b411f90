package io.jdesk.server.config;

import io.jdesk.server.relay.RelayConfig;
import io.jdesk.protocol.codec.FrameCodec;
import java.util.List;
import java.util.Optional;

/**
 * Settings OSS does not have, read by both hbbs and hbbr.
 *
 * <p>Naming scheme: jdesk-only settings are called {@code JDESK_<WORDS>} with underscores, so
 * they read as ordinary environment variables, cannot collide with an OSS or Pro setting, and
 * are recognisable in a shared {@code .env}. They go through the same name matching as OSS
 * names ({@code jdesk-trusted-proxies} works). Their long flags drop the prefix
 * ({@code --trusted-proxies}); the token has no flag because command lines are visible to
 * every local user ({@code ps}).
 */
public final class JdeskCatalogue {

    /** Shortest accepted admin token. */
    static final int MIN_TOKEN_LENGTH = 16;
    /** Longest accepted admin token (the console reads at most 1024 bytes, servers.md §11). */
    static final int MAX_TOKEN_LENGTH = 256;
    /** Smallest accepted frame limit: room for any rendezvous message the official client sends. */
    static final int MIN_FRAME = 1024;

    /** Peers whose {@code X-Real-IP} / {@code X-Forwarded-For} headers are believed. */
    public static final Setting<List<Cidr>> TRUSTED_PROXIES = Setting.builder("JDESK_TRUSTED_PROXIES", Parsers.cidrList())
            .jdeskOnly().emptyIsDefault().flags(null, "--trusted-proxies")
            .defaultValue(List.of(), "none")
            .doc("Comma-separated IP addresses or CIDRs of reverse proxies whose X-Real-IP / X-Forwarded-For"
                    + " headers on the WebSocket ports are honoured. Others' headers are ignored and the TCP"
                    + " source address is used (OSS believes every client, servers.md §12 item 6).")
            .build();

    /** The plain-text admin console. */
    public static final Setting<ConsoleMode> ADMIN_CONSOLE = Setting.builder("JDESK_ADMIN_CONSOLE", ConsoleMode::parse)
            .jdeskOnly().emptyIsDefault().flags(null, "--admin-console")
            .defaultValue(ConsoleMode.OFF, "off")
            .doc("off | loopback | token. The OSS text console on hbbs P-1 and hbbr R. loopback = OSS behaviour"
                    + " (any local process is admin, servers.md §12 item 7); token = loopback and the command must"
                    + " start with JDESK_ADMIN_TOKEN.")
            .build();

    /** The console password. */
    public static final Setting<Optional<Secret>> ADMIN_TOKEN = Setting.builder("JDESK_ADMIN_TOKEN", JdeskCatalogue::token)
            .jdeskOnly().emptyIsDefault().secret()
            .defaultValue(Optional.empty(), "none")
            .doc("Token for JDESK_ADMIN_CONSOLE=token: " + MIN_TOKEN_LENGTH + ".." + MAX_TOKEN_LENGTH
                    + " characters, no spaces. Never logged. No command-line flag (visible in ps).")
            .build();

    /** Frame size limit before a connection is paired or on rendezvous connections. */
    public static final Setting<Integer> MAX_FRAME = Setting.builder("JDESK_MAX_FRAME",
                    Parsers.integer(MIN_FRAME, FrameCodec.MAX_FRAME_LENGTH, "the header's 30 length bits limit it"))
            .jdeskOnly().emptyIsDefault().flags(null, "--max-frame")
            .defaultValue(FrameCodec.DEFAULT_MAX_FRAME, String.valueOf(FrameCodec.DEFAULT_MAX_FRAME))
            .doc("Largest length-prefixed TCP frame or WebSocket message, in bytes, accepted on rendezvous"
                    + " connections and as hbbr's first message (OSS buffers up to 1 GiB, servers.md §12 item 9)."
                    + " Relayed traffic after pairing is not limited by it.")
            .build();

    /** All jdesk-only settings of both processes, in reference-page order. */
    public static final List<Setting<?>> ALL = List.of(TRUSTED_PROXIES, ADMIN_CONSOLE, ADMIN_TOKEN, MAX_FRAME);

    /**
     * Whether two peers behind the same public IP count as one LAN. OSS always says yes and
     * sends FetchLocalAddr; behind carrier-grade NAT, where many customers share one public IP,
     * that LAN shortcut cannot work and the TCP hole punch (PunchHole) is the better first try.
     */
    public static final Setting<Boolean> SAME_IP_LAN = Setting.builder("JDESK_SAME_IP_LAN", Parsers.yesNo())
            .jdeskOnly().emptyIsDefault().defaultValue(true, "Y")
            .formatter(v -> v ? "Y" : "N")
            .doc("Y (OSS behaviour): a controller and a device with the same public IP are sent the LAN path"
                    + " (FetchLocalAddr). N: a shared public IP is not a LAN (carrier-grade NAT); they get"
                    + " PunchHole. Peers inside MASK are still a LAN.")
            .build();

    /** jdesk-only settings that only hbbs reads. */
    public static final List<Setting<?>> HBBS_ONLY = List.of(SAME_IP_LAN);

    /** Most unpaired relay connections from one IPv4 address or one IPv6 /64. */
    public static final Setting<Integer> RELAY_UNPAIRED_PER_IP = Setting.builder("JDESK_RELAY_UNPAIRED_PER_IP",
                    Parsers.integer(1, RelayConfig.DEFAULT_PENDING_CAPACITY,
                            "the relay holds at most that many unpaired connections in all"))
            .jdeskOnly().emptyIsDefault()
            .defaultValue(RelayConfig.DEFAULT_UNPAIRED_PER_IP,
                    String.valueOf(RelayConfig.DEFAULT_UNPAIRED_PER_IP))
            .doc("Most relay connections from one IPv4 address or one IPv6 /64 that may wait for their partner"
                    + " at once; more are closed (OSS has no limit). A side waits only until its partner"
                    + " connects, so raise it only for a very large network behind one address.")
            .build();

    /** jdesk-only settings that only hbbr reads. */
    public static final List<Setting<?>> HBBR_ONLY = List.of(RELAY_UNPAIRED_PER_IP);

    private JdeskCatalogue() {
    }

    private static Optional<Secret> token(String text) {
        boolean clean = text.chars().noneMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c));
        if (text.length() < MIN_TOKEN_LENGTH || text.length() > MAX_TOKEN_LENGTH || !clean) {
            throw new IllegalArgumentException("must be " + MIN_TOKEN_LENGTH + ".." + MAX_TOKEN_LENGTH
                    + " characters without spaces or control characters");
        }
        return Optional.of(new Secret(text));
    }
}
