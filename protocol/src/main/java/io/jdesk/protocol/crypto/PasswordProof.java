package io.jdesk.protocol.crypto;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * The login password proof of peer.md §6.2 (and web client V10), plus the generator for the
 * persistent salt (§1.5) and the per-connection challenge (§6.1):
 *
 * <pre>
 * h1    = SHA-256( UTF-8(password) ‖ UTF-8(salt) )        -- stored form of a permanent password
 * proof = SHA-256( h1 ‖ UTF-8(challenge) )                -- LoginRequest.password, 32 raw bytes
 * </pre>
 *
 * Stateless and thread-safe.
 */
public final class PasswordProof {
    /** Salt and challenge alphabet: digits and lowercase letters without 0, 1, l, o (32 chars). */
    public static final String ALPHABET = "23456789abcdefghijkmnpqrstuvwxyz";
    /** Length of the persistent salt ({@code DEFAULT_SALT_LEN}, peer.md §1.5). */
    public static final int SALT_LENGTH = 32;
    /** Length of the per-connection challenge in {@code Hash} (peer.md §6.1). */
    public static final int CHALLENGE_LENGTH = 6;

    private PasswordProof() {
    }

    /** @return SHA-256(UTF-8(password) ‖ UTF-8(salt)) */
    public static byte[] h1(String password, String salt) {
        return Sodium.sha256(password.getBytes(StandardCharsets.UTF_8), salt.getBytes(StandardCharsets.UTF_8));
    }

    /** @return SHA-256(h1 ‖ UTF-8(challenge)), the value of {@code LoginRequest.password} */
    public static byte[] proof(byte[] h1, String challenge) {
        Sodium.requireLength("h1", h1, Sodium.SHA256_BYTES);
        return Sodium.sha256(h1, challenge.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Device-side check: recomputes the proof from a candidate h1 and compares in constant time.
     *
     * @param received {@code LoginRequest.password}, untrusted; any length other than 32 is false
     */
    public static boolean verify(byte[] expectedH1, String challenge, byte[] received) {
        return received != null && Sodium.constantTimeEquals(proof(expectedH1, challenge), received);
    }

    /** @return a fresh 32-character salt drawn from {@code random} */
    public static String newSalt(SecureRandom random) {
        return randomString(SALT_LENGTH, random);
    }

    /** @return a fresh 32-character salt drawn from libsodium's {@code randombytes_uniform} */
    public static String newSalt() {
        return randomString(SALT_LENGTH, null);
    }

    /** @return a fresh 6-character challenge drawn from {@code random} */
    public static String newChallenge(SecureRandom random) {
        return randomString(CHALLENGE_LENGTH, random);
    }

    /** @return a fresh 6-character challenge drawn from libsodium's {@code randombytes_uniform} */
    public static String newChallenge() {
        return randomString(CHALLENGE_LENGTH, null);
    }

    /**
     * @param random the source, or null for libsodium's {@code randombytes_uniform}
     * @return {@code length} characters of {@link #ALPHABET}, each uniformly drawn
     */
    public static String randomString(int length, SecureRandom random) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            int index = random == null ? Sodium.randomUniform(ALPHABET.length()) : random.nextInt(ALPHABET.length());
            out.append(ALPHABET.charAt(index));
        }
        return out.toString();
    }
}
