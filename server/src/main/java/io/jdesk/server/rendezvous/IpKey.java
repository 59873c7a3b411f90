package io.jdesk.server.rendezvous;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * A normalised IP address as two longs: the 128-bit IPv6 form, with every IPv4 address held as
 * IPv4-mapped {@code ::ffff:a.b.c.d}. Used as the key of the per-IP tables and to compare
 * addresses without strings.
 *
 * <p>Normalisation is OSS's {@code try_into_v4} (servers.md §4): an IPv4-mapped or
 * IPv4-compatible IPv6 address other than the loopback {@code ::1} is the IPv4 address. So
 * {@code ::ffff:1.2.3.4}, {@code ::1.2.3.4} and {@code 1.2.3.4} are one key, and a stored
 * {@code info.ip} text written by OSS for a dual-stack IPv4 client matches that client.
 *
 * @param hi the upper 64 bits of the 128-bit form (network order)
 * @param lo the lower 64 bits
 */
record IpKey(long hi, long lo) {

    /** Bits 32-63 of {@link #lo} of an IPv4 address in the canonical (mapped) form. */
    private static final long V4_MARKER = 0xFFFFL;

    private static final int V4_BYTES = 4;
    private static final int V6_BYTES = 16;

    /** First byte of the IPv4 loopback network 127.0.0.0/8 (RFC 1122 §3.2.1.3). */
    private static final int V4_LOOPBACK_NET = 127;

    /** @return the normalised key of {@code address}; never resolves a host name */
    static IpKey of(InetAddress address) {
        return of(address.getAddress());
    }

    /**
     * Parses an IP literal such as an {@code info.ip} column value, without name resolution.
     *
     * @return the normalised key, or {@code null} if {@code text} is not an IP literal
     */
    static IpKey parse(String text) {
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(text);
        return bytes == null ? null : of(bytes);
    }

    private static IpKey of(byte[] b) {
        if (b.length == V4_BYTES) {
            return v4(b, 0);
        }
        if (b.length != V6_BYTES) {
            throw new IllegalArgumentException("IP address of " + b.length + " bytes");
        }
        long hi = readLong(b, 0);
        long lo = readLong(b, 8);
        long marker = lo >>> 32;
        boolean embedsV4 = hi == 0 && (marker == V4_MARKER || marker == 0) && lo != 1;
        return embedsV4 ? v4(b, 12) : new IpKey(hi, lo);
    }

    private static IpKey v4(byte[] b, int offset) {
        long v4 = 0;
        for (int i = offset; i < offset + V4_BYTES; i++) {
            v4 = v4 << 8 | (b[i] & 0xFF);
        }
        return new IpKey(0, V4_MARKER << 32 | v4);
    }

    /** Reads 8 bytes big-endian. */
    private static long readLong(byte[] b, int offset) {
        long v = 0;
        for (int i = offset; i < offset + 8; i++) {
            v = v << 8 | (b[i] & 0xFF);
        }
        return v;
    }

    /** @return whether this is an IPv4 address */
    boolean isV4() {
        return hi == 0 && lo >>> 32 == V4_MARKER;
    }

    /** @return whether this is 127.0.0.0/8 or {@code ::1} */
    boolean isLoopback() {
        return isV4() ? (lo >>> 24 & 0xFF) == V4_LOOPBACK_NET : hi == 0 && lo == 1;
    }

    /** @return the address bytes: 4 for IPv4, 16 otherwise */
    byte[] toBytes() {
        int n = isV4() ? V4_BYTES : V6_BYTES;
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            int bitFromEnd = (n - 1 - i) * 8;
            b[i] = (byte) (bitFromEnd >= 64 ? hi >>> (bitFromEnd - 64) : lo >>> bitFromEnd);
        }
        return b;
    }

    /** @return the {@link InetAddress} (no name resolution) */
    InetAddress toInetAddress() {
        try {
            return InetAddress.getByAddress(toBytes());
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 or 16 bytes are always accepted", e);
        }
    }

    /** @return dotted quad for IPv4, RFC 5952 text for IPv6 (Rust's {@code Display} form) */
    @Override
    public String toString() {
        return NetUtil.toAddressString(toInetAddress());
    }

    /** @return {@code ip:port}, or {@code [ip]:port} for IPv6, as Rust prints a socket address */
    String withPort(int port) {
        return isV4() ? this + ":" + port : "[" + this + "]:" + port;
    }
}
