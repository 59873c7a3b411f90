package io.jdesk.server.config;

import io.jdesk.protocol.crypto.CryptoException;
import io.jdesk.protocol.crypto.SigningKeyPair;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * The {@code -k} / {@code KEY} setting as given (servers.md §7.2), classified but not yet
 * resolved: the server hands {@link #value()} to
 * {@link io.jdesk.protocol.crypto.ServerKey#forRendezvous} or {@code forRelay}, which reads
 * or creates {@code id_ed25519}.
 *
 * <p>{@link #toString()} never prints a secret key.
 *
 * @param value the text exactly as given (not trimmed, as in OSS)
 */
public record KeyOption(String value) {

    /** How OSS interprets the value. */
    public enum Kind {
        /** {@code -} or {@code _}: use (or create) {@code id_ed25519}. */
        KEY_FILE,
        /** Empty: accept any {@code licence_key}. hbbs still signs with {@code id_ed25519}. */
        NO_CHECK,
        /** Base64 of a 64-byte Ed25519 secret key: check its public half, sign with it (hbbs). */
        SECRET_KEY,
        /** Anything else: clients must send exactly this text; hbbs then cannot sign (§7.4). */
        LITERAL
    }

    /** Bytes of a libsodium Ed25519 secret key (seed followed by public key). */
    private static final int SECRET_KEY_BYTES = 64;

    public KeyOption {
        Objects.requireNonNull(value, "value");
    }

    /**
     * @return the option for {@code text}
     * @throws IllegalArgumentException when {@code text} is Base64 of 64 bytes whose second
     *     half is not the public key of the first (OSS would start and sign with a broken key)
     */
    public static KeyOption parse(String text) {
        KeyOption option = new KeyOption(text);
        if (option.kind() == Kind.SECRET_KEY) {
            byte[] secret = Base64.getDecoder().decode(text);
            try {
                SigningKeyPair.fromSecretKey(secret);
            } catch (CryptoException e) {
                throw new IllegalArgumentException("is a 64-byte secret key whose bytes 32..63 are not"
                        + " the public key of its seed (a corrupted or hand-edited key)", e);
            } finally {
                Arrays.fill(secret, (byte) 0);
            }
        }
        return option;
    }

    /** @return whether {@code text} decodes as Base64 to exactly 64 bytes, i.e. is a secret key */
    public static boolean looksLikeSecretKey(String text) {
        try {
            byte[] decoded = Base64.getDecoder().decode(text);
            Arrays.fill(decoded, (byte) 0);
            return decoded.length == SECRET_KEY_BYTES;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** @return how OSS interprets the value */
    public Kind kind() {
        if (value.equals("-") || value.equals("_")) {
            return Kind.KEY_FILE;
        }
        if (value.isEmpty()) {
            return Kind.NO_CHECK;
        }
        return looksLikeSecretKey(value) ? Kind.SECRET_KEY : Kind.LITERAL;
    }

    /** @return e.g. {@code "-" (id_ed25519)}, {@code "" (no key check)}, {@code <secret key, redacted>} or the quoted literal */
    @Override
    public String toString() {
        return switch (kind()) {
            case KEY_FILE -> '"' + value + "\" (id_ed25519)";
            case NO_CHECK -> "\"\" (no key check)";
            case SECRET_KEY -> "<secret key, redacted>";
            case LITERAL -> '"' + value + '"';
        };
    }
}
