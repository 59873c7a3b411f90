package io.jdesk.server.config;

import java.util.Locale;

/**
 * Whether the plain-text admin console (servers.md §11) answers on hbbs P-1 and hbbr R
 * ({@code JDESK_ADMIN_CONSOLE}). OSS always answers any loopback connection (§12 item 7);
 * jdesk is off unless asked.
 */
public enum ConsoleMode {
    /** No console: loopback connections are served like any other client. */
    OFF,
    /** OSS behaviour: any loopback connection is an admin (opt-in; §12 item 7 explains the risk). */
    LOOPBACK,
    /** Loopback and the first word must be {@code JDESK_ADMIN_TOKEN}. */
    TOKEN;

    /**
     * @return the mode named by {@code text} ({@code off}, {@code loopback}, {@code token}; any case)
     * @throws IllegalArgumentException for other text
     */
    public static ConsoleMode parse(String text) {
        for (ConsoleMode mode : values()) {
            if (mode.name().equalsIgnoreCase(text)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("must be off, loopback or token");
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
