package io.jdesk.server.config;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every hbbs setting with its OSS name, flag and default (servers.md §10.1; rustdesk-server
 * {@code src/main.rs}, {@code src/rendezvous_server.rs}, {@code src/peer.rs},
 * {@code src/database.rs}), followed by {@link JdeskCatalogue#ALL} and {@link JdeskCatalogue#HBBS_ONLY}.
 *
 * <p>OSS silently falls back to the default when a number does not parse; jdesk refuses to
 * start instead. Where OSS reads an empty value like an absent one, so does jdesk
 * ({@link Setting#emptyIsDefault()}).
 */
public final class HbbsCatalogue {

    /** OSS default main port ({@code RENDEZVOUS_PORT} in hbb_common config.rs). */
    public static final int DEFAULT_PORT = 21116;
    /** Lowest main port: P-1 must stay a valid port; OSS refuses P &lt; 3 ("Invalid port"). */
    public static final int MIN_PORT = 3;
    /** Highest main port: P+2 (WebSocket) must stay below 65536. */
    public static final int MAX_PORT = 65_533;
    /** OSS default database path (rustdesk-server peer.rs, non-Windows). */
    public static final String DEFAULT_DB_URL = "./db_v2.sqlite3";

    /** Main port P; P-1 and P+2 are bound too. */
    public static final Setting<Integer> PORT = Setting.builder("PORT",
                    Parsers.integer(MIN_PORT, MAX_PORT, "P-1 and P+2 are bound too"))
            .flags("-p", "--port").defaultValue(DEFAULT_PORT, String.valueOf(DEFAULT_PORT))
            .doc("Main port P: UDP and TCP P, TCP P-1 (NAT test, online status), WebSocket P+2.")
            .build();

    /** Listen address. */
    public static final Setting<Optional<InetAddress>> BIND = Setting.builder("BIND", Parsers.ipAddressOrBlank())
            .flags("-b", "--bind").defaultValue(Optional.empty(), "all interfaces")
            .formatter(v -> v.map(InetAddress::getHostAddress).orElse("all interfaces"))
            .doc("Bind every listener to this IPv4 or IPv6 address (a literal, no DNS). Empty = all interfaces.")
            .build();

    /** {@code -k}: licence key check and signing key (servers.md §7.2). */
    public static final Setting<KeyOption> KEY = Setting.builder("KEY", KeyOption::parse)
            .flags("-k", "--key").defaultValue(new KeyOption("-"), "-")
            .redactWhen(KeyOption::looksLikeSecretKey)
            .doc("- or _: clients must send the public key of id_ed25519 (created if missing), which also signs."
                    + " Empty: no check, still signs. Base64 secret key: check its public half, sign with it."
                    + " Other text: clients must send exactly it, and nothing is signed (servers.md §7.4).")
            .build();

    /** Relay servers handed to clients. */
    public static final Setting<List<String>> RELAY_SERVERS = Setting.builder("RELAY-SERVERS", Parsers.serverList())
            .flags("-r", "--relay-servers").emptyIsDefault().defaultValue(List.of(), "none")
            .doc("Comma-separated relay servers (host or host:port, port 21117 when omitted) handed to clients;"
                    + " several are health-checked and used round-robin.")
            .build();

    /** Deprecated ConfigUpdate list. */
    public static final Setting<List<String>> RENDEZVOUS_SERVERS = Setting.builder("RENDEZVOUS-SERVERS",
                    Parsers.serverList())
            .flags("-R", "--rendezvous-servers").emptyIsDefault().defaultValue(List.of(), "none")
            .doc("[deprecated] Rendezvous servers pushed to old clients in ConfigUpdate.")
            .build();

    /** Deprecated ConfigUpdate serial. */
    public static final Setting<Integer> SERIAL = Setting.builder("SERIAL",
                    Parsers.integer(Integer.MIN_VALUE, Integer.MAX_VALUE, null))
            .flags("-s", "--serial").emptyIsDefault().defaultValue(0, "0")
            .doc("[deprecated] ConfigUpdate serial number.")
            .build();

    /** Deprecated SoftwareUpdate URL. */
    public static final Setting<String> SOFTWARE_URL = Setting.builder("SOFTWARE-URL", Parsers.text())
            .flags("-u", "--software-url").defaultValue("", "none")
            .doc("[deprecated] Download URL of the newest client, answered to SoftwareUpdate.")
            .build();

    /** UDP receive buffer. */
    public static final Setting<Integer> RMEM = Setting.builder("RMEM", Parsers.integer(0, Integer.MAX_VALUE, null))
            .flags("-M", "--rmem").emptyIsDefault().defaultValue(0, "0 (OS default)")
            .doc("UDP receive buffer in bytes; raise the OS limit (net.core.rmem_max) first. 0 = OS default.")
            .build();

    /** Deprecated LAN network. */
    public static final Setting<Optional<Cidr>> MASK = Setting.builder("MASK", Parsers.ipv4Cidr())
            .flags(null, "--mask").emptyIsDefault().defaultValue(Optional.empty(), "none")
            .doc("[deprecated] IPv4 LAN network (e.g. 192.168.0.0/16): clients inside get LOCAL-IP as relay.")
            .build();

    /** Relay address for LAN clients. */
    public static final Setting<Optional<String>> LOCAL_IP = Setting.builder("LOCAL-IP", HbbsCatalogue::localIp)
            .defaultValue(Optional.empty(), "auto-detected (only with MASK)")
            .formatter(v -> v.orElse("auto"))
            .doc("Relay address handed to LAN clients when MASK is set; default: this machine's primary IP.")
            .build();

    /** Force relayed connections. */
    public static final Setting<Boolean> ALWAYS_USE_RELAY = Setting.builder("ALWAYS_USE_RELAY", Parsers.yesNo())
            .emptyIsDefault().defaultValue(false, "N")
            .formatter(v -> v ? "Y" : "N")
            .doc("Y (any case) makes clients on different public IPs connect through the relay.")
            .build();

    /** UDP self-test target. */
    public static final Setting<TestHbbsTarget> TEST_HBBS = Setting.builder("TEST_HBBS", TestHbbsTarget::parse)
            .defaultValue(TestHbbsTarget.AUTO, "auto")
            .doc("UDP self-test at start: empty = own listener, no = off, else IP:PORT. The process exits"
                    + " with status 1 when no reply comes within 12 s.")
            .build();

    /** SQLite database. */
    public static final Setting<String> DB_URL = Setting.builder("DB_URL",
                    Parsers.nonEmptyText("leave it unset for " + DEFAULT_DB_URL))
            .defaultValue(DEFAULT_DB_URL, DEFAULT_DB_URL)
            .doc("Path of the SQLite peer database.")
            .build();

    /** Database pool size. */
    public static final Setting<Integer> MAX_DATABASE_CONNECTIONS = Setting.builder("MAX_DATABASE_CONNECTIONS",
                    Parsers.integer(1, Integer.MAX_VALUE, null))
            .emptyIsDefault().defaultValue(1, "1")
            .doc("Database connection pool size.")
            .build();

    /** Every hbbs setting, OSS ones first. */
    public static final Catalogue CATALOGUE = new Catalogue("hbbs", all());

    private HbbsCatalogue() {
    }

    private static List<Setting<?>> all() {
        List<Setting<?>> all = new ArrayList<>(List.of(PORT, BIND, KEY, RELAY_SERVERS, RENDEZVOUS_SERVERS, SERIAL,
                SOFTWARE_URL, RMEM, MASK, LOCAL_IP, ALWAYS_USE_RELAY, TEST_HBBS, DB_URL, MAX_DATABASE_CONNECTIONS));
        all.addAll(JdeskCatalogue.ALL);
        all.addAll(JdeskCatalogue.HBBS_ONLY);
        return all;
    }

    /** OSS takes an explicitly empty LOCAL-IP literally (no LAN relay address); jdesk refuses it. */
    private static Optional<String> localIp(String text) {
        if (text.isBlank()) {
            throw new IllegalArgumentException("must not be empty (leave it unset to auto-detect)");
        }
        return Optional.of(text);
    }
}
