package io.jdesk.protocol.net;

import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.IntPredicate;

/**
 * Server address strings as RustDesk clients classify and complete them ({@code "host"},
 * {@code "host:port"}, {@code "1.2.3.4:21116"}, {@code "[1:2::3]:21116"}), plus the strict
 * bind-address parser of our servers.
 *
 * <p>The classifiers reproduce hbb_common {@code src/lib.rs} ({@code is_ipv4_str},
 * {@code is_ipv6_str}, {@code is_ip_str}, {@code is_domain_port_str}); the port helpers
 * reproduce hbb_common {@code src/socket_client.rs} ({@code check_port},
 * {@code increase_port}, {@code split_host_port}). Spec: peer.md §1.1, servers.md §1.3,
 * vectors.md V4, V5, V7. They are deliberately as loose or as strict as upstream, because an
 * official client decides with them which port and which WebSocket URL it uses; see
 * {@code docs/compat-notes/net-helpers.md} for the oddities (for example {@code "::1"} is not an
 * IPv6 string to them, while {@code "1::2::3"} is).
 *
 * <p>Where upstream's patterns use {@code \d}, any Unicode decimal digit (category Nd) is
 * accepted, because the Rust {@code regex} crate is Unicode-aware by default; ports are still
 * parsed as ASCII numbers afterwards, so such strings are classified but never yield a port.
 */
public final class HostPort {

    /** Longest DNS label and longest top-level label upstream's domain pattern allows. */
    private static final int MAX_LABEL_LENGTH = 63;
    /** Upstream requires a top-level label of at least two letters (no TLD has fewer). */
    private static final int MIN_TLD_LENGTH = 2;
    /** A port in {@code host:port} for {@link #isDomainPort} has one to five digits. */
    private static final int MAX_DOMAIN_PORT_DIGITS = 5;
    private static final int IPV4_OCTETS = 4;
    private static final int MAX_OCTET = 255;
    private static final int MAX_HEX_GROUP_DIGITS = 4;
    /** U+212A KELVIN SIGN: folds to 'k' under the Rust regex crate's case-insensitive mode. */
    private static final int KELVIN_SIGN = 0x212A;
    /** U+017F LATIN SMALL LETTER LONG S: folds to 's' likewise. */
    private static final int LONG_S = 0x017F;

    /** A {@code host:port} split as upstream's {@code split_host_port} returns it. */
    public record Parts(String host, int port) {
        public Parts {
            Objects.requireNonNull(host, "host");
        }
    }

    private HostPort() {
    }

    /**
     * hbb_common {@code is_ipv4_str}: four dotted decimal octets, optionally followed by
     * {@code ':'} and one or more digits. Octets are 1..3 ASCII digits worth at most 255;
     * leading zeros are allowed ({@code "001.2.3.4"}). The port is not range-checked.
     */
    public static boolean isIpv4(String s) {
        int colon = s.indexOf(':');
        if (colon >= 0 && !RustText.allUnicodeDigits(s.substring(colon + 1))) {
            return false;
        }
        return isLooseDottedQuad(colon < 0 ? s : s.substring(0, colon));
    }

    /**
     * hbb_common {@code is_ipv6_str}: either a bare colon-hex list, or a bracketed colon-hex
     * list followed by {@code ':'} and one or more digits. A colon-hex list is two or more
     * groups of 1..4 ASCII hex digits, each pair separated by {@code ":"} or {@code "::"}. The
     * list must start and end with a group, the group count is not limited and several
     * {@code "::"} are accepted: {@code "1::2::3"} is true, {@code "::1"} and {@code "[::1]:80"}
     * are false.
     */
    public static boolean isIpv6(String s) {
        if (!s.startsWith("[")) {
            return isColonHexList(s, 0, s.length());
        }
        int close = s.indexOf(']');
        return close > 0
                && isColonHexList(s, 1, close)
                && close + 1 < s.length() && s.charAt(close + 1) == ':'
                && RustText.allUnicodeDigits(s.substring(close + 2));
    }

    /** hbb_common {@code is_ip_str}: {@link #isIpv4} or {@link #isIpv6}. */
    public static boolean isIp(String s) {
        return isIpv4(s) || isIpv6(s);
    }

    /**
     * hbb_common {@code is_domain_port_str}: {@code label(.label)*.tld:port} where a label has
     * 1..63 letters, digits or hyphens and neither starts nor ends with a hyphen; the final
     * label has 2..63 letters or hyphens and starts and ends with a letter (so all-numeric
     * dotted strings are refused); the port is 1..5 digits, not range-checked
     * ({@code "test.com:98989"} is true). Letters match case-insensitively, which in upstream's
     * Unicode mode also admits U+212A (Kelvin sign) and U+017F (long s).
     */
    public static boolean isDomainPort(String s) {
        int colon = s.indexOf(':');
        if (colon < 0) {
            return false;
        }
        String port = s.substring(colon + 1);
        if (!RustText.allUnicodeDigits(port) || port.codePointCount(0, port.length()) > MAX_DOMAIN_PORT_DIGITS) {
            return false;
        }
        String host = s.substring(0, colon);
        int lastDot = host.lastIndexOf('.');
        if (lastDot < 0 || !isTopLevelLabel(host.substring(lastDot + 1))) {
            return false;
        }
        int start = 0;
        while (start <= lastDot) {
            int dot = host.indexOf('.', start);
            if (!isHostLabel(host.substring(start, dot))) {
                return false;
            }
            start = dot + 1;
        }
        return true;
    }

    /**
     * hbb_common {@code check_port}: give {@code host} a port if it has none. A bracketed IPv6
     * string is returned as is; a bare IPv6 string (per {@link #isIpv6}) becomes
     * {@code [host]:port}; a string without any {@code ':'} gets {@code :port} appended;
     * anything else is returned unchanged, even {@code "::1"} or {@code "host:"}.
     */
    public static String checkPort(String host, int port) {
        if (isIpv6(host)) {
            return host.startsWith("[") ? host : "[" + host + "]:" + port;
        }
        return host.indexOf(':') < 0 ? host + ":" + port : host;
    }

    /**
     * hbb_common {@code increase_port}: add {@code delta} to an explicit, positive port;
     * return {@code host} unchanged when {@link #splitHostPort} finds no such port (no port,
     * bare IPv6, several colons, port 0, negative, non-ASCII or beyond {@code int} range).
     * The sum wraps on {@code int} overflow like upstream's release build.
     */
    public static String increasePort(String host, int delta) {
        return splitHostPort(host)
                .map(parts -> parts.host() + ":" + (parts.port() + delta))
                .orElse(host);
    }

    /**
     * hbb_common {@code split_host_port}: {@code "[v6]:port"} → ({@code "[v6]"}, port);
     * {@code "host:port"} with exactly one colon → ({@code "host"}, port). The port must parse as
     * a Rust {@code i32} (ASCII digits, optional sign) and be positive; it is not checked
     * against 65535. Anything else, including a bare IPv6 string, gives empty.
     */
    public static Optional<Parts> splitHostPort(String s) {
        int separator; // index of the ':' in front of the port
        if (isIpv6(s)) {
            if (!s.startsWith("[")) {
                return Optional.empty();
            }
            // The bracketed form holds exactly one ']' and it is followed by ':'.
            separator = s.indexOf(']') + 1;
        } else {
            separator = s.indexOf(':');
            if (separator < 0 || s.indexOf(':', separator + 1) >= 0) {
                return Optional.empty();
            }
        }
        OptionalInt port = RustText.parseI32(s.substring(separator + 1));
        if (port.isEmpty() || port.getAsInt() <= 0) {
            return Optional.empty();
        }
        return Optional.of(new Parts(s.substring(0, separator), port.getAsInt()));
    }

    /**
     * The {@code --bind} / {@code BIND} value of our servers, with the rule of rustdesk-server
     * {@code src/common.rs parse_bind_address}: surrounding Unicode whitespace is trimmed; an
     * empty value means "all interfaces" (empty result); otherwise the value must be an IPv4 or
     * IPv6 literal as Rust's {@code IpAddr} parser accepts it (no brackets, no zone index, no
     * port, no leading zeros in IPv4 octets). Never resolves names.
     *
     * @throws IllegalArgumentException naming the value if it is not such a literal
     */
    public static Optional<InetAddress> parseBindAddress(String value) {
        String trimmed = RustText.trim(value);
        if (trimmed.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(IpLiteral.parse(trimmed).orElseThrow(() -> new IllegalArgumentException(
                "bind address must be an IPv4 or IPv6 literal such as 0.0.0.0 or :: (no host name,"
                        + " brackets or port); got '" + trimmed + "'")));
    }

    private static boolean isLooseDottedQuad(String s) {
        int start = 0;
        for (int i = 0; i < IPV4_OCTETS; i++) {
            boolean last = i == IPV4_OCTETS - 1;
            int dot = s.indexOf('.', start);
            if (last != (dot < 0)) {
                return false;
            }
            int end = last ? s.length() : dot;
            if (end - start < 1 || end - start > 3) {
                return false;
            }
            int value = 0;
            for (int j = start; j < end; j++) {
                char c = s.charAt(j);
                if (!RustText.isAsciiDigit(c)) {
                    return false;
                }
                value = value * 10 + (c - '0');
            }
            if (value > MAX_OCTET) {
                return false;
            }
            start = dot + 1;
        }
        return true;
    }

    /** Two or more 1..4-digit hex groups in {@code s[from, to)}, separated by ":" or "::". */
    private static boolean isColonHexList(String s, int from, int to) {
        int groups = 0;
        int i = from;
        while (true) {
            int groupStart = i;
            while (i < to && IpLiteral.hexValue(s.charAt(i)) >= 0) {
                i++;
            }
            if (i == groupStart || i - groupStart > MAX_HEX_GROUP_DIGITS) {
                return false;
            }
            groups++;
            if (i == to) {
                return groups >= 2;
            }
            int colonsStart = i;
            while (i < to && s.charAt(i) == ':') {
                i++;
            }
            int colons = i - colonsStart;
            if (colons == 0 || colons > 2) {
                return false;
            }
        }
    }

    private static boolean isHostLabel(String label) {
        IntPredicate alnum = cp -> isFoldedAsciiLetter(cp) || RustText.isAsciiDigit(cp);
        return isHyphenatedRun(label, alnum, 1);
    }

    private static boolean isTopLevelLabel(String label) {
        return isHyphenatedRun(label, HostPort::isFoldedAsciiLetter, MIN_TLD_LENGTH);
    }

    /** {@code minLength..63} code points of {@code allowed} or '-', not starting or ending with '-'. */
    private static boolean isHyphenatedRun(String s, IntPredicate allowed, int minLength) {
        int[] cps = s.codePoints().toArray();
        if (cps.length < minLength || cps.length > MAX_LABEL_LENGTH) {
            return false;
        }
        for (int i = 0; i < cps.length; i++) {
            boolean edge = i == 0 || i == cps.length - 1;
            if (!allowed.test(cps[i]) && (edge || cps[i] != '-')) {
                return false;
            }
        }
        return true;
    }

    /** {@code [a-z]} under Rust regex {@code (?i)}: ASCII letters, Kelvin sign, long s. */
    private static boolean isFoldedAsciiLetter(int cp) {
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || cp == KELVIN_SIGN || cp == LONG_S;
    }
}
