package io.jdesk.server.config;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.Objects;

/**
 * An IPv4 or IPv6 network, {@code address/prefixLength}, parsed without DNS.
 *
 * <p>Accepted text (a superset of what OSS's {@code --mask} accepts through the Rust
 * {@code ipnetwork} 0.20 crate): {@code 10.0.0.0/8}, a bare address meaning /32 or /128,
 * an IPv4 dotted netmask ({@code 192.168.0.0/255.255.0.0}, contiguous), IPv6 such as
 * {@code 2001:db8::/32}. Host bits are allowed and cleared ({@code 192.168.1.7/24} is
 * {@code 192.168.1.0/24}), as {@code ipnetwork}'s {@code contains} ignores them too.
 *
 * <p>IPv4-mapped IPv6 ({@code ::ffff:a.b.c.d}) is the same host as {@code a.b.c.d}: a
 * dual-stack listener reports IPv4 clients that way (servers.md §1.1). So a network written
 * as {@code ::ffff:10.0.0.0/104} is stored as {@code 10.0.0.0/8}, and {@link #contains}
 * treats an address and its mapped form alike in both directions ({@code ::/0} contains
 * every IPv4 address). IPv4-compatible {@code ::a.b.c.d} is not unmapped (Rust's
 * {@code to_ipv4}, used by OSS's LAN check, also unmaps those; no current stack produces them).
 *
 * @param network the network address, host bits zero; {@link Inet4Address} for IPv4 networks
 * @param prefixLength 0..32 for IPv4, 0..128 for IPv6
 */
public record Cidr(InetAddress network, int prefixLength) {

    public Cidr {
        Objects.requireNonNull(network, "network");
        int bits = network.getAddress().length * Byte.SIZE;
        if (prefixLength < 0 || prefixLength > bits) {
            throw new IllegalArgumentException("prefix length must be 0.." + bits + ", got " + prefixLength);
        }
        if (!Arrays.equals(network.getAddress(), masked(network.getAddress(), prefixLength))) {
            throw new IllegalArgumentException("network " + network.getHostAddress() + " has host bits set for /" + prefixLength);
        }
    }

    /**
     * Parses {@code address[/prefix]}.
     *
     * @throws IllegalArgumentException saying what is wrong (the caller adds the setting name)
     */
    public static Cidr parse(String text) {
        int slash = text.indexOf('/');
        String addressText = slash < 0 ? text : text.substring(0, slash);
        byte[] address = IpLiteral.parse(addressText);
        int bits = address.length * Byte.SIZE;
        int prefix = slash < 0 ? bits : prefix(text.substring(slash + 1), address.length);
        byte[] network = masked(address, prefix);
        byte[] unmapped = IpLiteral.unmapIpv4(network);
        if (unmapped.length != network.length) { // it was ::ffff:a.b.c.d/96+
            prefix -= (IpLiteral.IPV6_BYTES - IpLiteral.IPV4_BYTES) * Byte.SIZE;
        }
        return new Cidr(IpLiteral.fromBytes(unmapped), prefix);
    }

    /** @return whether this is an IPv4 network */
    public boolean isIpv4() {
        return network instanceof Inet4Address;
    }

    /**
     * @return whether {@code address} lies in this network; IPv4 and IPv4-mapped IPv6 forms of
     *     one host give the same answer
     */
    public boolean contains(InetAddress address) {
        byte[] candidate = address.getAddress();
        candidate = isIpv4() ? IpLiteral.unmapIpv4(candidate) : IpLiteral.mapToIpv6(candidate);
        byte[] net = network.getAddress();
        return candidate.length == net.length && Arrays.equals(masked(candidate, prefixLength), net);
    }

    /** @return {@code network/prefixLength}, e.g. {@code 10.0.0.0/8} or {@code 2001:db8:0:0:0:0:0:0/32} */
    @Override
    public String toString() {
        return network.getHostAddress() + "/" + prefixLength;
    }

    private static int prefix(String text, int addressBytes) {
        int bits = addressBytes * Byte.SIZE;
        if (!text.isEmpty() && text.length() <= 3 && text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            int prefix = Integer.parseInt(text);
            if (prefix <= bits) {
                return prefix;
            }
        } else if (addressBytes == IpLiteral.IPV4_BYTES && text.indexOf('.') >= 0) {
            return netmaskPrefix(text);
        }
        throw new IllegalArgumentException("has a bad prefix length \"" + text + "\" (must be 0.." + bits + ")");
    }

    /** {@code 255.255.240.0} is /20; a non-contiguous mask is refused (as {@code ipnetwork} does). */
    private static int netmaskPrefix(String text) {
        byte[] mask = IpLiteral.parse(text);
        int value = ((mask[0] & 0xff) << 24) | ((mask[1] & 0xff) << 16) | ((mask[2] & 0xff) << 8) | (mask[3] & 0xff);
        int prefix = Integer.bitCount(value);
        if (value != (prefix == 0 ? 0 : -1 << (Integer.SIZE - prefix))) {
            throw new IllegalArgumentException("has a non-contiguous netmask \"" + text + "\"");
        }
        return prefix;
    }

    private static byte[] masked(byte[] address, int prefix) {
        byte[] out = address.clone();
        for (int i = 0; i < out.length; i++) {
            int keep = Math.max(0, Math.min(Byte.SIZE, prefix - i * Byte.SIZE));
            out[i] &= (byte) (0xff << (Byte.SIZE - keep));
        }
        return out;
    }
}
