package io.jdesk.server.config;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * hbbs's UDP self-test ({@code TEST_HBBS}, servers.md §10.1): after start the server sends a
 * datagram to itself and exits with status 1 when no reply comes within 12 s.
 *
 * @param mode what to test
 * @param address the target for {@link Mode#ADDRESS}, empty otherwise
 */
public record TestHbbsTarget(Mode mode, Optional<InetSocketAddress> address) {

    /** The three OSS forms of the value. */
    public enum Mode {
        /** Empty value (default): the server's own UDP listen address (unspecified → loopback). */
        AUTO,
        /** {@code no} in any case: no self-test. */
        DISABLED,
        /** An {@code ip:port} or {@code [ipv6]:port} literal. */
        ADDRESS
    }

    /** The default: test the own listener. */
    public static final TestHbbsTarget AUTO = new TestHbbsTarget(Mode.AUTO, Optional.empty());

    public TestHbbsTarget {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(address, "address");
        if (address.isPresent() != (mode == Mode.ADDRESS)) {
            throw new IllegalArgumentException("an address goes with mode ADDRESS only");
        }
    }

    /**
     * @return the target for {@code text}
     * @throws IllegalArgumentException when it is neither empty, {@code no} nor a socket address literal
     */
    public static TestHbbsTarget parse(String text) {
        if (text.isEmpty()) {
            return AUTO;
        }
        if (text.equalsIgnoreCase("no")) {
            return new TestHbbsTarget(Mode.DISABLED, Optional.empty());
        }
        try {
            return new TestHbbsTarget(Mode.ADDRESS, Optional.of(IpLiteral.socketAddress(text)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("must be empty (own listener), \"no\", or IP:PORT / [IPv6]:PORT: the value "
                    + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return switch (mode) {
            case AUTO -> "auto";
            case DISABLED -> "no";
            case ADDRESS -> IpLiteral.format(address.orElseThrow());
        };
    }
}
