package io.jdesk.protocol.net;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;

/**
 * Strict IP address literal parser with the grammar of Rust's {@code std::net::IpAddr}
 * {@code FromStr}, which rustdesk-server uses for its {@code --bind} option.
 *
 * <p>It never resolves names: {@link InetAddress#getByName} would accept host names (and do a
 * DNS lookup) as well as shorthand forms such as {@code "1.2"}; here only the bytes of a
 * verified literal reach {@link InetAddress#getByAddress}.
 *
 * <p>Grammar (what Rust accepts):
 * <ul>
 *   <li>IPv4: exactly four decimal octets separated by {@code '.'}, each 0..255 written with
 *       1..3 ASCII digits and no leading zero ({@code "01.2.3.4"} is refused).</li>
 *   <li>IPv6: hex groups of 1..4 digits (either case) separated by {@code ':'}; eight of them,
 *       or fewer with exactly one {@code "::"} standing for at least one zero group. The last
 *       32 bits may be written as an IPv4 literal (counts as two groups). No brackets, no
 *       zone index ({@code "%eth0"}), no port.</li>
 * </ul>
 */
public final class IpLiteral {

    private static final int IPV4_BYTES = 4;
    private static final int IPV6_GROUPS = 8;
    private static final int MAX_OCTET = 255;
    private static final int MAX_HEX_DIGITS = 4;

    private IpLiteral() {
    }

    /** The address for a literal, or empty if {@code text} is not exactly an IP literal. */
    public static Optional<InetAddress> parse(String text) {
        byte[] v4 = parseIpv4(text);
        if (v4 != null) {
            return Optional.of(fromBytes(v4));
        }
        byte[] v6 = parseIpv6(text);
        if (v6 != null) {
            return Optional.of(fromBytes(v6));
        }
        return Optional.empty();
    }

    private static InetAddress fromBytes(byte[] bytes) {
        try {
            // Inet6Address.getByAddress keeps IPv4-mapped addresses (::ffff:a.b.c.d) as IPv6,
            // as Rust does; InetAddress.getByAddress would turn them into Inet4Address.
            return bytes.length == IPV4_BYTES
                    ? InetAddress.getByAddress(bytes)
                    : Inet6Address.getByAddress(null, bytes, -1);
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException("address of valid length refused", impossible);
        }
    }

    /** Four bytes, or null. */
    public static byte[] parseIpv4(String text) {
        byte[] out = new byte[IPV4_BYTES];
        int start = 0;
        for (int i = 0; i < IPV4_BYTES; i++) {
            int dot = text.indexOf('.', start);
            boolean last = i == IPV4_BYTES - 1;
            if (last != (dot < 0)) {
                return null;
            }
            int octet = octet(text, start, last ? text.length() : dot);
            if (octet < 0) {
                return null;
            }
            out[i] = (byte) octet;
            start = dot + 1;
        }
        return out;
    }

    /** The value of a 1..3 digit decimal octet without leading zero, or -1. */
    private static int octet(String text, int from, int to) {
        int length = to - from;
        if (length < 1 || length > 3 || (length > 1 && text.charAt(from) == '0')) {
            return -1;
        }
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (!RustText.isAsciiDigit(c)) {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value <= MAX_OCTET ? value : -1;
    }

    /** Sixteen bytes, or null. */
    public static byte[] parseIpv6(String text) {
        int gap = text.indexOf("::");
        int[] head;
        int[] tail;
        if (gap < 0) {
            head = groups(text, true);
            tail = new int[0];
            if (head == null || head.length != IPV6_GROUPS) {
                return null;
            }
        } else {
            if (text.indexOf("::", gap + 1) >= 0) {
                return null; // a second "::", or ":::"
            }
            head = groups(text.substring(0, gap), false);
            tail = groups(text.substring(gap + 2), true);
            // "::" must stand for at least one group.
            if (head == null || tail == null || head.length + tail.length > IPV6_GROUPS - 1) {
                return null;
            }
        }
        byte[] out = new byte[16];
        for (int i = 0; i < head.length; i++) {
            putGroup(out, i, head[i]);
        }
        for (int i = 0; i < tail.length; i++) {
            putGroup(out, IPV6_GROUPS - tail.length + i, tail[i]);
        }
        return out;
    }

    private static void putGroup(byte[] out, int index, int group) {
        out[2 * index] = (byte) (group >>> 8);
        out[2 * index + 1] = (byte) group;
    }

    /**
     * The 16-bit groups of a {@code ':'}-separated run ({@code ""} gives none), or null.
     * An IPv4 literal is allowed as the final element only when {@code endsAddress}.
     */
    private static int[] groups(String part, boolean endsAddress) {
        if (part.isEmpty()) {
            return new int[0];
        }
        int[] out = new int[IPV6_GROUPS + 1];
        int count = 0;
        int start = 0;
        while (true) {
            int colon = part.indexOf(':', start);
            int end = colon < 0 ? part.length() : colon;
            if (colon < 0 && endsAddress && part.indexOf('.', start) >= 0) {
                byte[] v4 = parseIpv4(part.substring(start));
                if (v4 == null || count + 2 > IPV6_GROUPS) {
                    return null;
                }
                out[count++] = ((v4[0] & 0xFF) << 8) | (v4[1] & 0xFF);
                out[count++] = ((v4[2] & 0xFF) << 8) | (v4[3] & 0xFF);
                break;
            }
            int group = hexGroup(part, start, end);
            if (group < 0 || count == IPV6_GROUPS) {
                return null;
            }
            out[count++] = group;
            if (colon < 0) {
                break;
            }
            start = colon + 1;
        }
        return Arrays.copyOf(out, count);
    }

    /** The value of 1..4 ASCII hex digits, or -1. */
    private static int hexGroup(String text, int from, int to) {
        int length = to - from;
        if (length < 1 || length > MAX_HEX_DIGITS) {
            return -1;
        }
        int value = 0;
        for (int i = from; i < to; i++) {
            int digit = hexValue(text.charAt(i));
            if (digit < 0) {
                return -1;
            }
            value = (value << 4) | digit;
        }
        return value;
    }

    static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
