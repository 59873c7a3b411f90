package io.jdesk.server.console;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Who may use an admin console (spec/servers.md §11, weak point §12 item 7). OSS treats every
 * loopback connection to hbbs P-1 / hbbr R as an admin session. jdesk: the console is off
 * unless enabled; when enabled it is still loopback-only, and with a token configured the
 * command line must start with that token ({@code printf 'TOKEN rs' | nc 127.0.0.1 21115}).
 * A loopback client speaking the RustDesk protocol is never mistaken for the console: only a
 * first read of printable text that starts with a letter (or the token) is a command — a
 * frame header plus protobuf never is (see {@link #looksLikeCommand}).
 *
 * @param enabled {@code ADMIN_CONSOLE}
 * @param token {@code ADMIN_TOKEN}, empty for none
 */
public record ConsolePolicy(boolean enabled, Optional<String> token) {

    /** The console is off (jdesk's default). */
    public static final ConsolePolicy OFF = new ConsolePolicy(false, Optional.empty());

    /** OSS reads one command of at most this many bytes. */
    public static final int MAX_COMMAND_BYTES = 1024;

    /** Whether a connection from {@code peer} may be a console session at all. */
    public boolean admits(InetAddress peer) {
        return enabled && peer.isLoopbackAddress();
    }

    /**
     * Whether the first bytes of a loopback connection are a console command: printable ASCII
     * (tabs, CR, LF allowed), starting with a letter or digit. A RustDesk frame starts with a
     * header byte followed by a protobuf tag, which are not both printable for any message the
     * client sends to these ports.
     */
    public static boolean looksLikeCommand(byte[] first) {
        if (first.length == 0 || !Character.isLetterOrDigit(first[0])) {
            return false;
        }
        for (byte b : first) {
            if ((b < 0x20 || b > 0x7e) && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return true;
    }

    /**
     * The command without the token, or empty when a token is required and missing or wrong
     * (constant-time comparison).
     */
    public Optional<String> authorize(String line) {
        String trimmed = line.strip();
        if (token.isEmpty()) {
            return Optional.of(trimmed);
        }
        int space = trimmed.indexOf(' ');
        String given = space < 0 ? trimmed : trimmed.substring(0, space);
        boolean ok = MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                token.get().getBytes(StandardCharsets.UTF_8));
        return ok ? Optional.of(space < 0 ? "" : trimmed.substring(space + 1).strip()) : Optional.empty();
    }

    @Override
    public String toString() {
        return "ConsolePolicy[enabled=" + enabled + ", token=" + (token.isPresent() ? "<set>" : "none") + "]";
    }
}
