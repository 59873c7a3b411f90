package io.jdesk.server.config;

import static io.jdesk.server.config.HbbsCatalogue.ALWAYS_USE_RELAY;
import static io.jdesk.server.config.HbbsCatalogue.BIND;
import static io.jdesk.server.config.HbbsCatalogue.DB_URL;
import static io.jdesk.server.config.HbbsCatalogue.KEY;
import static io.jdesk.server.config.HbbsCatalogue.LOCAL_IP;
import static io.jdesk.server.config.HbbsCatalogue.MASK;
import static io.jdesk.server.config.HbbsCatalogue.MAX_DATABASE_CONNECTIONS;
import static io.jdesk.server.config.HbbsCatalogue.PORT;
import static io.jdesk.server.config.HbbsCatalogue.RELAY_SERVERS;
import static io.jdesk.server.config.HbbsCatalogue.RENDEZVOUS_SERVERS;
import static io.jdesk.server.config.HbbsCatalogue.RMEM;
import static io.jdesk.server.config.HbbsCatalogue.SERIAL;
import static io.jdesk.server.config.HbbsCatalogue.SOFTWARE_URL;
import static io.jdesk.server.config.HbbsCatalogue.TEST_HBBS;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Validated hbbs settings ({@link HbbsCatalogue}). Build with {@link #from}; it either
 * returns settings that are all usable or throws one {@link SettingsException} listing
 * every problem.
 *
 * @param port main port P (3..65533): UDP+TCP P, TCP P-1, WebSocket P+2
 * @param bind listen address; empty = all interfaces (dual-stack)
 * @param key the {@code -k} value, resolved later by {@code ServerKey.forRendezvous}
 * @param relayServers relay entries as written ({@code host} or {@code host:port}), not yet resolved
 * @param rendezvousServers [deprecated] ConfigUpdate list, as written
 * @param serial [deprecated] ConfigUpdate serial
 * @param softwareUrl [deprecated] SoftwareUpdate URL, empty = none
 * @param rmem UDP receive buffer bytes, 0 = OS default
 * @param mask [deprecated] IPv4 LAN network
 * @param localIp relay address for LAN clients; empty = auto-detect (used only with {@code mask})
 * @param alwaysUseRelay {@code ALWAYS_USE_RELAY=Y}
 * @param testHbbs the UDP self-test
 * @param dbUrl SQLite database path
 * @param maxDatabaseConnections pool size, at least 1
 * @param jdesk jdesk-only settings
 * @param sameIpLan {@code JDESK_SAME_IP_LAN}: peers with the same public IP are one LAN (OSS: always)
 * @param report effective values with their origins, and warnings, for the start-up log
 */
public record HbbsSettings(int port, Optional<InetAddress> bind, KeyOption key, List<String> relayServers,
        List<String> rendezvousServers, int serial, String softwareUrl, int rmem, Optional<Cidr> mask,
        Optional<String> localIp, boolean alwaysUseRelay, TestHbbsTarget testHbbs, String dbUrl,
        int maxDatabaseConnections, JdeskSettings jdesk, boolean sameIpLan, SettingsReport report) {

    public HbbsSettings {
        if (port < HbbsCatalogue.MIN_PORT || port > HbbsCatalogue.MAX_PORT) {
            throw new IllegalArgumentException("port must be 3..65533, got " + port);
        }
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(key, "key");
        relayServers = List.copyOf(relayServers);
        rendezvousServers = List.copyOf(rendezvousServers);
        Objects.requireNonNull(softwareUrl, "softwareUrl");
        Objects.requireNonNull(mask, "mask");
        Objects.requireNonNull(localIp, "localIp");
        Objects.requireNonNull(testHbbs, "testHbbs");
        Objects.requireNonNull(dbUrl, "dbUrl");
        Objects.requireNonNull(jdesk, "jdesk");
        Objects.requireNonNull(report, "report");
    }

    /**
     * Reads and validates every hbbs setting.
     *
     * @throws SettingsException listing every invalid value with its name, value and origin
     */
    public static HbbsSettings from(SettingsSources sources) {
        Resolver r = new Resolver(sources, HbbsCatalogue.CATALOGUE);
        int port = r.get(PORT);
        Optional<InetAddress> bind = r.get(BIND);
        KeyOption key = r.get(KEY);
        List<String> relays = r.get(RELAY_SERVERS);
        List<String> rendezvous = r.get(RENDEZVOUS_SERVERS);
        int serial = r.get(SERIAL);
        String softwareUrl = r.get(SOFTWARE_URL);
        int rmem = r.get(RMEM);
        Optional<Cidr> mask = r.get(MASK);
        Optional<String> localIp = r.get(LOCAL_IP);
        boolean alwaysUseRelay = r.get(ALWAYS_USE_RELAY);
        TestHbbsTarget test = r.get(TEST_HBBS);
        String dbUrl = r.get(DB_URL);
        int connections = r.get(MAX_DATABASE_CONNECTIONS);
        JdeskSettings jdesk = JdeskSettings.resolve(r);
        boolean sameIpLan = r.get(JdeskCatalogue.SAME_IP_LAN);
        if (key.kind() == KeyOption.Kind.LITERAL) {
            r.warn("KEY is a literal (not -, _, empty or a secret key): clients must send exactly it and hbbs"
                    + " has no key to sign with, so sessions are not end-to-end encrypted (servers.md §7.4)");
        }
        if (localIp.isPresent() && mask.isEmpty()) {
            r.warn("LOCAL-IP is set but MASK is not, so LOCAL-IP is not used");
        }
        SettingsReport report = r.finish();
        return new HbbsSettings(port, bind, key, relays, rendezvous, serial, softwareUrl, rmem, mask, localIp,
                alwaysUseRelay, test, dbUrl, connections, jdesk, sameIpLan, report);
    }

    /** @return P-1: NAT test, online status and console (TCP) */
    public int natPort() {
        return port - 1;
    }

    /** @return P+2: WebSocket */
    public int wsPort() {
        return port + 2;
    }

    /** @return the effective settings, one {@code NAME=value (origin)} per setting; no secret values */
    @Override
    public String toString() {
        return "HbbsSettings" + report.lines();
    }
}
