package io.jdesk.server.transport;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * Address normalisation shared by every listener (spec/servers.md §4, {@code try_into_v4}):
 * an IPv4-mapped IPv6 address that is not loopback becomes the plain IPv4 address, so the
 * same client is one key whether it arrived on a dual-stack socket, over IPv4, or inside an
 * AddrMangle field. Never resolves names.
 */
public final class Addresses {

    private Addresses() {}

    /** {@code ::ffff:a.b.c.d} (not loopback) as {@code a.b.c.d}; anything else unchanged. */
    public static InetAddress normalize(InetAddress a) {
        if (a instanceof Inet6Address && !a.isLoopbackAddress()) {
            byte[] b = a.getAddress();
            boolean mapped = b[10] == (byte) 0xff && b[11] == (byte) 0xff;
            for (int i = 0; i < 10 && mapped; i++) {
                mapped = b[i] == 0;
            }
            if (mapped) {
                try {
                    return InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
                } catch (UnknownHostException e) {
                    throw new IllegalStateException(e); // 4 bytes: cannot happen
                }
            }
        }
        return a;
    }

    /** {@link #normalize(InetAddress)} applied to a socket address; unresolved input is returned as is. */
    public static InetSocketAddress normalize(InetSocketAddress s) {
        if (s.getAddress() == null) {
            return s;
        }
        InetAddress n = normalize(s.getAddress());
        return n == s.getAddress() ? s : new InetSocketAddress(n, s.getPort());
    }

    /** Whether the two addresses are the same IP after normalisation (same family only). */
    public static boolean sameIp(InetAddress a, InetAddress b) {
        return normalize(a).equals(normalize(b));
    }

    /** {@code a.b.c.d:p} or {@code [v6]:p}, for logs. */
    public static String format(InetSocketAddress s) {
        InetAddress a = s.getAddress();
        String host = a == null ? s.getHostString() : a.getHostAddress();
        return (a instanceof Inet6Address ? "[" + host + "]" : host) + ":" + s.getPort();
    }

    /** Whether {@code a} is IPv4 after normalisation. */
    public static boolean isV4(InetAddress a) {
        return normalize(a) instanceof Inet4Address;
    }
}
