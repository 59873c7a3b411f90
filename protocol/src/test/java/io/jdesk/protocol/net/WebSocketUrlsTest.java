package io.jdesk.protocol.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import io.jdesk.protocol.net.WebSocketUrls.ClientOptions;
import io.jdesk.protocol.net.WebSocketUrls.Role;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WebSocketUrlsTest {

    private static final String HTTPS_API = "https://api.rustdesk.com";

    private static ClientOptions options(String rendezvous, String relay, String api) {
        return new ClientOptions(rendezvous, relay, api);
    }

    /**
     * vectors.md V6: every assertion of hbb_common test_check_ws, in its order, with the client
     * options each block sets (an unset custom rendezvous server means the default port 21116).
     */
    static Stream<Arguments> v6() {
        ClientOptions none = ClientOptions.NONE;
        ClientOptions relayNoPortHttps = options("", "127.0.0.1", HTTPS_API);
        ClientOptions relayDefaultPortHttps = options("", "127.0.0.1:21117", HTTPS_API);
        ClientOptions relayCustomPortHttps = options("", "127.0.0.1:34567", HTTPS_API);
        ClientOptions rsNoPort = options("127.0.0.1", "", "");
        ClientOptions rsNoPortRelayNoPort = options("127.0.0.1", "127.0.0.1", "");
        ClientOptions rsNoPortRelayDefault = options("127.0.0.1", "127.0.0.1:21117", "");
        ClientOptions rsNoPortRelayCustom = options("127.0.0.1", "127.0.0.1:34567", "");
        ClientOptions rsCustom = options("127.0.0.1:23456", "", "");
        ClientOptions rsCustomRelayNoPort = options("127.0.0.1:23456", "127.0.0.1", "");
        ClientOptions rsCustomRelayDefault = options("127.0.0.1:23456", "127.0.0.1:21117", "");
        ClientOptions rsCustomRelayCustom = options("127.0.0.1:23456", "127.0.0.1:34567", "");
        return Stream.of(
                argumentSet("V6 defaults: ip 21115", none, "127.0.0.1:21115", "ws://127.0.0.1:21118"),
                argumentSet("V6 defaults: ip 21116", none, "127.0.0.1:21116", "ws://127.0.0.1:21118"),
                argumentSet("V6 defaults: ip 21117", none, "127.0.0.1:21117", "ws://127.0.0.1:21119"),
                argumentSet("V6 defaults: domain 21115", none, "rustdesk.com:21115", "ws://rustdesk.com/ws/id"),
                argumentSet("V6 defaults: domain 21116", none, "rustdesk.com:21116", "ws://rustdesk.com/ws/id"),
                argumentSet("V6 defaults: domain 21117", none, "rustdesk.com:21117", "ws://rustdesk.com/ws/relay"),
                argumentSet("V6 relay w/o port, https: ipv6 21115", relayNoPortHttps,
                        "[0:0:0:0:0:0:0:1]:21115", "ws://[0:0:0:0:0:0:0:1]:21118"),
                argumentSet("V6 relay w/o port, https: ipv6 21116", relayNoPortHttps,
                        "[0:0:0:0:0:0:0:1]:21116", "ws://[0:0:0:0:0:0:0:1]:21118"),
                argumentSet("V6 relay w/o port, https: ipv6 21117", relayNoPortHttps,
                        "[0:0:0:0:0:0:0:1]:21117", "ws://[0:0:0:0:0:0:0:1]:21119"),
                argumentSet("V6 relay w/o port, https: domain 21115", relayNoPortHttps,
                        "rustdesk.com:21115", "wss://rustdesk.com/ws/id"),
                argumentSet("V6 relay w/o port, https: domain 21116", relayNoPortHttps,
                        "rustdesk.com:21116", "wss://rustdesk.com/ws/id"),
                argumentSet("V6 relay w/o port, https: domain 21117", relayNoPortHttps,
                        "rustdesk.com:21117", "wss://rustdesk.com/ws/relay"),
                argumentSet("V6 relay 21117, https: ip 21115", relayDefaultPortHttps,
                        "127.0.0.1:21115", "ws://127.0.0.1:21118"),
                argumentSet("V6 relay 21117, https: ip 21116", relayDefaultPortHttps,
                        "127.0.0.1:21116", "ws://127.0.0.1:21118"),
                argumentSet("V6 relay 21117, https: ip 21117", relayDefaultPortHttps,
                        "127.0.0.1:21117", "ws://127.0.0.1:21119"),
                argumentSet("V6 relay 34567, https: domain 21115", relayCustomPortHttps,
                        "rustdesk.com:21115", "wss://rustdesk.com/ws/id"),
                argumentSet("V6 relay 34567, https: domain 21116", relayCustomPortHttps,
                        "rustdesk.com:21116", "wss://rustdesk.com/ws/id"),
                argumentSet("V6 relay 34567, https: domain 34567", relayCustomPortHttps,
                        "rustdesk.com:34567", "wss://rustdesk.com/ws/relay"),
                argumentSet("V6 rs w/o port: ip 21115", rsNoPort, "127.0.0.1:21115", "ws://127.0.0.1:21118"),
                argumentSet("V6 rs w/o port: ip 21116", rsNoPort, "127.0.0.1:21116", "ws://127.0.0.1:21118"),
                argumentSet("V6 rs w/o port: ip 21117", rsNoPort, "127.0.0.1:21117", "ws://127.0.0.1:21119"),
                argumentSet("V6 rs w/o port, relay w/o port: ip 21115", rsNoPortRelayNoPort,
                        "127.0.0.1:21115", "ws://127.0.0.1:21118"),
                argumentSet("V6 rs w/o port, relay w/o port: ip 21116", rsNoPortRelayNoPort,
                        "127.0.0.1:21116", "ws://127.0.0.1:21118"),
                argumentSet("V6 rs w/o port, relay w/o port: ip 21117", rsNoPortRelayNoPort,
                        "127.0.0.1:21117", "ws://127.0.0.1:21119"),
                argumentSet("V6 rs w/o port, relay 21117: ip 21115", rsNoPortRelayDefault,
                        "127.0.0.1:21115", "ws://127.0.0.1:21118"),
                argumentSet("V6 rs w/o port, relay 21117: ip 21116", rsNoPortRelayDefault,
                        "127.0.0.1:21116", "ws://127.0.0.1:21118"),
                argumentSet("V6 rs w/o port, relay 21117: ip 21117", rsNoPortRelayDefault,
                        "127.0.0.1:21117", "ws://127.0.0.1:21119"),
                argumentSet("V6 rs w/o port, relay 34567: ip 21115", rsNoPortRelayCustom,
                        "127.0.0.1:21115", "ws://127.0.0.1:21118"),
                argumentSet("V6 rs w/o port, relay 34567: ip 21116", rsNoPortRelayCustom,
                        "127.0.0.1:21116", "ws://127.0.0.1:21118"),
                argumentSet("V6 rs w/o port, relay 34567: ip 34567", rsNoPortRelayCustom,
                        "127.0.0.1:34567", "ws://127.0.0.1:34569"),
                argumentSet("V6 rs 23456: ip 23455", rsCustom, "127.0.0.1:23455", "ws://127.0.0.1:23458"),
                argumentSet("V6 rs 23456: ip 23456", rsCustom, "127.0.0.1:23456", "ws://127.0.0.1:23458"),
                argumentSet("V6 rs 23456: ip 23457", rsCustom, "127.0.0.1:23457", "ws://127.0.0.1:23459"),
                argumentSet("V6 rs 23456, relay w/o port: ip 23455", rsCustomRelayNoPort,
                        "127.0.0.1:23455", "ws://127.0.0.1:23458"),
                argumentSet("V6 rs 23456, relay w/o port: ip 23456", rsCustomRelayNoPort,
                        "127.0.0.1:23456", "ws://127.0.0.1:23458"),
                argumentSet("V6 rs 23456, relay w/o port: ip 21117", rsCustomRelayNoPort,
                        "127.0.0.1:21117", "ws://127.0.0.1:21119"),
                argumentSet("V6 rs 23456, relay 21117: ip 23455", rsCustomRelayDefault,
                        "127.0.0.1:23455", "ws://127.0.0.1:23458"),
                argumentSet("V6 rs 23456, relay 21117: ip 23456", rsCustomRelayDefault,
                        "127.0.0.1:23456", "ws://127.0.0.1:23458"),
                argumentSet("V6 rs 23456, relay 21117: ip 21117", rsCustomRelayDefault,
                        "127.0.0.1:21117", "ws://127.0.0.1:21119"),
                argumentSet("V6 rs 23456, relay 34567: ip 23455", rsCustomRelayCustom,
                        "127.0.0.1:23455", "ws://127.0.0.1:23458"),
                argumentSet("V6 rs 23456, relay 34567: ip 23456", rsCustomRelayCustom,
                        "127.0.0.1:23456", "ws://127.0.0.1:23458"),
                argumentSet("V6 rs 23456, relay 34567: ip 34567", rsCustomRelayCustom,
                        "127.0.0.1:34567", "ws://127.0.0.1:34569"));
    }

    /** Behaviour derived from the upstream rule beyond its own test. */
    static Stream<Arguments> edgeCases() {
        ClientOptions none = ClientOptions.NONE;
        return Stream.of(
                argumentSet("empty stays empty", none, "", ""),
                argumentSet("ws URL unchanged", none, "ws://x:1", "ws://x:1"),
                argumentSet("wss URL unchanged", none, "wss://x/ws/id", "wss://x/ws/id"),
                argumentSet("no port unchanged", none, "rustdesk.com", "rustdesk.com"),
                argumentSet("port 0 unchanged", none, "rustdesk.com:0", "rustdesk.com:0"),
                argumentSet("[::1] form unchanged", none, "[::1]:21116", "[::1]:21116"),
                argumentSet("bare ipv6 unchanged", none, "1:2::3", "1:2::3"),
                argumentSet("hex-only host:port reads as bare IPv6, unchanged", none, "cafe:80", "cafe:80"),
                argumentSet("hex-only host with 5-digit port is a domain", none, "cafe:21116", "ws://cafe/ws/id"),
                argumentSet("localhost is a domain", none, "localhost:21116", "ws://localhost/ws/id"),
                argumentSet("domain, unknown port goes to relay path", none, "rustdesk.com:5000",
                        "ws://rustdesk.com/ws/relay"),
                argumentSet("ip, unknown port +2", none, "1.2.3.4:5000", "ws://1.2.3.4:5002"),
                argumentSet("ip stays ws with https api", options("", "", HTTPS_API), "1.2.3.4:21116",
                        "ws://1.2.3.4:21118"),
                argumentSet("http api gives ws", options("", "", "http://api"), "h.com:21116", "ws://h.com/ws/id"),
                argumentSet("https prefix is case-sensitive", options("", "", "HTTPS://api"), "h.com:21116",
                        "ws://h.com/ws/id"),
                argumentSet("custom rs: P+1 is relay", options("h.com:30000", "", ""), "h.com:30001",
                        "ws://h.com/ws/relay"),
                argumentSet("custom rs: P-1 is online, +3", options("1.2.3.4:30000", "", ""), "1.2.3.4:29999",
                        "ws://1.2.3.4:30002"),
                argumentSet("custom rs: default 21116 is just a port", options("1.2.3.4:30000", "", ""),
                        "1.2.3.4:21116", "ws://1.2.3.4:21118"),
                argumentSet("online wins over relay on the same port", options("1.2.3.4:30000", "x:29999", ""),
                        "1.2.3.4:29999", "ws://1.2.3.4:30002"),
                argumentSet("port above 65535 not checked", none, "1.2.3.4:65535", "ws://1.2.3.4:65537"));
    }

    @ParameterizedTest
    @MethodSource({"v6", "edgeCases"})
    void toWebSocket(ClientOptions options, String endpoint, String expected) {
        assertThat(WebSocketUrls.toWebSocket(endpoint, options)).isEqualTo(expected);
    }

    static Stream<Arguments> roles() {
        ClientOptions custom = options("h:30000", "h:40000", "");
        return Stream.of(
                argumentSet("default P", ClientOptions.NONE, 21116, Role.RENDEZVOUS),
                argumentSet("default P-1", ClientOptions.NONE, 21115, Role.ONLINE),
                argumentSet("default P+1", ClientOptions.NONE, 21117, Role.RELAY),
                argumentSet("default other", ClientOptions.NONE, 21118, Role.OTHER),
                argumentSet("custom P", custom, 30000, Role.RENDEZVOUS),
                argumentSet("custom P-1", custom, 29999, Role.ONLINE),
                argumentSet("custom P+1", custom, 30001, Role.RELAY),
                argumentSet("custom R", custom, 40000, Role.RELAY),
                argumentSet("custom: default R is other", custom, 21117, Role.OTHER));
    }

    @ParameterizedTest
    @MethodSource("roles")
    void roleOf(ClientOptions options, int port, Role expected) {
        assertThat(WebSocketUrls.roleOf(port, options)).isEqualTo(expected);
    }
}
