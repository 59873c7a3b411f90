package io.jdesk.protocol.crypto;

/**
 * A frame on an encrypted stream did not authenticate under the session key and the
 * expected counter nonce (peer.md §5.4, servers.md §7.5 step 5).
 *
 * <p>The official client reports this as {@code "decryption error"} and closes the session;
 * callers must do the same, because the implicit counters can no longer be in step. Causes
 * include a corrupted, reordered, replayed or skipped frame, or the wrong key.
 */
public final class DecryptionException extends CryptoException {
    private static final long serialVersionUID = 1L;

    /** The message the official client uses for the same condition (hbb_common tcp.rs). */
    public static final String MESSAGE = "decryption error";

    /** @param detail extra context such as the frame counter and length; may be empty */
    public DecryptionException(String detail) {
        super(detail.isEmpty() ? MESSAGE : MESSAGE + ": " + detail);
    }
}
