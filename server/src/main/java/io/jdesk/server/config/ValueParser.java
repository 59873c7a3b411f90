package io.jdesk.server.config;

/**
 * Turns a setting's text into its typed value.
 *
 * @param <T> the value type
 */
@FunctionalInterface
public interface ValueParser<T> {

    /**
     * @param text the value as given (never null; may be empty)
     * @return the typed value
     * @throws IllegalArgumentException whose message completes a sentence that starts with the
     *     setting's name, e.g. {@code "must be an integer 3..65533 because P-1 and P+2 are bound too"};
     *     it must not repeat {@code text} (the caller adds it, redacted when secret)
     */
    T parse(String text);
}
