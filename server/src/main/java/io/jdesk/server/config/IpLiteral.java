package io.jdesk.server.config;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses IP address text without ever asking DNS ({@link InetAddress#getByName} resolves
 * anything that is not a literal, so settings never pass user text to it).
 *
 * <p>The grammar follows Rust's {@code IpAddr::from_str}, which OSS uses for {@code BIND},
 * {@code TEST_HBBS} and {@code MASK}: IPv4 is four decimal octets without leading zeros;
 * IPv6 is eight groups of 1-4 hex digits, one {@code ::} standing for at least one zero group,
 * optionally ending in a dotted IPv4 address; no zone ({@code %eth0}), no brackets.
 */
final class IpLiteral {

    /** Bytes of an IPv4 address. */
    static final int IPV4_BYTES = 4;
    /** Bytes of an IPv6 address. */
    static final int IPV6_BYTES = 16;
    private static final int IPV6_GROUPS = 8;
    private static final int MAX_OCTET = 255;
    /** Largest TCP/UDP port. */
    static final int MAX_PORT = 65_535;

    private IpLiteral() {
    }

    /**
     * @return the 4 or 16 address bytes of {@code text}
     * @throws IllegalArgumentException naming why {@code text} is not an IP literal
     */
    static byte[] parse(String text) {
        if (text.indexOf(':') >= 0) {
            return orFail(io.jdesk.protocol.net.IpLiteral.parseIpv6(text), "is not an IPv6 address");
        }
        if (text.indexOf('.') >= 0) {
            return orFail(io.jdesk.protocol.net.IpLiteral.parseIpv4(text), "is not an IPv4 address");
        }
        throw new IllegalArgumentException("is not an IP address (no DNS names here)");
    }

    /** The grammar is Rust's, shared with the protocol module's {@code net.IpLiteral}. */
    private static byte[] orFail(byte[] parsed, String message) {
        if (parsed == null) {
            throw new IllegalArgumentException(message);
        }
        return parsed;
    }

    /** @return {@code text} as an address object, built from its bytes (no DNS, no reverse lookup) */
    static InetAddress toInetAddress(String text) {
        return fromBytes(parse(text));
    }

    /**
     * Parses Rust's {@code SocketAddr} text: {@code a.b.c.d:port} or {@code [ipv6]:port}.
     *
     * @throws IllegalArgumentException naming why it is not one (port must be 1..65535)
     */
    static InetSocketAddress socketAddress(String text) {
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("has no :PORT");
        }
        String host = text.substring(0, colon);
        boolean bracketed = host.startsWith("[") && host.endsWith("]");
        if (bracketed == (host.indexOf(':') < 0)) {
            throw new IllegalArgumentException("needs brackets around an IPv6 address and only there");
        }
        byte[] address = parse(bracketed ? host.substring(1, host.length() - 1) : host);
        if (bracketed && address.length != IPV6_BYTES) {
            throw new IllegalArgumentException("has an IPv4 address in brackets");
        }
        return new InetSocketAddress(fromBytes(address), port(text.substring(colon + 1)));
    }

    /** @return {@code a.b.c.d:port} or {@code [ipv6]:port} without any lookup */
    static String format(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        return (address.getAddress() instanceof Inet6Address ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    /** @return the port 1..65535 in {@code text} (decimal digits only) */
    static int port(String text) {
        if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("has a bad port \"" + text + "\"");
        }
        int port = Integer.parseInt(text);
        if (port < 1 || port > MAX_PORT) {
            throw new IllegalArgumentException("has port " + port + " outside 1..65535");
        }
        return port;
    }

    /** @return the address for 4 or 16 bytes; an IPv4-mapped IPv6 address comes back as IPv4 */
    static InetAddress fromBytes(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("address must be 4 or 16 bytes, got " + bytes.length, e);
        }
    }

    /** @return the embedded IPv4 bytes when {@code bytes} is {@code ::ffff:a.b.c.d}, else {@code bytes} */
    static byte[] unmapIpv4(byte[] bytes) {
        if (bytes.length != IPV6_BYTES) {
            return bytes;
        }
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return bytes;
            }
        }
        if (bytes[10] != (byte) 0xff || bytes[11] != (byte) 0xff) {
            return bytes;
        }
        byte[] v4 = new byte[IPV4_BYTES];
        System.arraycopy(bytes, 12, v4, 0, IPV4_BYTES);
        return v4;
    }

    /** @return {@code ::ffff:a.b.c.d} for IPv4 bytes, else {@code bytes} */
    static byte[] mapToIpv6(byte[] bytes) {
        if (bytes.length != IPV4_BYTES) {
            return bytes;
        }
        byte[] v6 = new byte[IPV6_BYTES];
        v6[10] = (byte) 0xff;
        v6[11] = (byte) 0xff;
        System.arraycopy(bytes, 0, v6, 12, IPV4_BYTES);
        return v6;
    }
}
