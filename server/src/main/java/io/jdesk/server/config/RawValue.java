package io.jdesk.server.config;

import java.util.Objects;

/**
 * A setting's text as one source holds it, before parsing.
 *
 * @param text the value exactly as given (may be empty: an explicitly empty value counts as set)
 * @param origin where it came from
 */
public record RawValue(String text, ValueOrigin origin) {

    public RawValue {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(origin, "origin");
    }

    /** Prints the length, not the text: the value may be a secret. */
    @Override
    public String toString() {
        return "RawValue[" + text.length() + " chars from " + origin + "]";
    }
}
