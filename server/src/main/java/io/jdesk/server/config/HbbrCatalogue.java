package io.jdesk.server.config;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every hbbr setting with its OSS name, flag and default (servers.md §10.2, §9.5;
 * rustdesk-server {@code src/hbbr.rs}, {@code src/relay_server.rs} {@code check_params}),
 * followed by {@link JdeskCatalogue#ALL} and {@link JdeskCatalogue#HBBR_ONLY}.
 *
 * <p>{@link #PORT} has the OSS quirk that {@link HbbrSettings#from} implements: a {@code PORT}
 * that does not come from the command line means PORT+1.
 */
public final class HbbrCatalogue {

    /** OSS default relay port ({@code RELAY_PORT} in hbb_common config.rs). */
    public static final int DEFAULT_PORT = 21117;
    /** Highest relay port: R+2 (WebSocket) must stay below 65536. */
    public static final int MAX_PORT = 65_533;

    /** Relay port R; R+2 is bound too. */
    public static final Setting<Integer> PORT = Setting.builder("PORT",
                    Parsers.integer(1, MAX_PORT, "R+2 is bound too"))
            .flags("-p", "--port").defaultValue(DEFAULT_PORT, String.valueOf(DEFAULT_PORT))
            .doc("Relay port R (TCP R, WebSocket R+2). From a flag it is used as given; PORT from the config"
                    + " file, .env or the environment means PORT+1 (OSS quirk: one shared PORT=21116 gives"
                    + " hbbs 21116 and hbbr 21117).")
            .build();

    /** Listen address. */
    public static final Setting<Optional<InetAddress>> BIND = Setting.builder("BIND", Parsers.ipAddressOrBlank())
            .flags("-b", "--bind").defaultValue(Optional.empty(), "all interfaces")
            .formatter(v -> v.map(InetAddress::getHostAddress).orElse("all interfaces"))
            .doc("Bind both listeners to this IPv4 or IPv6 address (a literal, no DNS). Empty = all interfaces.")
            .build();

    /** {@code -k}: licence key check (hbbr never signs). */
    public static final Setting<KeyOption> KEY = Setting.builder("KEY", KeyOption::parse)
            .flags("-k", "--key").defaultValue(new KeyOption(""), "empty (no check)")
            .redactWhen(KeyOption::looksLikeSecretKey)
            .doc("Empty: no check (an open relay). - or _: clients must send the public key of id_ed25519."
                    + " Base64 secret key: its public half. Other text: exactly that text.")
            .build();

    /** Global limiter. */
    public static final Setting<Bandwidth> TOTAL_BANDWIDTH = Setting.builder("TOTAL_BANDWIDTH", Parsers.bandwidth())
            .emptyIsDefault().defaultValue(new Bandwidth(1024), "1024 (Mb/s)")
            .doc("Mb/s (1024*1024 bit/s) shared by all relays, both directions.")
            .build();

    /** Per-pair limiter. */
    public static final Setting<Bandwidth> SINGLE_BANDWIDTH = Setting.builder("SINGLE_BANDWIDTH", Parsers.bandwidth())
            .emptyIsDefault().defaultValue(new Bandwidth(128), "128 (Mb/s)")
            .doc("Mb/s per relayed pair, both directions combined; read when a relay starts.")
            .build();

    /** Cap for downgraded or blacklisted pairs. */
    public static final Setting<Bandwidth> LIMIT_SPEED = Setting.builder("LIMIT_SPEED", Parsers.bandwidth())
            .emptyIsDefault().defaultValue(new Bandwidth(32), "32 (Mb/s)")
            .doc("Mb/s for a pair after downgrade or when its IP is blacklisted.")
            .build();

    /** Fraction of SINGLE_BANDWIDTH above which a pair is downgraded. */
    public static final Setting<Double> DOWNGRADE_THRESHOLD = Setting.builder("DOWNGRADE_THRESHOLD",
                    Parsers.positiveNumber())
            .emptyIsDefault().defaultValue(0.66, "0.66")
            .doc("A pair whose lifetime average exceeds this fraction of SINGLE_BANDWIDTH is capped to LIMIT_SPEED.")
            .build();

    /** Age from which the downgrade test runs. */
    public static final Setting<Duration> DOWNGRADE_START_CHECK = Setting.builder("DOWNGRADE_START_CHECK",
                    Parsers.positiveSeconds())
            .emptyIsDefault().defaultValue(Duration.ofSeconds(1800), "1800 (s)")
            .formatter(d -> d.toSeconds() + "s")
            .doc("Seconds a relay runs before the downgrade test applies to it.")
            .build();

    /** Every hbbr setting, OSS ones first. */
    public static final Catalogue CATALOGUE = new Catalogue("hbbr", all());

    private HbbrCatalogue() {
    }

    private static List<Setting<?>> all() {
        List<Setting<?>> all = new ArrayList<>(List.of(PORT, BIND, KEY, TOTAL_BANDWIDTH, SINGLE_BANDWIDTH,
                LIMIT_SPEED, DOWNGRADE_THRESHOLD, DOWNGRADE_START_CHECK));
        all.addAll(JdeskCatalogue.ALL);
        all.addAll(JdeskCatalogue.HBBR_ONLY);
        return all;
    }
}
