package io.jdesk.protocol.crypto;

import com.goterl.lazysodium.LazySodiumJava;
import com.goterl.lazysodium.SodiumJava;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * The one door to libsodium (through lazysodium-java's {@code Native} interfaces). Every
 * primitive RustDesk uses is here, with the sizes and wire layouts of peer.md §1.4:
 *
 * <pre>
 * sign       Ed25519, combined mode     pk 32, sk 64 (seed 32 ‖ pk 32)  →  signature(64) ‖ message
 * box        X25519 + XSalsa20-Poly1305 pk 32, sk 32, nonce 24         →  MAC(16) ‖ ciphertext
 * secretbox  XSalsa20-Poly1305          key 32, nonce 24                →  MAC(16) ‖ ciphertext
 * SHA-256    password proof (§6.2)                                      →  32 raw bytes
 * </pre>
 *
 * <p>Error model: a wrong-sized key, nonce or buffer, or a native call that reports failure
 * where failure is not an expected outcome, throws {@link CryptoException}. Verifying or
 * opening data that came from the network returns an empty {@link Optional} when it does
 * not authenticate — that is an expected outcome the caller must handle.
 *
 * <p>Thread-safety: all methods are stateless and safe to call from any thread. libsodium is
 * loaded once, lazily, on first use (class-holder idiom); there is no other static state.
 * Returned arrays are fresh and owned by the caller.
 */
public final class Sodium {
    /** Ed25519 public key ({@code crypto_sign_PUBLICKEYBYTES}). */
    public static final int SIGN_PUBLIC_KEY_BYTES = 32;
    /** Ed25519 secret key in libsodium layout seed ‖ pk ({@code crypto_sign_SECRETKEYBYTES}). */
    public static final int SIGN_SECRET_KEY_BYTES = 64;
    /** Ed25519 seed = RFC 8032 private key ({@code crypto_sign_SEEDBYTES}). */
    public static final int SIGN_SEED_BYTES = 32;
    /** Ed25519 signature ({@code crypto_sign_BYTES}). */
    public static final int SIGNATURE_BYTES = 64;
    /** X25519 public key ({@code crypto_box_PUBLICKEYBYTES}). */
    public static final int BOX_PUBLIC_KEY_BYTES = 32;
    /** X25519 secret key ({@code crypto_box_SECRETKEYBYTES}). */
    public static final int BOX_SECRET_KEY_BYTES = 32;
    /** crypto_box nonce ({@code crypto_box_NONCEBYTES}). */
    public static final int BOX_NONCE_BYTES = 24;
    /** crypto_secretbox key ({@code crypto_secretbox_KEYBYTES}). */
    public static final int SECRETBOX_KEY_BYTES = 32;
    /** crypto_secretbox nonce ({@code crypto_secretbox_NONCEBYTES}). */
    public static final int SECRETBOX_NONCE_BYTES = 24;
    /** Poly1305 tag prepended by box and secretbox ({@code crypto_box_MACBYTES}). */
    public static final int MAC_BYTES = 16;
    /** SHA-256 digest. */
    public static final int SHA256_BYTES = 32;

    private Sodium() {
    }

    /** Loads libsodium on first access; the JVM guarantees this runs once, thread-safely. */
    private static final class Holder {
        static final LazySodiumJava LAZY;
        static final Throwable FAILURE;

        static {
            LazySodiumJava lazy = null;
            Throwable failure = null;
            try {
                lazy = new LazySodiumJava(new SodiumJava());
                if (lazy.getSodium().sodium_init() < 0) {
                    failure = new IllegalStateException("sodium_init() returned -1");
                    lazy = null;
                }
            } catch (RuntimeException | LinkageError e) {
                failure = e;
            }
            LAZY = lazy;
            FAILURE = failure;
        }
    }

    private static LazySodiumJava lazy() {
        LazySodiumJava lazy = Holder.LAZY;
        if (lazy == null) {
            throw new CryptoException("libsodium could not be loaded", Holder.FAILURE);
        }
        return lazy;
    }

    /** @return true when libsodium is loaded and initialised (for diagnostics such as {@code doctor}) */
    public static boolean isAvailable() {
        return Holder.LAZY != null;
    }

    // ---- randomness ------------------------------------------------------------------------

    /** @return {@code n} bytes from {@code randombytes_buf} */
    public static byte[] randomBytes(int n) {
        if (n < 0) {
            throw new CryptoException("randomBytes: negative length " + n);
        }
        byte[] out = new byte[n];
        lazy().getSodium().randombytes_buf(out, n);
        return out;
    }

    /** @return a uniformly distributed int in [0, upperBound) from {@code randombytes_uniform} */
    public static int randomUniform(int upperBound) {
        if (upperBound <= 0) {
            throw new CryptoException("randomUniform: upper bound must be positive, got " + upperBound);
        }
        return (int) lazy().getSodium().randombytes_uniform(upperBound);
    }

    // ---- Ed25519 -----------------------------------------------------------------------------

    /** Fills a fresh Ed25519 key pair ({@code crypto_sign_keypair}). */
    public static void signKeypair(byte[] pkOut, byte[] skOut) {
        requireLength("sign public key", pkOut, SIGN_PUBLIC_KEY_BYTES);
        requireLength("sign secret key", skOut, SIGN_SECRET_KEY_BYTES);
        check(lazy().cryptoSignKeypair(pkOut, skOut), "crypto_sign_keypair");
    }

    /** Fills the Ed25519 key pair determined by a 32-byte seed ({@code crypto_sign_seed_keypair}). */
    public static void signSeedKeypair(byte[] seed, byte[] pkOut, byte[] skOut) {
        requireLength("sign seed", seed, SIGN_SEED_BYTES);
        requireLength("sign public key", pkOut, SIGN_PUBLIC_KEY_BYTES);
        requireLength("sign secret key", skOut, SIGN_SECRET_KEY_BYTES);
        check(lazy().cryptoSignSeedKeypair(pkOut, skOut, seed), "crypto_sign_seed_keypair");
    }

    /** @return {@code crypto_sign} combined mode: signature(64) ‖ message */
    public static byte[] sign(byte[] message, byte[] sk) {
        requireLength("sign secret key", sk, SIGN_SECRET_KEY_BYTES);
        byte[] signed = new byte[SIGNATURE_BYTES + message.length];
        check(lazy().cryptoSign(signed, message, message.length, sk), "crypto_sign");
        return signed;
    }

    /**
     * {@code crypto_sign_open}: verifies a combined-mode signed message.
     *
     * @param signed signature(64) ‖ message, untrusted
     * @param pk the Ed25519 public key expected to have signed it
     * @return the message, or empty when {@code signed} is shorter than a signature or does not verify
     */
    public static Optional<byte[]> signOpen(byte[] signed, byte[] pk) {
        requireLength("sign public key", pk, SIGN_PUBLIC_KEY_BYTES);
        if (signed.length < SIGNATURE_BYTES) {
            return Optional.empty();
        }
        byte[] message = new byte[signed.length - SIGNATURE_BYTES];
        return lazy().cryptoSignOpen(message, signed, signed.length, pk) ? Optional.of(message) : Optional.empty();
    }

    /** @return the public half of a libsodium secret key ({@code crypto_sign_ed25519_sk_to_pk}, bytes 32..63) */
    public static byte[] signSkToPk(byte[] sk) {
        requireLength("sign secret key", sk, SIGN_SECRET_KEY_BYTES);
        byte[] pk = new byte[SIGN_PUBLIC_KEY_BYTES];
        check(lazy().cryptoSignEd25519SkToPk(pk, sk), "crypto_sign_ed25519_sk_to_pk");
        return pk;
    }

    /** @return the X25519 public key for an Ed25519 public key; fails for points that are not valid */
    public static byte[] ed25519PkToCurve25519(byte[] edPk) {
        requireLength("sign public key", edPk, SIGN_PUBLIC_KEY_BYTES);
        byte[] curvePk = new byte[BOX_PUBLIC_KEY_BYTES];
        check(lazy().convertPublicKeyEd25519ToCurve25519(curvePk, edPk),
                "crypto_sign_ed25519_pk_to_curve25519 (not a valid Ed25519 public key)");
        return curvePk;
    }

    /** @return the X25519 secret key for a libsodium Ed25519 secret key */
    public static byte[] ed25519SkToCurve25519(byte[] edSk) {
        requireLength("sign secret key", edSk, SIGN_SECRET_KEY_BYTES);
        byte[] curveSk = new byte[BOX_SECRET_KEY_BYTES];
        check(lazy().convertSecretKeyEd25519ToCurve25519(curveSk, edSk), "crypto_sign_ed25519_sk_to_curve25519");
        return curveSk;
    }

    // ---- X25519 / box ------------------------------------------------------------------------

    /** Fills a fresh X25519 key pair ({@code crypto_box_keypair}). */
    public static void boxKeypair(byte[] pkOut, byte[] skOut) {
        requireLength("box public key", pkOut, BOX_PUBLIC_KEY_BYTES);
        requireLength("box secret key", skOut, BOX_SECRET_KEY_BYTES);
        check(lazy().cryptoBoxKeypair(pkOut, skOut), "crypto_box_keypair");
    }

    /** @return the X25519 public key of a secret key ({@code crypto_scalarmult_base}) */
    public static byte[] scalarMultBase(byte[] sk) {
        requireLength("box secret key", sk, BOX_SECRET_KEY_BYTES);
        byte[] pk = new byte[BOX_PUBLIC_KEY_BYTES];
        check(lazy().cryptoScalarMultBase(pk, sk), "crypto_scalarmult_base");
        return pk;
    }

    /**
     * {@code crypto_box_easy}. Fails (CryptoException) when {@code theirPk} is a low-order point.
     *
     * @return MAC(16) ‖ ciphertext
     */
    public static byte[] boxEasy(byte[] message, byte[] nonce, byte[] theirPk, byte[] mySk) {
        requireLength("box nonce", nonce, BOX_NONCE_BYTES);
        requireLength("box public key", theirPk, BOX_PUBLIC_KEY_BYTES);
        requireLength("box secret key", mySk, BOX_SECRET_KEY_BYTES);
        byte[] cipher = new byte[MAC_BYTES + message.length];
        check(lazy().cryptoBoxEasy(cipher, message, message.length, nonce, theirPk, mySk),
                "crypto_box_easy (low-order public key?)");
        return cipher;
    }

    /** @return the plaintext of a {@code crypto_box_easy} ciphertext, or empty when it does not authenticate */
    public static Optional<byte[]> boxOpenEasy(byte[] cipher, byte[] nonce, byte[] theirPk, byte[] mySk) {
        requireLength("box nonce", nonce, BOX_NONCE_BYTES);
        requireLength("box public key", theirPk, BOX_PUBLIC_KEY_BYTES);
        requireLength("box secret key", mySk, BOX_SECRET_KEY_BYTES);
        if (cipher.length < MAC_BYTES) {
            return Optional.empty();
        }
        byte[] message = new byte[cipher.length - MAC_BYTES];
        boolean ok = lazy().cryptoBoxOpenEasy(message, cipher, cipher.length, nonce, theirPk, mySk);
        return ok ? Optional.of(message) : Optional.empty();
    }

    // ---- secretbox ---------------------------------------------------------------------------

    /** @return {@code crypto_secretbox_easy}: MAC(16) ‖ ciphertext */
    public static byte[] secretBoxEasy(byte[] message, byte[] nonce, byte[] key) {
        requireLength("secretbox nonce", nonce, SECRETBOX_NONCE_BYTES);
        requireLength("secretbox key", key, SECRETBOX_KEY_BYTES);
        byte[] cipher = new byte[MAC_BYTES + message.length];
        check(lazy().cryptoSecretBoxEasy(cipher, message, message.length, nonce, key), "crypto_secretbox_easy");
        return cipher;
    }

    /** @return the plaintext of a {@code crypto_secretbox_easy} ciphertext, or empty when it does not authenticate */
    public static Optional<byte[]> secretBoxOpenEasy(byte[] cipher, byte[] nonce, byte[] key) {
        requireLength("secretbox nonce", nonce, SECRETBOX_NONCE_BYTES);
        requireLength("secretbox key", key, SECRETBOX_KEY_BYTES);
        if (cipher.length < MAC_BYTES) {
            return Optional.empty();
        }
        byte[] message = new byte[cipher.length - MAC_BYTES];
        boolean ok = lazy().cryptoSecretBoxOpenEasy(message, cipher, cipher.length, nonce, key);
        return ok ? Optional.of(message) : Optional.empty();
    }

    // ---- hashing and comparison --------------------------------------------------------------

    /** @return SHA-256 of the concatenation of {@code parts} (JDK MessageDigest) */
    public static byte[] sha256(byte[]... parts) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new CryptoException("SHA-256 is not available in this JVM", e);
        }
        for (byte[] part : parts) {
            digest.update(part);
        }
        return digest.digest();
    }

    /**
     * Constant-time comparison ({@link MessageDigest#isEqual}: the time depends only on the
     * lengths, never on where the contents differ).
     */
    public static boolean constantTimeEquals(byte[] a, byte[] b) {
        return MessageDigest.isEqual(a, b);
    }

    // ---- helpers -----------------------------------------------------------------------------

    static void requireLength(String what, byte[] bytes, int expected) {
        if (bytes == null) {
            throw new CryptoException(what + " is null; expected " + expected + " bytes");
        }
        if (bytes.length != expected) {
            throw new CryptoException(what + " must be " + expected + " bytes, got " + bytes.length);
        }
    }

    private static void check(boolean ok, String operation) {
        if (!ok) {
            throw new CryptoException(operation + " failed");
        }
    }
}
