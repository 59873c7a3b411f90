package io.jdesk.protocol.crypto;

import java.util.Arrays;
import java.util.Optional;

/**
 * An Ed25519 public key (32 bytes): what RegisterPk registers for a device, what hbbs signs
 * into IdPk, and the server key clients are configured with (peer.md §1.5 "server key",
 * servers.md §7.2: standard padded Base64, 44 characters).
 *
 * <p>Immutable and thread-safe; arrays are copied in and out. {@code toString()} prints only
 * a fingerprint (first 8 hex characters of SHA-256 of the key).
 */
public final class VerifyKey {
    private final byte[] bytes;

    private VerifyKey(byte[] bytes) {
        this.bytes = bytes;
    }

    /** @param publicKey 32 bytes (copied) */
    public static VerifyKey of(byte[] publicKey) {
        return new VerifyKey(Keys.copyOf("Ed25519 public key", publicKey, Sodium.SIGN_PUBLIC_KEY_BYTES));
    }

    /** @param base64 standard Base64 of 32 bytes, surrounding whitespace ignored */
    public static VerifyKey fromBase64(String base64) {
        return new VerifyKey(Keys.decodeBase64("Ed25519 public key", base64, Sodium.SIGN_PUBLIC_KEY_BYTES));
    }

    /** @return a copy of the 32 key bytes */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** @return standard padded Base64 (the {@code id_ed25519.pub} / client "Key" form) */
    public String base64() {
        return Keys.base64(bytes);
    }

    /**
     * Opens a combined-mode signed message (signature(64) ‖ message), e.g.
     * {@code SignedId.id}, {@code PunchHoleResponse.pk}, {@code KeyExchange.keys[0]} (peer.md §5.3).
     *
     * @return the message when the signature verifies under this key, else empty
     */
    public Optional<byte[]> open(byte[] signed) {
        return Sodium.signOpen(signed, bytes);
    }

    /** @return the X25519 public key corresponding to this key ({@code crypto_sign_ed25519_pk_to_curve25519}) */
    public byte[] toCurve25519() {
        return Sodium.ed25519PkToCurve25519(bytes);
    }

    /** @return first 8 hex characters of SHA-256 of the key, safe to log */
    public String fingerprint() {
        return Keys.fingerprint(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VerifyKey other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "VerifyKey[" + fingerprint() + "]";
    }
}
