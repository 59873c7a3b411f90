package io.jdesk.protocol.net;

import java.util.Objects;

/**
 * The WebSocket URL an official RustDesk client (in WebSocket mode, option
 * {@code allow-websocket}) dials instead of a TCP {@code host:port} endpoint. Rule of
 * hbb_common {@code src/websocket.rs check_ws}; spec servers.md §1.3, vectors.md V6.
 *
 * <p>Our WebSocket listeners (hbbs P+2, hbbr R+2) and any reverse proxy in front of them must
 * match what this produces:
 * <pre>
 *   endpoint port     role         IP-literal host            domain host
 *   P (rendezvous)    RENDEZVOUS   ws://ip:P+2                ws(s)://host/ws/id
 *   P-1 (online)      ONLINE       ws://ip:(P-1)+3 = P+2      ws(s)://host/ws/id
 *   R, or P+1         RELAY        ws://ip:port+2             ws(s)://host/ws/relay
 *   any other port    OTHER        ws://ip:port+2             ws(s)://host/ws/relay
 * </pre>
 * P is the port of the client's rendezvous server setting (21116 if it has none) and R the
 * port of its {@code relay-server} option (21117 if it has none). On a domain host the port
 * is dropped and only the path tells rendezvous from relay: every port that is neither P nor
 * P-1 is routed to {@code /ws/relay}, because a controller connects to relay servers named by
 * the controlled side, whose ports its own settings do not know. {@code wss} is used on domain
 * hosts only, and only when the {@code api-server} option starts with {@code "https"}.
 */
public final class WebSocketUrls {

    /** hbb_common {@code config.rs RENDEZVOUS_PORT}: default hbbs port P. */
    public static final int RENDEZVOUS_PORT = 21116;
    /** hbb_common {@code config.rs RELAY_PORT}: default hbbr port R (= P+1). */
    public static final int RELAY_PORT = 21117;
    /** WebSocket listeners sit two ports above their TCP port (hbbs 21118, hbbr 21119). */
    public static final int WS_PORT_OFFSET = 2;

    /** Path a reverse proxy maps to the hbbs WebSocket port (P+2). */
    public static final String RENDEZVOUS_PATH = "/ws/id";
    /** Path a reverse proxy maps to the hbbr WebSocket port (R+2). */
    public static final String RELAY_PATH = "/ws/relay";

    /** What an endpoint port means to the client, given its settings. */
    public enum Role {
        /** The rendezvous port P: hbbs WebSocket at P+2. */
        RENDEZVOUS(WS_PORT_OFFSET, RENDEZVOUS_PATH),
        /** The online-query / NAT-test port P-1: also hbbs WebSocket, P-1+3 = P+2. */
        ONLINE(WS_PORT_OFFSET + 1, RENDEZVOUS_PATH),
        /** The configured relay port R, or P+1: hbbr WebSocket at port+2. */
        RELAY(WS_PORT_OFFSET, RELAY_PATH),
        /** Any other port: treated as a relay server the peer named, port+2. */
        OTHER(WS_PORT_OFFSET, RELAY_PATH);

        private final int portOffset;
        private final String domainPath;

        Role(int portOffset, String domainPath) {
            this.portOffset = portOffset;
            this.domainPath = domainPath;
        }

        /** Added to the endpoint port for IP-literal hosts. */
        public int portOffset() {
            return portOffset;
        }

        /** Path used for domain hosts. */
        public String domainPath() {
            return domainPath;
        }
    }

    /**
     * The client options {@code check_ws} consults.
     *
     * @param rendezvousServer the rendezvous server the client uses (its
     *     {@code custom-rendezvous-server} option or built-in default), {@code ""} if none
     * @param relayServer the {@code relay-server} option, {@code ""} if unset
     * @param apiServer the {@code api-server} option, {@code ""} if unset
     */
    public record ClientOptions(String rendezvousServer, String relayServer, String apiServer) {
        /** No server options set: ports 21116 / 21117, plain {@code ws}. */
        public static final ClientOptions NONE = new ClientOptions("", "", "");

        public ClientOptions {
            Objects.requireNonNull(rendezvousServer, "rendezvousServer");
            Objects.requireNonNull(relayServer, "relayServer");
            Objects.requireNonNull(apiServer, "apiServer");
        }

        /** P: the port of {@link #rendezvousServer}, or 21116 when it has none. */
        public int rendezvousPort() {
            return HostPort.splitHostPort(rendezvousServer).map(HostPort.Parts::port).orElse(RENDEZVOUS_PORT);
        }

        /** R: the port of {@link #relayServer}, or 21117 when it has none. */
        public int relayPort() {
            return HostPort.splitHostPort(relayServer).map(HostPort.Parts::port).orElse(RELAY_PORT);
        }
    }

    private WebSocketUrls() {
    }

    /** hbb_common {@code is_ws_endpoint}: already a {@code ws://} or {@code wss://} URL. */
    public static boolean isWebSocketEndpoint(String endpoint) {
        return endpoint.startsWith("ws://") || endpoint.startsWith("wss://");
    }

    /**
     * The role of an endpoint port under {@code options}, checked in upstream's order:
     * P first, then P-1, then R or P+1, else {@link Role#OTHER}.
     */
    public static Role roleOf(int port, ClientOptions options) {
        int rendezvousPort = options.rendezvousPort();
        if (port == rendezvousPort) {
            return Role.RENDEZVOUS;
        }
        if (port == rendezvousPort - 1) {
            return Role.ONLINE;
        }
        if (port == options.relayPort() || port == rendezvousPort + 1) {
            return Role.RELAY;
        }
        return Role.OTHER;
    }

    /**
     * The URL an official client in WebSocket mode dials for {@code endpoint}
     * ({@code host:port}). Returned unchanged, as upstream does, when it is empty, already a
     * WebSocket URL, or has no usable port (see {@link HostPort#splitHostPort}; a bare
     * {@code "host"} or {@code "[::1]:21116"} stays as it is).
     *
     * <p>An endpoint is an IP host when {@link HostPort#isIp} accepts the whole endpoint; every
     * other host (including {@code localhost}) gets the domain form.
     */
    public static String toWebSocket(String endpoint, ClientOptions options) {
        if (endpoint.isEmpty() || isWebSocketEndpoint(endpoint)) {
            return endpoint;
        }
        var parts = HostPort.splitHostPort(endpoint);
        if (parts.isEmpty()) {
            return endpoint;
        }
        String host = parts.get().host();
        int port = parts.get().port();
        Role role = roleOf(port, options);
        if (HostPort.isIp(endpoint)) {
            return "ws://" + host + ":" + (port + role.portOffset());
        }
        String scheme = options.apiServer().startsWith("https") ? "wss" : "ws";
        return scheme + "://" + host + role.domainPath();
    }
}
