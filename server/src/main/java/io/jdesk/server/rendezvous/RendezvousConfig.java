package io.jdesk.server.rendezvous;

import io.jdesk.protocol.crypto.ServerKey;
import io.jdesk.server.console.ConsolePolicy;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * What the rendezvous server needs, resolved from the settings (flags, config file, .env,
 * environment) by the caller. Ports are explicit so tests can bind port 0 for each listener;
 * {@link #standardPorts} derives the OSS layout P-1 / P / P+2 from the main port.
 *
 * @param bind address every listener binds (the unspecified IPv6 address = dual-stack)
 * @param udpPort UDP P (registration)
 * @param tcpPort TCP P (punch brokering, NAT test, TCP registration)
 * @param natPort TCP P-1 (second NAT probe, online query)
 * @param wsPort WebSocket P+2
 * @param key the resolved {@code -k}
 * @param relayServers relay addresses announced to clients (empty: clients use host:P+1)
 * @param alwaysUseRelay {@code ALWAYS_USE_RELAY=Y}
 * @param lan {@code --mask}: which addresses are "LAN" (always false without a mask)
 * @param localIp {@code LOCAL-IP}: relay address given to LAN clients ("" when unset)
 * @param serial {@code -s}: ConfigUpdate serial (deprecated; 0 = never sent)
 * @param rendezvousServers {@code -R}: the list pushed with ConfigUpdate
 * @param trustedProxy whose X-Real-IP / X-Forwarded-For headers are believed
 * @param maxFrame largest rendezvous frame or WebSocket message accepted
 * @param idleTimeout idle limit between messages on a TCP/WS connection (OSS: 30 s)
 * @param console who may use the admin console on P-1
 * @param udpReceiveBuffer {@code -M/--rmem}: UDP receive buffer bytes, 0 = the OS default
 * @param sameIpLan {@code JDESK_SAME_IP_LAN}: requester and target with the same public IP get the
 *     LAN path (FetchLocalAddr), as in OSS; false sends them PunchHole unless {@code lan} holds both
 */
public record RendezvousConfig(
        InetAddress bind,
        int udpPort,
        int tcpPort,
        int natPort,
        int wsPort,
        ServerKey key,
        List<String> relayServers,
        boolean alwaysUseRelay,
        Predicate<InetAddress> lan,
        String localIp,
        int serial,
        List<String> rendezvousServers,
        Predicate<InetAddress> trustedProxy,
        int maxFrame,
        Duration idleTimeout,
        ConsolePolicy console,
        int udpReceiveBuffer,
        boolean sameIpLan) {

    /** OSS idle limit between messages on TCP/WS (spec/servers.md §5.13, §5.17). */
    public static final Duration DEFAULT_IDLE = Duration.ofSeconds(30);

    /** Largest rendezvous frame: the official client's messages are a few hundred bytes. */
    public static final int DEFAULT_MAX_FRAME = 64 * 1024;

    public RendezvousConfig {
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(key, "key");
        relayServers = List.copyOf(relayServers);
        rendezvousServers = List.copyOf(rendezvousServers);
        Objects.requireNonNull(lan, "lan");
        Objects.requireNonNull(localIp, "localIp");
        Objects.requireNonNull(trustedProxy, "trustedProxy");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(console, "console");
        if (udpReceiveBuffer < 0) {
            throw new IllegalArgumentException("udpReceiveBuffer must be >= 0; got " + udpReceiveBuffer);
        }
    }

    /** The OSS port layout: UDP+TCP {@code port}, TCP {@code port-1}, WebSocket {@code port+2}. */
    public static int[] standardPorts(int port) {
        return new int[] {port, port, port - 1, port + 2};
    }

    /** A configuration with OSS defaults around the given key and ports (tests, embedding). */
    public static RendezvousConfig defaults(InetAddress bind, int udpPort, int tcpPort, int natPort,
            int wsPort, ServerKey key) {
        return new RendezvousConfig(bind, udpPort, tcpPort, natPort, wsPort, key, List.of(), false,
                a -> false, "", 0, List.of(), a -> false, DEFAULT_MAX_FRAME, DEFAULT_IDLE,
                ConsolePolicy.OFF, 0, true);
    }

    /** A copy with other relay servers. */
    public RendezvousConfig withRelayServers(List<String> relays) {
        return new RendezvousConfig(bind, udpPort, tcpPort, natPort, wsPort, key, relays,
                alwaysUseRelay, lan, localIp, serial, rendezvousServers, trustedProxy, maxFrame,
                idleTimeout, console, udpReceiveBuffer, sameIpLan);
    }

    /** A copy with another console policy. */
    public RendezvousConfig withConsole(ConsolePolicy policy) {
        return new RendezvousConfig(bind, udpPort, tcpPort, natPort, wsPort, key, relayServers,
                alwaysUseRelay, lan, localIp, serial, rendezvousServers, trustedProxy, maxFrame,
                idleTimeout, policy, udpReceiveBuffer, sameIpLan);
    }

    /** A copy with another idle timeout. */
    public RendezvousConfig withIdleTimeout(Duration idle) {
        return new RendezvousConfig(bind, udpPort, tcpPort, natPort, wsPort, key, relayServers,
                alwaysUseRelay, lan, localIp, serial, rendezvousServers, trustedProxy, maxFrame,
                idle, console, udpReceiveBuffer, sameIpLan);
    }

    /** A copy with another trusted-proxy rule. */
    public RendezvousConfig withTrustedProxy(Predicate<InetAddress> proxy) {
        return new RendezvousConfig(bind, udpPort, tcpPort, natPort, wsPort, key, relayServers,
                alwaysUseRelay, lan, localIp, serial, rendezvousServers, proxy, maxFrame,
                idleTimeout, console, udpReceiveBuffer, sameIpLan);
    }

    /** A copy with another ALWAYS_USE_RELAY. */
    public RendezvousConfig withAlwaysUseRelay(boolean always) {
        return new RendezvousConfig(bind, udpPort, tcpPort, natPort, wsPort, key, relayServers,
                always, lan, localIp, serial, rendezvousServers, trustedProxy, maxFrame, idleTimeout,
                console, udpReceiveBuffer, sameIpLan);
    }

    /** A copy with another JDESK_SAME_IP_LAN. */
    public RendezvousConfig withSameIpLan(boolean same) {
        return new RendezvousConfig(bind, udpPort, tcpPort, natPort, wsPort, key, relayServers,
                alwaysUseRelay, lan, localIp, serial, rendezvousServers, trustedProxy, maxFrame, idleTimeout,
                console, udpReceiveBuffer, same);
    }
}
