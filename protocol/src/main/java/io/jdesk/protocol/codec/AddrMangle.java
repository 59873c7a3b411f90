package io.jdesk.protocol.codec;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.Arrays;

/**
 * The socket address encoding of every {@code socket_addr}, {@code local_addr} and
 * {@code socket_addr_v6} field (servers.md §6, peer.md §1.3).
 *
 * <p>IPv4 addresses are scrambled with a timestamp, because some routers rewrite any 4-byte
 * value that looks like their public address inside packets. This is obfuscation, not
 * security: the timestamp travels along and decoding needs no clock.
 *
 * <pre>
 * IPv4 a.b.c.d:port, tm = unix time in microseconds mod 2^32, ip = a + b*2^8 + c*2^16 + d*2^24
 *
 *   v (unsigned 128-bit) = ((ip + tm) &lt;&lt; 49) | (tm &lt;&lt; 17) | (port + (tm &amp; 0xFFFF))
 *
 *    bit 81 (at most)       49 48                17 16                 0
 *   +------------------------+--------------------+--------------------+
 *   |   ip + tm  (33 bits)   |     tm (32 bits)   | port + tm&amp;0xFFFF   |
 *   +------------------------+--------------------+--------------------+
 *
 *   wire = v as 16 little-endian bytes, trailing zero bytes removed (10 or 11 bytes in practice)
 *
 * IPv6 [addr]:port
 *   +----------------------------------+-----------------+
 *   | 16 address bytes, network order  | port, 2 bytes LE|   = 18 bytes
 *   +----------------------------------+-----------------+
 * </pre>
 *
 * <p>Before encoding, IPv4-mapped ({@code ::ffff:a.b.c.d}) and IPv4-compatible
 * ({@code ::a.b.c.d}) addresses become plain IPv4, except the loopback {@code ::1}, which
 * stays IPv6 (so {@code [::]} becomes {@code 0.0.0.0}). The IPv6 scope id has no place on the
 * wire and is dropped. No method here ever resolves a host name.
 */
public final class AddrMangle {

    /** Bytes of an IPv4 address. */
    private static final int IPV4_LENGTH = 4;

    /** Bytes of an IPv6 address. */
    private static final int IPV6_LENGTH = 16;

    /** Encoded IPv6 form: 16 address bytes + 2 port bytes (servers.md §6.1 step 3). */
    private static final int IPV6_ENCODED_LENGTH = IPV6_LENGTH + 2;

    /** Longest input decoded as IPv4: the u128 is zero-padded to 16 bytes (servers.md §6.2). */
    private static final int IPV4_MAX_ENCODED_LENGTH = 16;

    /** Position of {@code ip + tm} in the 128-bit value (servers.md §6.1 step 2). */
    private static final int IP_SHIFT = 49;

    /** Position of {@code tm} in the 128-bit value (servers.md §6.1 step 2). */
    private static final int TIME_SHIFT = 17;

    /** The timestamp is truncated to its low 32 bits (servers.md §6.1 step 2). */
    private static final long U32_MASK = 0xFFFFFFFFL;

    /** The port part uses only the low 16 bits of the timestamp (servers.md §6.1 step 2). */
    private static final int U16_MASK = 0xFFFF;

    /** Decode reads the port part from the low 24 bits (servers.md §6.2). */
    private static final long PORT_FIELD_MASK = 0xFFFFFFL;

    /** Leading zero bytes of IPv4-mapped and IPv4-compatible IPv6 addresses (RFC 4291 §2.5.5). */
    private static final int EMBEDDED_V4_ZERO_PREFIX = 10;

    /** Where the IPv4 address sits inside such an IPv6 address (RFC 4291 §2.5.5). */
    private static final int EMBEDDED_V4_OFFSET = 12;

    /** Bytes 10-11 of an IPv4-mapped IPv6 address, {@code ::ffff:a.b.c.d} (RFC 4291 §2.5.5.2). */
    private static final int MAPPED_MARKER = 0xFFFF;

    /** Microseconds per second, for {@link #encode(InetSocketAddress)}. */
    private static final long MICROS_PER_SECOND = 1_000_000L;

    /** Nanoseconds per microsecond, for {@link #encode(InetSocketAddress)}. */
    private static final long NANOS_PER_MICRO = 1_000L;

    private AddrMangle() {
    }

    /**
     * Encodes with the current wall-clock time as the scrambling timestamp. Any time works;
     * the value only scrambles, and the decoder reads it back from the bytes.
     *
     * @throws IllegalArgumentException when the address is unresolved
     */
    public static byte[] encode(InetSocketAddress addr) {
        Instant now = Instant.now();
        long micros = now.getEpochSecond() * MICROS_PER_SECOND + now.getNano() / NANOS_PER_MICRO;
        return encode(addr, micros);
    }

    /**
     * Encodes with a given timestamp (deterministic; only its low 32 bits are used).
     *
     * @param unixMicros Unix time in microseconds
     * @throws IllegalArgumentException when the address is unresolved
     */
    public static byte[] encode(InetSocketAddress addr, long unixMicros) {
        InetAddress address = addr.getAddress();
        if (address == null) {
            throw new IllegalArgumentException("unresolved address " + addr
                    + "; AddrMangle never resolves host names");
        }
        byte[] ip = normalise(address.getAddress());
        if (ip.length == IPV6_LENGTH) {
            return encodeV6(ip, addr.getPort());
        }
        return encodeV4(ip, addr.getPort(), unixMicros & U32_MASK);
    }

    /**
     * Decodes a field. Never throws and never resolves anything:
     * <ul>
     *   <li>0 to 16 bytes: the scrambled IPv4 form; an empty field gives {@code 0.0.0.0:0}
     *       ("absent");</li>
     *   <li>18 bytes: IPv6 address and little-endian port (an IPv4-mapped address comes back
     *       as the {@link Inet4Address}, as {@link InetAddress#getByAddress(byte[])} does);</li>
     *   <li>any other length above 16: invalid, gives {@code [::]:0} as the official decoder
     *       does.</li>
     * </ul>
     */
    public static InetSocketAddress decode(byte[] b) {
        if (b.length > IPV4_MAX_ENCODED_LENGTH) {
            if (b.length != IPV6_ENCODED_LENGTH) {
                return new InetSocketAddress(address(new byte[IPV6_LENGTH]), 0);
            }
            int port = (b[IPV6_LENGTH] & 0xFF) | (b[IPV6_LENGTH + 1] & 0xFF) << Byte.SIZE;
            return new InetSocketAddress(address(Arrays.copyOf(b, IPV6_LENGTH)), port);
        }
        return decodeV4(Arrays.copyOf(b, IPV4_MAX_ENCODED_LENGTH));
    }

    /**
     * IPv4-mapped and IPv4-compatible IPv6 addresses, except {@code ::1}, as their 4 IPv4
     * bytes (servers.md §6.1 step 1); every other address unchanged.
     */
    private static byte[] normalise(byte[] ip) {
        if (ip.length != IPV6_LENGTH) {
            return ip;
        }
        for (int i = 0; i < EMBEDDED_V4_ZERO_PREFIX; i++) {
            if (ip[i] != 0) {
                return ip;
            }
        }
        int marker = ((ip[EMBEDDED_V4_ZERO_PREFIX] & 0xFF) << Byte.SIZE)
                | (ip[EMBEDDED_V4_ZERO_PREFIX + 1] & 0xFF);
        boolean mapped = marker == MAPPED_MARKER;
        boolean compatible = marker == 0;
        if (mapped || (compatible && !isLoopbackV6(ip))) {
            return Arrays.copyOfRange(ip, EMBEDDED_V4_OFFSET, IPV6_LENGTH);
        }
        return ip;
    }

    /** {@code ::1}: fifteen zero bytes and a one. */
    private static boolean isLoopbackV6(byte[] ip) {
        for (int i = 0; i < IPV6_LENGTH - 1; i++) {
            if (ip[i] != 0) {
                return false;
            }
        }
        return ip[IPV6_LENGTH - 1] == 1;
    }

    private static byte[] encodeV6(byte[] ip, int port) {
        byte[] out = Arrays.copyOf(ip, IPV6_ENCODED_LENGTH);
        out[IPV6_LENGTH] = (byte) port;
        out[IPV6_LENGTH + 1] = (byte) (port >>> Byte.SIZE);
        return out;
    }

    /**
     * The 128-bit value as two longs: {@code low} holds bits 0-63, {@code high} bits 64-127.
     * {@code ip + tm} is below 2^33, so its part ends below bit 82.
     */
    private static byte[] encodeV4(byte[] octets, int port, long tm) {
        long ip = readLongLE(octets, 0, IPV4_LENGTH);
        long sum = ip + tm;
        long low = (sum << IP_SHIFT) | (tm << TIME_SHIFT) | (port + (tm & U16_MASK));
        long high = sum >>> (Long.SIZE - IP_SHIFT);
        byte[] v = new byte[IPV4_MAX_ENCODED_LENGTH];
        writeLongLE(v, 0, low);
        writeLongLE(v, Long.BYTES, high);
        int length = v.length;
        while (length > 0 && v[length - 1] == 0) {
            length--;
        }
        return Arrays.copyOf(v, length);
    }

    private static InetSocketAddress decodeV4(byte[] padded) {
        long low = readLongLE(padded, 0, Long.BYTES);
        long high = readLongLE(padded, Long.BYTES, Long.BYTES);
        long tm = (low >>> TIME_SHIFT) & U32_MASK;
        long top = (low >>> IP_SHIFT) | (high << (Long.SIZE - IP_SHIFT));
        long ip = (top - tm) & U32_MASK;
        int port = (int) (((low & PORT_FIELD_MASK) - (tm & U16_MASK)) & U16_MASK);
        byte[] octets = new byte[IPV4_LENGTH];
        for (int i = 0; i < octets.length; i++) {
            octets[i] = (byte) (ip >>> (Byte.SIZE * i));
        }
        return new InetSocketAddress(address(octets), port);
    }

    private static long readLongLE(byte[] b, int offset, int count) {
        long value = 0;
        for (int i = 0; i < count; i++) {
            value |= (b[offset + i] & 0xFFL) << (Byte.SIZE * i);
        }
        return value;
    }

    private static void writeLongLE(byte[] b, int offset, long value) {
        for (int i = 0; i < Long.BYTES; i++) {
            b[offset + i] = (byte) (value >>> (Byte.SIZE * i));
        }
    }

    /** An address from raw bytes; {@link InetAddress#getByAddress(byte[])} does no lookup. */
    private static InetAddress address(byte[] raw) {
        try {
            return InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 or 16 bytes are always a valid address", e);
        }
    }
}
