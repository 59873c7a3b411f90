package io.jdesk.server.config;

/**
 * Where a setting's value came from, highest precedence first (servers.md §10.3): a
 * command-line flag beats the {@code --config} file, which beats {@code .env} in the working
 * directory, which beats the inherited process environment; {@link #DEFAULT} is used when
 * none has the setting.
 */
public enum Source {
    /** A command-line flag, handed over by the app as a name/value map. */
    FLAG("command line"),
    /** The global section of the {@code --config} INI file. */
    CONFIG_FILE("config file"),
    /** {@code .env} in the working directory. */
    DOT_ENV(".env file"),
    /** The process environment the server was started with. */
    ENVIRONMENT("environment"),
    /** No source had the setting: the built-in default (the OSS default for OSS settings). */
    DEFAULT("default");

    private final String label;

    Source(String label) {
        this.label = label;
    }

    /** @return a short human label, e.g. {@code ".env file"} */
    public String label() {
        return label;
    }
}
