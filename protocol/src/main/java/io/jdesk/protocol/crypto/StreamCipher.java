package io.jdesk.protocol.crypto;

/**
 * The per-connection secretbox layer switched on after the handshake (peer.md §5.4; the
 * same layer for KeyExchange, servers.md §7.5 step 5; hbb_common {@code Encrypt}).
 *
 * <pre>
 * seal(plain):   sendCounter += 1
 *                nonce   = LE64(sendCounter) ‖ 0^16                        -- 24 bytes
 *                payload = crypto_secretbox_easy(plain, nonce, K) = MAC(16) ‖ ciphertext
 * open(payload): length ≤ 1 → returned as is, counter unchanged (raw heartbeat frames)
 *                receiveCounter += 1
 *                plain = crypto_secretbox_open_easy(payload, LE64(receiveCounter) ‖ 0^16, K)
 * </pre>
 *
 * One key K serves both directions; the two counters are independent, start at 0 and are
 * pre-incremented, so the first frame each way uses counter 1. No counter is on the wire:
 * frames must arrive in order and none may be skipped, so a reordered, replayed or dropped
 * frame fails with {@link DecryptionException} ("decryption error"), after which the
 * connection must be closed — the counters are then out of step for good.
 *
 * <p>Thread-safety: <b>not</b> thread-safe, by design. Create one per connection and use it
 * only from that connection's event loop (sealing and opening may be on the same loop).
 */
public final class StreamCipher {
    /** Payloads this short are heartbeats that bypass decryption (peer.md §5.4). */
    public static final int PASSTHROUGH_MAX_LENGTH = 1;

    private final SessionKey key;
    private long sendCounter;
    private long receiveCounter;

    /** @param key the session key K agreed in the handshake */
    public StreamCipher(SessionKey key) {
        if (key == null) {
            throw new CryptoException("stream cipher needs a session key");
        }
        this.key = key;
    }

    /**
     * Encrypts one outgoing frame payload. Every payload is encrypted, including an empty
     * one (→ 16 bytes); only raw heartbeats bypass this method.
     *
     * @return MAC(16) ‖ ciphertext
     */
    public byte[] seal(byte[] plain) {
        sendCounter++;
        return Sodium.secretBoxEasy(plain, nonce(sendCounter), key.bytesUnsafe());
    }

    /**
     * Decrypts one incoming frame payload.
     *
     * @return the plaintext, or {@code payload} itself when it is at most 1 byte long
     * @throws DecryptionException when the payload does not authenticate under the next counter
     */
    public byte[] open(byte[] payload) {
        if (payload.length <= PASSTHROUGH_MAX_LENGTH) {
            return payload;
        }
        receiveCounter++;
        return Sodium.secretBoxOpenEasy(payload, nonce(receiveCounter), key.bytesUnsafe())
                .orElseThrow(() -> new DecryptionException(
                        "frame #" + Long.toUnsignedString(receiveCounter) + ", " + payload.length + " bytes"));
    }

    /** @return the counter of the last sealed frame (0 before the first) */
    public long sendCounter() {
        return sendCounter;
    }

    /** @return the counter of the last opened frame (0 before the first) */
    public long receiveCounter() {
        return receiveCounter;
    }

    /** @return LE64(counter) ‖ 16 zero bytes */
    static byte[] nonce(long counter) {
        byte[] nonce = new byte[Sodium.SECRETBOX_NONCE_BYTES];
        for (int i = 0; i < Long.BYTES; i++) {
            nonce[i] = (byte) (counter >>> (8 * i));
        }
        return nonce;
    }

    @Override
    public String toString() {
        return "StreamCipher[key=" + Keys.REDACTED + ", sent=" + Long.toUnsignedString(sendCounter)
                + ", received=" + Long.toUnsignedString(receiveCounter) + "]";
    }
}
