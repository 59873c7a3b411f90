package io.jdesk.protocol.crypto;

import java.util.Arrays;

/**
 * An X25519 ({@code crypto_box}) key pair: public 32 bytes, secret 32 bytes. In RustDesk these
 * are ephemeral, one per connection: the device's {@code IdPk.pk} in its SignedId, the
 * controller's {@code PublicKey.asymmetric_value} (peer.md §5.1-5.3), and both sides of
 * KeyExchange (servers.md §7.5).
 *
 * <p>Immutable and thread-safe; arrays are copied in and out. {@code toString()} prints the
 * public key's fingerprint and {@code <redacted>} for the secret.
 */
public final class BoxKeyPair {
    private final byte[] publicKey;
    private final byte[] secretKey;

    private BoxKeyPair(byte[] publicKey, byte[] secretKey) {
        this.publicKey = publicKey;
        this.secretKey = secretKey;
    }

    /** @return a fresh random pair ({@code crypto_box_keypair}) */
    public static BoxKeyPair generate() {
        byte[] pk = new byte[Sodium.BOX_PUBLIC_KEY_BYTES];
        byte[] sk = new byte[Sodium.BOX_SECRET_KEY_BYTES];
        Sodium.boxKeypair(pk, sk);
        return new BoxKeyPair(pk, sk);
    }

    /** @param secretKey 32 bytes (copied); the public key is derived with {@code crypto_scalarmult_base} */
    public static BoxKeyPair fromSecretKey(byte[] secretKey) {
        byte[] sk = Keys.copyOf("X25519 secret key", secretKey, Sodium.BOX_SECRET_KEY_BYTES);
        return new BoxKeyPair(Sodium.scalarMultBase(sk), sk);
    }

    /** Takes ownership of two already-sized arrays; the caller guarantees they belong together. */
    static BoxKeyPair of(byte[] publicKey, byte[] secretKey) {
        Sodium.requireLength("X25519 public key", publicKey, Sodium.BOX_PUBLIC_KEY_BYTES);
        Sodium.requireLength("X25519 secret key", secretKey, Sodium.BOX_SECRET_KEY_BYTES);
        return new BoxKeyPair(publicKey, secretKey);
    }

    /** @return a copy of the 32-byte public key */
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** @return a copy of the 32-byte secret key */
    public byte[] secretKey() {
        return secretKey.clone();
    }

    /** Secret key without a copy, for the package's own sodium calls. */
    byte[] secretKeyUnsafe() {
        return secretKey;
    }

    /** @return first 8 hex characters of SHA-256 of the public key, safe to log */
    public String fingerprint() {
        return Keys.fingerprint(publicKey);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BoxKeyPair other && Sodium.constantTimeEquals(secretKey, other.secretKey)
                && Arrays.equals(publicKey, other.publicKey);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(publicKey);
    }

    @Override
    public String toString() {
        return "BoxKeyPair[pk=" + fingerprint() + ", sk=" + Keys.REDACTED + "]";
    }
}
