package io.jdesk.server.rendezvous;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Shared fixtures of the registry tests. */
final class TestPeers {

    static final String ID = "123456789";
    static final byte[] UUID_A = "3f2504e0-4f89-11d3-9a0c-0305e82c3301".getBytes(StandardCharsets.US_ASCII);
    static final byte[] UUID_B = "6ba7b810-9dad-11d1-80b4-00c04fd430c8".getBytes(StandardCharsets.US_ASCII);
    static final byte[] PK_A = filled(32, 0x11);
    static final byte[] PK_B = filled(32, 0x22);

    private TestPeers() {
    }

    static byte[] filled(int n, int value) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) value);
        return b;
    }

    /** @param literal an IP literal (never resolved) */
    static InetSocketAddress addr(String literal, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByName(literal), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }

    /** An IPv4-mapped IPv6 source as a dual-stack socket could report it (kept as Inet6Address). */
    static InetSocketAddress compatibleV6(int a, int b, int c, int d, int port) {
        byte[] bytes = new byte[16];
        bytes[12] = (byte) a;
        bytes[13] = (byte) b;
        bytes[14] = (byte) c;
        bytes[15] = (byte) d;
        try {
            return new InetSocketAddress(InetAddress.getByAddress(bytes), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
