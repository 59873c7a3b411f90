package io.jdesk.server.rendezvous;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Short fingerprints for logs: the first 8 hex characters of SHA-256, the convention of the
 * protocol module's key types. Device keys and machine UIDs are never logged in full.
 */
final class Fingerprint {

    /** Bytes of the digest shown (8 hex characters). */
    private static final int SHOWN_BYTES = 4;

    private Fingerprint() {
    }

    /** @return 8 hex characters identifying {@code bytes} */
    static String of(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return HexFormat.of().formatHex(digest, 0, SHOWN_BYTES);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
