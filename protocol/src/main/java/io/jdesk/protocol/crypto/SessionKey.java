package io.jdesk.protocol.crypto;

/**
 * The 32-byte {@code crypto_secretbox} key K that encrypts one connection after the
 * handshake (peer.md §5.2: 32 random bytes chosen by the controller; servers.md §7.5 step 2:
 * chosen by the client). It travels only inside a {@link SealedKey}.
 *
 * <p>Immutable and thread-safe; arrays are copied in and out. {@code toString()} never
 * prints the key.
 */
public final class SessionKey {
    private final byte[] key;

    private SessionKey(byte[] key) {
        this.key = key;
    }

    /** @return 32 random bytes from {@code randombytes_buf} */
    public static SessionKey generate() {
        return new SessionKey(Sodium.randomBytes(Sodium.SECRETBOX_KEY_BYTES));
    }

    /** @param key 32 bytes (copied) */
    public static SessionKey of(byte[] key) {
        return new SessionKey(Keys.copyOf("session key", key, Sodium.SECRETBOX_KEY_BYTES));
    }

    /** @return a copy of the 32 key bytes */
    public byte[] bytes() {
        return key.clone();
    }

    /** Key bytes without a copy, for the package's own sodium calls. */
    byte[] bytesUnsafe() {
        return key;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SessionKey other && Sodium.constantTimeEquals(key, other.key);
    }

    @Override
    public int hashCode() {
        return 0x5e55; // deliberately constant: no key-derived value leaks through hashing
    }

    @Override
    public String toString() {
        return "SessionKey[" + Keys.REDACTED + "]";
    }
}
