package io.jdesk.protocol.crypto;

import java.util.Optional;

/**
 * Transport of a {@link SessionKey} under {@code crypto_box} with an all-zero nonce, as used
 * by the A↔B handshake ({@code PublicKey.symmetric_value}, peer.md §5.2, §5.3) and by
 * KeyExchange ({@code keys[1]} from the client, servers.md §7.5 steps 2-4):
 *
 * <pre>
 * sealed = crypto_box_easy(K(32), nonce = 0^24, their_box_pk, my_box_sk)
 *        = MAC(16) ‖ ciphertext(32)                                   -- 48 bytes
 * </pre>
 *
 * The zero nonce is safe only because both box key pairs are fresh per connection; callers
 * must never seal with a long-lived box key. Stateless and thread-safe.
 */
public final class SealedKey {
    /** Length of a sealed session key: MAC 16 + key 32. */
    public static final int SEALED_BYTES = Sodium.MAC_BYTES + Sodium.SECRETBOX_KEY_BYTES;

    private SealedKey() {
    }

    /** The fixed nonce of the key box: 24 zero bytes (peer.md §5.2; web client V10). */
    private static byte[] zeroNonce() {
        return new byte[Sodium.BOX_NONCE_BYTES];
    }

    /**
     * @param key the session key to transport
     * @param theirPublicKey the other side's ephemeral X25519 public key (32 bytes)
     * @param mine our ephemeral pair
     * @return the 48-byte sealed key
     * @throws CryptoException when {@code theirPublicKey} has the wrong size or is a low-order point
     */
    public static byte[] seal(SessionKey key, byte[] theirPublicKey, BoxKeyPair mine) {
        return Sodium.boxEasy(key.bytesUnsafe(), zeroNonce(), theirPublicKey, mine.secretKeyUnsafe());
    }

    /**
     * @param sealed the received bytes, untrusted; anything but 48 bytes is refused
     * @param theirPublicKey the sender's ephemeral X25519 public key (32 bytes)
     * @param mine our ephemeral pair whose public key the sender sealed to
     * @return the session key, or empty when the length is wrong or the box does not
     *     authenticate (the device then fails with "Handshake failed", peer.md §5.1)
     * @throws CryptoException when {@code theirPublicKey} is not 32 bytes
     */
    public static Optional<SessionKey> open(byte[] sealed, byte[] theirPublicKey, BoxKeyPair mine) {
        if (sealed.length != SEALED_BYTES) {
            return Optional.empty();
        }
        return Sodium.boxOpenEasy(sealed, zeroNonce(), theirPublicKey, mine.secretKeyUnsafe())
                .map(SessionKey::of);
    }

    /**
     * The sealing side in one call (controller in peer.md §5.2, client in servers.md §7.5):
     * a fresh box pair, a fresh session key, and the key sealed to {@code theirPublicKey}.
     */
    public static Offer offer(byte[] theirPublicKey) {
        BoxKeyPair mine = BoxKeyPair.generate();
        SessionKey key = SessionKey.generate();
        return new Offer(mine.publicKey(), seal(key, theirPublicKey, mine), key);
    }

    /**
     * What the sealing side sends and keeps: {@code publicKey} and {@code sealed} go on the
     * wire ({@code PublicKey{asymmetric_value, symmetric_value}} or KeyExchange
     * {@code keys[0], keys[1]}); {@code sessionKey} stays local and keys the stream cipher.
     */
    public static final class Offer {
        private final byte[] publicKey;
        private final byte[] sealed;
        private final SessionKey sessionKey;

        private Offer(byte[] publicKey, byte[] sealed, SessionKey sessionKey) {
            this.publicKey = publicKey;
            this.sealed = sealed;
            this.sessionKey = sessionKey;
        }

        /** @return a copy of our ephemeral X25519 public key (32 bytes) */
        public byte[] publicKey() {
            return publicKey.clone();
        }

        /** @return a copy of the sealed session key (48 bytes) */
        public byte[] sealed() {
            return sealed.clone();
        }

        /** @return the session key to hand to {@link StreamCipher} */
        public SessionKey sessionKey() {
            return sessionKey;
        }

        @Override
        public String toString() {
            return "SealedKey.Offer[pk=" + Keys.fingerprint(publicKey) + ", key=" + Keys.REDACTED + "]";
        }
    }
}
