package io.jdesk.protocol.crypto;

import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/** Shared helpers for the key value types: copies, Base64, fingerprints. Not public API. */
final class Keys {
    /** Hex characters of SHA-256(public key) shown by {@code toString()} and logs. */
    static final int FINGERPRINT_HEX_CHARS = 8;
    /** What {@code toString()} prints in place of secret material. */
    static final String REDACTED = "<redacted>";

    private Keys() {
    }

    /** @return a copy of {@code bytes} after checking its length */
    static byte[] copyOf(String what, byte[] bytes, int expectedLength) {
        Sodium.requireLength(what, bytes, expectedLength);
        return bytes.clone();
    }

    /** @return the first {@link #FINGERPRINT_HEX_CHARS} lowercase hex chars of SHA-256(publicKey) */
    static String fingerprint(byte[] publicKey) {
        return HexFormat.of().formatHex(Sodium.sha256(publicKey), 0, FINGERPRINT_HEX_CHARS / 2);
    }

    /** @return standard, padded Base64 */
    static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /**
     * Decodes standard Base64 of a key of a known length.
     *
     * @throws CryptoException naming {@code what} when the text is not Base64 or has the wrong length
     */
    static byte[] decodeBase64(String what, String text, int expectedLength) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(text.strip());
        } catch (IllegalArgumentException e) {
            throw new CryptoException(what + " is not valid Base64");
        }
        if (bytes.length != expectedLength) {
            int got = bytes.length;
            Arrays.fill(bytes, (byte) 0);
            throw new CryptoException(what + " must decode to " + expectedLength + " bytes, got " + got);
        }
        return bytes;
    }
}
