package io.jdesk.protocol.crypto;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * The resolved {@code -k} / {@code KEY} setting of a server (servers.md §7.2): which
 * {@code licence_key} clients must send, and which Ed25519 key signs IdPk and KeyExchange.
 *
 * <pre>
 * value of -k                     hbbs: validation / signing             hbbr: validation
 * not given, "-", "_"             pk of id_ed25519 / sk of id_ed25519     (hbbr default is empty)
 * "-", "_" (hbbr)                                                         pk of id_ed25519
 * "" (e.g. KEY=)                  none (accept any) / sk of id_ed25519    none (accept any)
 * Base64 of a 64-byte secret key  Base64 of its pk half / that key        Base64 of its pk half
 * anything else                   that exact string / NONE                that exact string
 * </pre>
 *
 * {@code id_ed25519} is loaded, or generated when missing, with {@link KeyFiles#loadOrGenerate}.
 * The last hbbs row is the OSS pitfall of §7.4: clients then get no signed pk and sessions
 * run unencrypted; {@link #validatesWithoutSigning()} lets the settings layer refuse it.
 *
 * <p>Immutable and thread-safe. {@code toString()} prints no key material.
 */
public final class ServerKey {
    /** hbbr waits this long for a co-located hbbs to create {@code id_ed25519} (rustdesk-server relay_server.rs). */
    public static final Duration RELAY_KEY_FILE_WAIT = Duration.ofMillis(300);

    private final String validationKey;
    private final SigningKeyPair signingKey;

    private ServerKey(String validationKey, SigningKeyPair signingKey) {
        this.validationKey = validationKey;
        this.signingKey = signingKey;
    }

    /**
     * Resolves hbbs's {@code -k}.
     *
     * @param value the flag value, or null when not given (same as {@code "-"})
     * @param keyDir where {@code id_ed25519} lives (the working directory in OSS)
     * @throws KeyFileException when {@code id_ed25519} is malformed
     * @throws CryptoException when {@code value} decodes to 64 bytes whose public half does not match its seed
     */
    public static ServerKey forRendezvous(String value, Path keyDir) throws IOException {
        if (value == null || isFileMarker(value)) {
            SigningKeyPair pair = KeyFiles.loadOrGenerate(keyDir);
            return new ServerKey(pair.publicKeyBase64(), pair);
        }
        if (value.isEmpty()) {
            return new ServerKey(null, KeyFiles.loadOrGenerate(keyDir));
        }
        Optional<SigningKeyPair> inline = inlineSecretKey(value);
        if (inline.isPresent()) {
            return new ServerKey(inline.get().publicKeyBase64(), inline.get());
        }
        return new ServerKey(value, null);
    }

    /**
     * Resolves hbbr's {@code -k}. hbbr never signs. For {@code "-"}/{@code "_"} the caller
     * should first wait up to {@link #RELAY_KEY_FILE_WAIT} if {@code id_ed25519} does not exist.
     *
     * @param value the flag value, or null when not given (same as {@code ""})
     */
    public static ServerKey forRelay(String value, Path keyDir) throws IOException {
        if (value == null || value.isEmpty()) {
            return new ServerKey(null, null);
        }
        if (isFileMarker(value)) {
            return new ServerKey(KeyFiles.loadOrGenerate(keyDir).publicKeyBase64(), null);
        }
        return new ServerKey(inlineSecretKey(value).map(SigningKeyPair::publicKeyBase64).orElse(value), null);
    }

    /** @return the exact {@code licence_key} clients must send, or empty when any is accepted */
    public Optional<String> validationKey() {
        return Optional.ofNullable(validationKey);
    }

    /** @return the key that signs IdPk and KeyExchange, or empty (hbbr, or a literal hbbs {@code -k}) */
    public Optional<SigningKeyPair> signingKey() {
        return Optional.ofNullable(signingKey);
    }

    /** @return whether a client's {@code licence_key} is accepted: exact, case-sensitive equality, or no check */
    public boolean accepts(String licenceKey) {
        return validationKey == null || validationKey.equals(licenceKey);
    }

    /**
     * @return true for the "validation key but no signing key" configuration (servers.md §7.4);
     *     meaningful for hbbs only, since hbbr never signs
     */
    public boolean validatesWithoutSigning() {
        return validationKey != null && signingKey == null;
    }

    private static boolean isFileMarker(String value) {
        return value.equals("-") || value.equals("_");
    }

    /** @return the key pair when {@code value} is Base64 of exactly 64 bytes, else empty */
    private static Optional<SigningKeyPair> inlineSecretKey(String value) {
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        try {
            return decoded.length == Sodium.SIGN_SECRET_KEY_BYTES
                    ? Optional.of(SigningKeyPair.fromSecretKey(decoded))
                    : Optional.empty();
        } finally {
            Arrays.fill(decoded, (byte) 0);
        }
    }

    @Override
    public String toString() {
        String validation = validationKey == null ? "any" : "exact(" + validationKey.length() + " chars)";
        return "ServerKey[validation=" + validation + ", signing=" + (signingKey == null ? "none" : signingKey) + "]";
    }
}
