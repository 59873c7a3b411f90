package io.jdesk.peer.internal.rendezvous;

import java.util.Objects;

import io.jdesk.protocol.net.HostPort;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * Server addresses and defaults of the rendezvous layer (peer.md §1.1, §1.5). Resolving a name
 * here may do DNS; nothing else in the package does.
 */
public final class Endpoints {

    /** hbbs's default port ({@code RENDEZVOUS_PORT}, hbb_common config.rs). */
    static final int RENDEZVOUS_PORT = 21116;

    /** hbbr's default port ({@code RELAY_PORT}, hbb_common config.rs). */
    static final int RELAY_PORT = 21117;

    /** The official public server key, used when the key option is empty (peer.md §1.1). */
    public static final String RS_PUB_KEY = "OeVuKk5nlHiXp+APNn0Y3pC1Iwpwn44JGqrQCsWqmBw=";

    private Endpoints() {
    }

    /**
     * {@code host}, {@code host:port} or {@code [v6]:port}, with {@code defaultPort} when no port
     * is given ({@code check_port}, peer.md §1.1), resolved.
     *
     * @throws UnknownHostException when the text is no host:port or the name does not resolve
     */
    static InetSocketAddress resolve(String hostPort, int defaultPort) throws UnknownHostException {
        String withPort = HostPort.checkPort(hostPort.strip(), defaultPort);
        HostPort.Parts parts = HostPort.splitHostPort(withPort)
                .orElseThrow(() -> new UnknownHostException("not a host[:port]: " + hostPort));
        String host = parts.host();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (parts.port() > 0xFFFF) {
            throw new UnknownHostException("port out of range in " + hostPort);
        }
        return new InetSocketAddress(InetAddress.getByName(host), parts.port());
    }

    /**
     * The relay to use (peer.md §1.1, {@code get_relay_server}): the {@code relay-server} option,
     * else the one hbbs named, else the rendezvous host with port + 1.
     */
    static String relayFor(String override, String fromServer, String rendezvous) {
        if (!override.isEmpty()) {
            return override;
        }
        if (!fromServer.isEmpty()) {
            return fromServer;
        }
        return HostPort.increasePort(HostPort.checkPort(rendezvous.strip(), RENDEZVOUS_PORT), 1);
    }

    /** The {@code licence_key} to send: the key option, or {@link #RS_PUB_KEY} when it is empty. */
    static String licenceKey(String key) {
        return key.isEmpty() ? RS_PUB_KEY : key;
    }

    /** hbbs's NAT-test port P−1 (peer.md §1.1). */
    static InetSocketAddress natPort(InetSocketAddress rendezvous) {
        return new InetSocketAddress(rendezvous.getAddress(), rendezvous.getPort() - 1);
    }

    /** The rendezvous server option of a config: required, not blank. */
    static void requireServer(String server) {
        Objects.requireNonNull(server, "server");
        if (server.isBlank()) {
            throw new IllegalArgumentException("server must not be empty");
        }
    }

    /** Our version string: required and not empty, or hbbs would not sign our key (peer.md §1.6). */
    static void requireVersion(String version) {
        Objects.requireNonNull(version, "version");
        if (version.isEmpty()) {
            throw new IllegalArgumentException("version must not be empty: hbbs would not sign our key (peer.md §1.6)");
        }
    }

    /** An optional text option: null means empty; surrounding blanks are dropped. */
    static String option(String value) {
        return value == null ? "" : value.strip();
    }
}
