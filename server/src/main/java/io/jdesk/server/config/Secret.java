package io.jdesk.server.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A secret setting value (the admin token). {@link #toString()} is redacted, so records that
 * hold one can be logged; compare with {@link #matches}, which takes constant time.
 */
public final class Secret {

    private final String value;

    /** @param value the secret text */
    public Secret(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    /** @return the secret text; never log it */
    public String reveal() {
        return value;
    }

    /** @return whether {@code candidate} equals the secret, in time independent of where they differ */
    public boolean matches(String candidate) {
        return candidate != null && MessageDigest.isEqual(
                value.getBytes(StandardCharsets.UTF_8), candidate.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && matches(s.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return "<redacted>";
    }
}
