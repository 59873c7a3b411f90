package io.jdesk.protocol.crypto;

import java.io.IOException;

/**
 * {@code id_ed25519} exists but does not hold a usable key (servers.md §7.1). The message is
 * the one rustdesk-server prints before exiting ({@value KeyFiles#MALFORMED_MESSAGE}), so
 * operators' log rules keep matching; {@link #detail()} says what exactly is wrong.
 */
public final class KeyFileException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String detail;

    /**
     * @param message the operator-facing message
     * @param detail what is wrong (never key bytes)
     */
    public KeyFileException(String message, String detail) {
        super(message);
        this.detail = detail;
    }

    /** @return what is wrong with the file, e.g. "decodes to 63 bytes, expected 64" */
    public String detail() {
        return detail;
    }
}
