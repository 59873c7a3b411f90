package io.jdesk.protocol.crypto;

/**
 * A cryptographic operation could not be carried out: libsodium could not be loaded, a
 * native call reported failure, or a caller passed a key, nonce or buffer of the wrong size.
 *
 * <p>Unchecked because every such failure is either a programming error or a fatal
 * environment problem. Authentication failures on untrusted input are <em>not</em> reported
 * with this class but as an empty {@link java.util.Optional} (see {@link Sodium}) or as a
 * {@link DecryptionException} on a stream. Messages never contain key material.
 */
public class CryptoException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what failed, naming the operation and sizes, never key bytes */
    public CryptoException(String message) {
        super(message);
    }

    /**
     * @param message what failed
     * @param cause the underlying failure
     */
    public CryptoException(String message, Throwable cause) {
        super(message, cause);
    }
}
