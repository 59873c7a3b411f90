package io.jdesk.protocol.crypto;

import java.util.Arrays;

/**
 * An Ed25519 key pair in libsodium layout: the 64-byte secret key is seed(32) ‖ publicKey(32)
 * (peer.md §1.4, §1.5; servers.md §7.1). Used by a device to sign {@code IdPk} in its
 * {@code SignedId} (peer.md §5.1) and by hbbs to sign IdPk and KeyExchange (servers.md §7.3, §7.5).
 *
 * <p>Signatures are deterministic (RFC 8032), so a pair built from the same seed always
 * produces the same bytes. Every factory guarantees that the public half matches the seed.
 *
 * <p>Immutable and thread-safe; arrays are copied in and out. {@code toString()} prints the
 * public key's fingerprint and {@code <redacted>} for the secret.
 */
public final class SigningKeyPair {
    private final byte[] publicKey;
    private final byte[] secretKey;

    private SigningKeyPair(byte[] publicKey, byte[] secretKey) {
        this.publicKey = publicKey;
        this.secretKey = secretKey;
    }

    /** @return a fresh random key pair ({@code crypto_sign_keypair}) */
    public static SigningKeyPair generate() {
        byte[] pk = new byte[Sodium.SIGN_PUBLIC_KEY_BYTES];
        byte[] sk = new byte[Sodium.SIGN_SECRET_KEY_BYTES];
        Sodium.signKeypair(pk, sk);
        return new SigningKeyPair(pk, sk);
    }

    /** @param seed 32 bytes = the RFC 8032 private key */
    public static SigningKeyPair fromSeed(byte[] seed) {
        byte[] pk = new byte[Sodium.SIGN_PUBLIC_KEY_BYTES];
        byte[] sk = new byte[Sodium.SIGN_SECRET_KEY_BYTES];
        Sodium.signSeedKeypair(seed, pk, sk);
        return new SigningKeyPair(pk, sk);
    }

    /**
     * @param secretKey 64 bytes seed ‖ pk (copied)
     * @throws CryptoException when the length is wrong or bytes 32..63 are not the public key
     *     derived from bytes 0..31
     */
    public static SigningKeyPair fromSecretKey(byte[] secretKey) {
        Sodium.requireLength("Ed25519 secret key", secretKey, Sodium.SIGN_SECRET_KEY_BYTES);
        SigningKeyPair derived = fromSeed(Arrays.copyOf(secretKey, Sodium.SIGN_SEED_BYTES));
        if (!Sodium.constantTimeEquals(derived.secretKey, secretKey)) {
            throw new CryptoException("Ed25519 secret key: bytes 32..63 are not the public key of its seed");
        }
        return derived;
    }

    /** @param base64 standard Base64 of the 64-byte secret key (the {@code id_ed25519} form) */
    public static SigningKeyPair fromSecretKeyBase64(String base64) {
        byte[] sk = Keys.decodeBase64("Ed25519 secret key", base64, Sodium.SIGN_SECRET_KEY_BYTES);
        try {
            return fromSecretKey(sk);
        } finally {
            Arrays.fill(sk, (byte) 0);
        }
    }

    /** @return a copy of the 32-byte public key */
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** @return a copy of the 64-byte secret key (seed ‖ pk) */
    public byte[] secretKey() {
        return secretKey.clone();
    }

    /** @return a copy of the 32-byte seed (RFC 8032 private key) */
    public byte[] seed() {
        return Arrays.copyOf(secretKey, Sodium.SIGN_SEED_BYTES);
    }

    /** @return the public half as a {@link VerifyKey} */
    public VerifyKey verifyKey() {
        return VerifyKey.of(publicKey);
    }

    /** @return standard padded Base64 of the public key (44 characters) */
    public String publicKeyBase64() {
        return Keys.base64(publicKey);
    }

    /** @return standard padded Base64 of the 64-byte secret key (88 characters) */
    public String secretKeyBase64() {
        return Keys.base64(secretKey);
    }

    /** @return combined mode {@code crypto_sign}: signature(64) ‖ message */
    public byte[] sign(byte[] message) {
        return Sodium.sign(message, secretKey);
    }

    /** @return the X25519 pair obtained by converting both halves (crypto_sign_ed25519_{pk,sk}_to_curve25519) */
    public BoxKeyPair toCurve25519() {
        return BoxKeyPair.of(Sodium.ed25519PkToCurve25519(publicKey), Sodium.ed25519SkToCurve25519(secretKey));
    }

    /** @return first 8 hex characters of SHA-256 of the public key, safe to log */
    public String fingerprint() {
        return Keys.fingerprint(publicKey);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SigningKeyPair other && Sodium.constantTimeEquals(secretKey, other.secretKey);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(publicKey);
    }

    @Override
    public String toString() {
        return "SigningKeyPair[pk=" + fingerprint() + ", sk=" + Keys.REDACTED + "]";
    }
}
