package io.jdesk.server.relay;

import io.jdesk.protocol.crypto.ServerKey;
import io.jdesk.server.console.ConsolePolicy;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * What the relay server needs, resolved from the settings by the caller. Ports are explicit so
 * tests can bind port 0 for each listener; {@link #standardPorts} gives the OSS layout R / R+2.
 *
 * @param bind address both listeners bind (the unspecified IPv6 address = dual-stack)
 * @param tcpPort TCP R (relay clients; the admin console when enabled)
 * @param wsPort WebSocket R+2
 * @param key hbbr's resolved {@code -k} ({@link ServerKey#forRelay}); no key = no check
 * @param console who may use the admin console on the TCP port (off by default)
 * @param trustedProxy whose X-Real-IP / X-Forwarded-For headers are believed on the WS port
 * @param maxFirstFrame largest first frame / first WebSocket message (the RequestRelay)
 * @param maxRelayedFrame largest frame re-framed between a TCP and a WebSocket side, and largest
 *        WebSocket message relayed
 * @param bandwidth initial bandwidth settings (the console changes them live)
 * @param firstFrameTimeout how long a new connection may take to send its RequestRelay
 * @param unpairedTimeout how long the first side of a pair waits for the second
 * @param idleTimeout a pair with no data in either direction for this long is closed
 * @param workDir where {@code blacklist.txt} and {@code blocklist.txt} are read from
 * @param pendingCapacity most unpaired connections held at once
 * @param unpairedPerIp most of those from one IPv4 address or one IPv6 /64
 * @param splice experimental, off by default: whether TCP/TCP pairs may use epoll splice when no
 *        limiter applies. Netty 4.2 deprecates splice, and when a client closes with more than one
 *        splice round (about 64-128 KiB) still queued in its socket, Netty ends the input after that
 *        round and the rest is lost (docs/relay.md); the ByteBuf pipe has no such loss
 */
public record RelayConfig(
        InetAddress bind,
        int tcpPort,
        int wsPort,
        ServerKey key,
        ConsolePolicy console,
        Predicate<InetAddress> trustedProxy,
        int maxFirstFrame,
        int maxRelayedFrame,
        Bandwidth bandwidth,
        Duration firstFrameTimeout,
        Duration unpairedTimeout,
        Duration idleTimeout,
        Path workDir,
        int pendingCapacity,
        int unpairedPerIp,
        boolean splice) {

    /** Offset of the WebSocket port from the TCP relay port (spec/servers.md §1.1). */
    public static final int WS_PORT_OFFSET = 2;

    /** Default relay port R (spec/servers.md §1.1). */
    public static final int DEFAULT_PORT = 21117;

    /**
     * Largest first frame: 64 KiB. A RequestRelay is a few hundred bytes; OSS reads up to 2^30-1
     * (spec/servers.md §2.1, §12 item 9).
     */
    public static final int DEFAULT_MAX_FIRST_FRAME = 64 * 1024;

    /**
     * Largest frame re-framed for a WebSocket side: 16 MiB, tungstenite's default
     * {@code max_frame_size}, which the official client (no WebSocket config, hbb_common
     * websocket.rs) and OSS hbbr both apply, so nothing larger ever reaches a WebSocket client.
     */
    public static final int DEFAULT_MAX_RELAYED_FRAME = 16 * 1024 * 1024;

    /** Wait for the first frame: 30 s (rustdesk-server relay_server.rs, spec/servers.md §9.1). */
    public static final Duration DEFAULT_FIRST_FRAME_TIMEOUT = Duration.ofSeconds(30);

    /** Wait of an unpaired side: 30 s (spec/servers.md §9.2). */
    public static final Duration DEFAULT_UNPAIRED_TIMEOUT = Duration.ofSeconds(30);

    /** A pair idle for more than 30 s is closed with "Timeout" (spec/servers.md §9.3). */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);

    /**
     * Cap of the unpaired table: 100 000 (OSS has none, spec/servers.md §12 item 10). Each entry
     * is an open socket, so the process file limit (OSS units set 1 000 000) is the other bound.
     */
    public static final int DEFAULT_PENDING_CAPACITY = 100_000;

    /**
     * Cap of unpaired connections from one IPv4 address or one IPv6 /64: 1 000. A waiter is an
     * open socket for up to the unpaired timeout, so without it one client could hold every file
     * descriptor of the process (the fuzz campaign did, with ~40 000 half-closed waiters). A
     * side waits only until its partner connects, usually well under a second, so even a large
     * office behind one NAT address has far fewer waiting at once. OSS has no cap.
     */
    public static final int DEFAULT_UNPAIRED_PER_IP = 1_000;

    public RelayConfig {
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(console, "console");
        Objects.requireNonNull(trustedProxy, "trustedProxy");
        Objects.requireNonNull(bandwidth, "bandwidth");
        Objects.requireNonNull(workDir, "workDir");
        requirePort("tcpPort", tcpPort);
        requirePort("wsPort", wsPort);
        requirePositive("maxFirstFrame", maxFirstFrame);
        requirePositive("maxRelayedFrame", maxRelayedFrame);
        requirePositive("pendingCapacity", pendingCapacity);
        requirePositive("unpairedPerIp", unpairedPerIp);
        requirePositive("firstFrameTimeout", firstFrameTimeout);
        requirePositive("unpairedTimeout", unpairedTimeout);
        requirePositive("idleTimeout", idleTimeout);
    }

    /** The OSS port layout: TCP {@code port}, WebSocket {@code port + 2}. */
    public static int[] standardPorts(int port) {
        return new int[] {port, port + WS_PORT_OFFSET};
    }

    /** OSS behaviour around the given address, ports, key and working directory. */
    public static RelayConfig defaults(InetAddress bind, int tcpPort, int wsPort, ServerKey key, Path workDir) {
        return new RelayConfig(bind, tcpPort, wsPort, key, ConsolePolicy.OFF, a -> false,
                DEFAULT_MAX_FIRST_FRAME, DEFAULT_MAX_RELAYED_FRAME, Bandwidth.OSS_DEFAULTS,
                DEFAULT_FIRST_FRAME_TIMEOUT, DEFAULT_UNPAIRED_TIMEOUT, DEFAULT_IDLE_TIMEOUT, workDir,
                DEFAULT_PENDING_CAPACITY, DEFAULT_UNPAIRED_PER_IP, false);
    }

    /** A copy with another console policy. */
    public RelayConfig withConsole(ConsolePolicy policy) {
        return new RelayConfig(bind, tcpPort, wsPort, key, policy, trustedProxy, maxFirstFrame,
                maxRelayedFrame, bandwidth, firstFrameTimeout, unpairedTimeout, idleTimeout, workDir,
                pendingCapacity, unpairedPerIp, splice);
    }

    /** A copy with another trusted-proxy rule. */
    public RelayConfig withTrustedProxy(Predicate<InetAddress> proxy) {
        return new RelayConfig(bind, tcpPort, wsPort, key, console, proxy, maxFirstFrame,
                maxRelayedFrame, bandwidth, firstFrameTimeout, unpairedTimeout, idleTimeout, workDir,
                pendingCapacity, unpairedPerIp, splice);
    }

    /** A copy with other bandwidth settings. */
    public RelayConfig withBandwidth(Bandwidth b) {
        return new RelayConfig(bind, tcpPort, wsPort, key, console, trustedProxy, maxFirstFrame,
                maxRelayedFrame, b, firstFrameTimeout, unpairedTimeout, idleTimeout, workDir,
                pendingCapacity, unpairedPerIp, splice);
    }

    /** A copy with other timeouts (first frame, unpaired wait, idle pair). */
    public RelayConfig withTimeouts(Duration firstFrame, Duration unpaired, Duration idle) {
        return new RelayConfig(bind, tcpPort, wsPort, key, console, trustedProxy, maxFirstFrame,
                maxRelayedFrame, bandwidth, firstFrame, unpaired, idle, workDir, pendingCapacity, unpairedPerIp, splice);
    }

    /** A copy with another cap of the unpaired table. */
    public RelayConfig withPendingCapacity(int capacity) {
        return new RelayConfig(bind, tcpPort, wsPort, key, console, trustedProxy, maxFirstFrame,
                maxRelayedFrame, bandwidth, firstFrameTimeout, unpairedTimeout, idleTimeout, workDir,
                capacity, unpairedPerIp, splice);
    }

    /** A copy with another cap of unpaired connections per IPv4 address or IPv6 /64. */
    public RelayConfig withUnpairedPerIp(int cap) {
        return new RelayConfig(bind, tcpPort, wsPort, key, console, trustedProxy, maxFirstFrame,
                maxRelayedFrame, bandwidth, firstFrameTimeout, unpairedTimeout, idleTimeout, workDir,
                pendingCapacity, cap, splice);
    }

    /** A copy with splice allowed or not. */
    public RelayConfig withSplice(boolean allowed) {
        return new RelayConfig(bind, tcpPort, wsPort, key, console, trustedProxy, maxFirstFrame,
                maxRelayedFrame, bandwidth, firstFrameTimeout, unpairedTimeout, idleTimeout, workDir,
                pendingCapacity, unpairedPerIp, allowed);
    }

    private static void requirePort(String name, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(name + " must be 0..65535; got " + port);
        }
    }

    private static void requirePositive(String name, long v) {
        if (v <= 0) {
            throw new IllegalArgumentException(name + " must be > 0; got " + v);
        }
    }

    private static void requirePositive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be > 0; got " + d);
        }
    }
}
