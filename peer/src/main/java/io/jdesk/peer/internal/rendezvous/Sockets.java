package io.jdesk.peer.internal.rendezvous;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.time.Duration;

/**
 * Blocking socket set-up for hole punching: sockets that share a local port with
 * {@code SO_REUSEADDR} and {@code SO_REUSEPORT} (peer.md §3.4, §4.4), listeners on such a port,
 * and the punch "knock".
 *
 * <p>Local binds follow the remote: toward a loopback address we bind that loopback address,
 * otherwise the wildcard. So a device and a controller on one machine stay on loopback, and on a
 * real network the kernel picks the route.
 */
final class Sockets {

    /** Listen backlog of a punched listener (rustdesk {@code new_listener}: 128). */
    static final int PUNCH_BACKLOG = 128;

    private Sockets() {
    }

    /** The local address to bind before connecting to {@code remote}, with {@code port} (0 = any). */
    static InetSocketAddress localFor(InetSocketAddress remote, int port) {
        InetAddress r = remote.getAddress();
        return r != null && r.isLoopbackAddress() ? new InetSocketAddress(r, port) : new InetSocketAddress(port);
    }

    /** An unbound socket with SO_REUSEADDR and, where the platform has it, SO_REUSEPORT. */
    static Socket reusable() throws IOException {
        Socket s = new Socket();
        try {
            s.setReuseAddress(true);
            if (s.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT)) {
                s.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            }
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
        return s;
    }

    /**
     * Connects from {@code local} (a shared port, see {@link #reusable()}) to {@code remote}.
     *
     * @param local local address to bind, or null for an ordinary socket with any port
     */
    static Socket connect(InetSocketAddress remote, InetSocketAddress local, Duration timeout) throws IOException {
        Socket s = local == null ? new Socket() : reusable();
        try {
            if (local != null) {
                s.bind(local);
            }
            s.connect(remote, millis(timeout));
            return s;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** A listener on {@code local} that shares the port with our other sockets on it. */
    static ServerSocket listen(InetSocketAddress local) throws IOException {
        ServerSocket s = new ServerSocket();
        try {
            s.setReuseAddress(true);
            if (s.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT)) {
                s.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            }
            s.bind(local, PUNCH_BACKLOG);
            return s;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /**
     * peer.md §3.4 step 2: a connect from {@code local} toward {@code peer} that only has to
     * leave a mapping in our NAT; its result does not matter and it is over when this returns.
     */
    static void knock(InetSocketAddress local, InetSocketAddress peer, Duration timeout) {
        if (peer.getPort() == 0 || peer.getAddress() == null || peer.getAddress().isAnyLocalAddress()) {
            return;
        }
        try (Socket s = reusable()) {
            s.bind(local);
            s.connect(peer, millis(timeout));
        } catch (IOException | RuntimeException expected) {
            // refused or timed out: the usual outcome, the SYN went out
        }
    }

    /** A timeout for {@link Socket#connect(java.net.SocketAddress, int)}: at least 1 ms (0 means forever). */
    static int millis(Duration d) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, d.toMillis()));
    }

    static void closeQuietly(Closeable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (IOException | RuntimeException ignored) {
            // closing: nothing left to do
        }
    }
}
