package io.jdesk.peer;

import java.io.IOException;
import java.util.Objects;

/**
 * Why a connection or login could not be made. {@link #getMessage()} is the text the official
 * client shows for the same case ("ID does not exist", "Remote desktop is offline", "Key mismatch",
 * "Wrong Password", ...), so logs and user interfaces read the same as RustDesk's.
 */
public final class PeerException extends IOException {

    private static final long serialVersionUID = 1L;

    /** The failure classes a caller may want to branch on. */
    public enum Reason {
        /** hbbs does not know the ID ({@code ID_NOT_EXIST}). */
        ID_NOT_EXIST,
        /** The ID has not registered within the last 30 s ({@code OFFLINE}). */
        OFFLINE,
        /** hbbs refused our server key ({@code LICENSE_MISMATCH}). */
        KEY_MISMATCH,
        /** hbbs refused for licence overuse (Pro servers). */
        KEY_OVERUSE,
        /** The device rejected the password. */
        WRONG_PASSWORD,
        /** The device refused the login for another reason (throttled, blocked, not allowed). */
        LOGIN_REFUSED,
        /** A signature did not verify: the server-signed key or the device's SignedId. */
        UNTRUSTED,
        /** The peer broke the protocol (unparseable or unexpected message, decryption error). */
        PROTOCOL,
        /** A timeout or I/O failure on the way. */
        NETWORK,
        /** The session was closed, by either side. */
        CLOSED
    }

    private final Reason reason;

    public PeerException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason);
    }

    public PeerException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason);
    }

    public Reason reason() {
        return reason;
    }
}
