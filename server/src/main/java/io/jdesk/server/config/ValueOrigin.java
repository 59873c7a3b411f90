package io.jdesk.server.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where exactly one setting value came from, for start-up logs and error messages.
 *
 * @param source the layer
 * @param spelledAs the name as written there ({@code relay_servers}); empty for {@link Source#DEFAULT}
 * @param file the file for {@link Source#CONFIG_FILE} and {@link Source#DOT_ENV}
 * @param line 1-based line in {@code file}, or 0
 */
public record ValueOrigin(Source source, String spelledAs, Optional<Path> file, int line) {

    /** The origin of a value no source provided. */
    public static final ValueOrigin DEFAULT = new ValueOrigin(Source.DEFAULT, "", Optional.empty(), 0);

    public ValueOrigin {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(spelledAs, "spelledAs");
        Objects.requireNonNull(file, "file");
    }

    /** @return an origin without a file position (flag or environment) */
    public static ValueOrigin of(Source source, String spelledAs) {
        return new ValueOrigin(source, spelledAs, Optional.empty(), 0);
    }

    /** @return an origin in a file */
    public static ValueOrigin inFile(Source source, String spelledAs, Path file, int line) {
        return new ValueOrigin(source, spelledAs, Optional.of(file), line);
    }

    /**
     * @return e.g. {@code "default"}, {@code "environment variable relay_servers"},
     *     {@code ".env file /srv/.env line 3 (PORT)"}, {@code "command line (PORT)"}
     */
    @Override
    public String toString() {
        return switch (source) {
            case DEFAULT -> source.label();
            case ENVIRONMENT -> "environment variable " + spelledAs;
            case FLAG -> source.label() + " (" + spelledAs + ")";
            case CONFIG_FILE, DOT_ENV -> source.label() + " " + file.map(Path::toString).orElse("?")
                    + " line " + line + " (" + spelledAs + ")";
        };
    }
}
