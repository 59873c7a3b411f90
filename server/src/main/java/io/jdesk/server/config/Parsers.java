package io.jdesk.server.config;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The value grammars used by the catalogues. Each parser's exception message completes a
 * sentence starting with the setting's name ("PORT must be ..."); the caller appends the value.
 */
public final class Parsers {

    /** Rust's {@code i32}/{@code usize} {@code from_str}: optional sign, decimal digits, nothing else. */
    private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]{1,10}");
    /** Rust's {@code f64::from_str} for finite values (no {@code inf}/{@code NaN}, no Java suffixes like {@code 5d}). */
    private static final Pattern DECIMAL = Pattern.compile("[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?");
    /** A DNS name or IPv4 literal in a server list. */
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_.])?");

    private Parsers() {
    }

    /**
     * @param because why the range is what it is, or null
     * @return a parser for a decimal integer in {@code min..max}
     */
    public static ValueParser<Integer> integer(int min, int max, String because) {
        String rule = "must be an integer " + min + ".." + max + (because == null ? "" : " because " + because);
        return text -> {
            if (!INTEGER.matcher(text).matches()) {
                throw new IllegalArgumentException(rule);
            }
            long value = Long.parseLong(text);
            if (value < min || value > max) {
                throw new IllegalArgumentException(rule);
            }
            return (int) value;
        };
    }

    /** @return the text unchanged */
    public static ValueParser<String> text() {
        return text -> text;
    }

    /** @return the text, which must not be empty */
    public static ValueParser<String> nonEmptyText(String hint) {
        return text -> {
            if (text.isEmpty()) {
                throw new IllegalArgumentException("must not be empty (" + hint + ")");
            }
            return text;
        };
    }

    /** @return an IP literal (trimmed, as OSS's {@code parse_bind_address} trims); blank means none */
    public static ValueParser<Optional<InetAddress>> ipAddressOrBlank() {
        return text -> {
            String trimmed = text.strip();
            if (trimmed.isEmpty()) {
                return Optional.empty();
            }
            try {
                return Optional.of(IpLiteral.toInetAddress(trimmed));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("must be an IPv4 or IPv6 address (no DNS name, no brackets): the value "
                        + e.getMessage(), e);
            }
        };
    }

    /** @return an IPv4 network ({@code a.b.c.d/n}, bare address = /32) */
    public static ValueParser<Optional<Cidr>> ipv4Cidr() {
        return text -> {
            Cidr cidr;
            try {
                cidr = Cidr.parse(text.strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("must be an IPv4 network such as 192.168.0.0/16: the value "
                        + e.getMessage(), e);
            }
            if (!cidr.isIpv4()) {
                throw new IllegalArgumentException("must be an IPv4 network such as 192.168.0.0/16, not IPv6");
            }
            return Optional.of(cidr);
        };
    }

    /** @return comma-separated IP addresses or CIDRs; blanks around entries and empty entries are dropped */
    public static ValueParser<List<Cidr>> cidrList() {
        return list("must list IP addresses or CIDRs separated by commas", Cidr::parse);
    }

    /**
     * @return comma-separated {@code host}, {@code host:port} or {@code [ipv6]:port} entries, as
     *     text; checked for syntax only (OSS resolves them by DNS at start and drops failures;
     *     jdesk leaves resolution to the relay selector)
     */
    public static ValueParser<List<String>> serverList() {
        return list("must list host, host:port or [IPv6]:port entries separated by commas", Parsers::server);
    }

    /** @return {@code Y} (true) or {@code N} (false), any case; OSS treats everything but {@code Y} as N */
    public static ValueParser<Boolean> yesNo() {
        return text -> {
            if (text.equalsIgnoreCase("Y")) {
                return true;
            }
            if (text.equalsIgnoreCase("N")) {
                return false;
            }
            throw new IllegalArgumentException("must be Y or N");
        };
    }

    /** @return a finite decimal number greater than 0 (Rust {@code f64} syntax) */
    public static ValueParser<Double> positiveNumber() {
        return text -> {
            double value = DECIMAL.matcher(text).matches() ? Double.parseDouble(text) : Double.NaN;
            if (!(value > 0) || Double.isInfinite(value)) {
                throw new IllegalArgumentException("must be a number greater than 0");
            }
            return value;
        };
    }

    /** @return a rate in OSS Mb/s (1024 x 1024 bits per second), greater than 0 */
    public static ValueParser<Bandwidth> bandwidth() {
        ValueParser<Double> number = positiveNumber();
        return text -> {
            try {
                return new Bandwidth(number.parse(text));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("must be a number of Mb/s greater than 0 (1 Mb/s = 1024*1024 bit/s)", e);
            }
        };
    }

    /** @return a whole number of seconds greater than 0 */
    public static ValueParser<Duration> positiveSeconds() {
        ValueParser<Integer> seconds = integer(1, Integer.MAX_VALUE, null);
        return text -> {
            try {
                return Duration.ofSeconds(seconds.parse(text));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("must be a whole number of seconds greater than 0", e);
            }
        };
    }

    private static <E> ValueParser<List<E>> list(String rule, Function<String, E> element) {
        return text -> {
            List<E> out = new ArrayList<>();
            List<String> bad = new ArrayList<>();
            for (String part : text.split(",", -1)) {
                String entry = part.strip();
                if (entry.isEmpty()) {
                    continue;
                }
                try {
                    out.add(element.apply(entry));
                } catch (IllegalArgumentException e) {
                    bad.add("\"" + entry + "\" " + e.getMessage());
                }
            }
            if (!bad.isEmpty()) {
                throw new IllegalArgumentException(rule + "; bad: " + String.join(", ", bad));
            }
            return List.copyOf(out);
        };
    }

    private static String server(String entry) {
        if (entry.startsWith("[")) {
            IpLiteral.socketAddress(entry);
            return entry;
        }
        int colon = entry.indexOf(':');
        if (colon >= 0 && entry.indexOf(':', colon + 1) >= 0) {
            throw new IllegalArgumentException("is an IPv6 address without [brackets]:port");
        }
        String host = colon < 0 ? entry : entry.substring(0, colon);
        if (!HOST.matcher(host).matches()) {
            throw new IllegalArgumentException("is not a host name or IP address");
        }
        if (colon >= 0) {
            IpLiteral.port(entry.substring(colon + 1));
        }
        return entry;
    }
}
