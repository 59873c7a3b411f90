package io.jdesk.protocol.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's key files, compatible with rustdesk-server (servers.md §7.1), so a self-hoster's
 * existing {@code id_ed25519} keeps every client's configured Key valid:
 *
 * <pre>
 * id_ed25519      standard padded Base64, no newline, of the 64-byte secret key seed ‖ pk  (88 chars)
 * id_ed25519.pub  standard padded Base64 of the 32-byte public key                           (44 chars)
 * </pre>
 *
 * Loading reads only {@code id_ed25519} (the public key is its bytes 32..63; the .pub file is
 * never read). Writing is atomic per file (temporary file in the same directory, fsync, move);
 * the private file is created with permissions 0600 where POSIX permissions exist.
 *
 * <p>Stateless and thread-safe. Two processes generating into the same empty directory at the
 * same moment may each keep a different key in memory; the files on disk stay a matching pair.
 */
public final class KeyFiles {
    private static final Logger LOG = LoggerFactory.getLogger(KeyFiles.class);

    /** Secret key file name (rustdesk-server {@code gen_sk}). */
    public static final String SECRET_KEY_FILE = "id_ed25519";
    /** Public key file name (rustdesk-server {@code gen_sk}). */
    public static final String PUBLIC_KEY_FILE = "id_ed25519.pub";
    /** Generation retries until the Base64 public key has no '/' or ':' (servers.md §7.1). */
    public static final int MAX_GENERATION_ATTEMPTS = 300;
    /** What rustdesk-server prints (after "Fatal error: ") for an unusable {@code id_ed25519}. */
    public static final String MALFORMED_MESSAGE = "malformed private key in id_ed25519";
    /** Largest {@code id_ed25519} we read: 88 Base64 chars plus generous whitespace; never reads more. */
    static final int MAX_KEY_FILE_BYTES = 4096;

    private static final Set<PosixFilePermission> OWNER_READ_WRITE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> WORLD_READABLE = PosixFilePermissions.fromString("rw-r--r--");

    private KeyFiles() {
    }

    /**
     * Loads {@code dir/id_ed25519}: trimmed, Base64-decoded, exactly 64 bytes, and bytes
     * 32..63 must be the public key of bytes 0..31.
     *
     * @throws java.nio.file.NoSuchFileException when the file does not exist
     * @throws KeyFileException when it exists but is malformed
     * @throws IOException when it cannot be read
     */
    public static SigningKeyPair load(Path dir) throws IOException {
        Path file = dir.resolve(SECRET_KEY_FILE);
        byte[] raw;
        try (InputStream in = Files.newInputStream(file)) {
            raw = in.readNBytes(MAX_KEY_FILE_BYTES + 1);
        }
        if (raw.length > MAX_KEY_FILE_BYTES) {
            throw malformed(file, "file is longer than " + MAX_KEY_FILE_BYTES + " bytes");
        }
        String text = new String(raw, StandardCharsets.ISO_8859_1).strip();
        Arrays.fill(raw, (byte) 0);
        byte[] secret;
        try {
            secret = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw malformed(file, "not valid Base64");
        }
        try {
            if (secret.length != Sodium.SIGN_SECRET_KEY_BYTES) {
                throw malformed(file, "decodes to " + secret.length + " bytes, expected " + Sodium.SIGN_SECRET_KEY_BYTES);
            }
            return SigningKeyPair.fromSecretKey(secret);
        } catch (CryptoException e) {
            throw malformed(file, "bytes 32..63 are not the public key of the seed in bytes 0..31");
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    /**
     * Loads the key pair, or, when {@code id_ed25519} does not exist, generates one with
     * {@link #generateKeyPair()}, writes {@code .pub} then the private file, and logs it.
     * A caller that cannot write (IOException) may run without a key, as rustdesk-server does.
     */
    public static SigningKeyPair loadOrGenerate(Path dir) throws IOException {
        if (Files.exists(dir.resolve(SECRET_KEY_FILE))) {
            return load(dir);
        }
        SigningKeyPair pair = generateKeyPair();
        write(dir, pair);
        LOG.info("Private/public key written to {}/{} (pk {})", SECRET_KEY_FILE, PUBLIC_KEY_FILE, pair.fingerprint());
        return pair;
    }

    /**
     * A fresh key pair whose Base64 public key contains neither '/' nor ':' (so it is easy to
     * pass on command lines and in URLs), trying up to {@value #MAX_GENERATION_ATTEMPTS} times
     * and keeping the last candidate if all fail, as rustdesk-server does.
     */
    public static SigningKeyPair generateKeyPair() {
        SigningKeyPair pair = SigningKeyPair.generate();
        for (int attempt = 1; attempt < MAX_GENERATION_ATTEMPTS && !isPlainBase64(pair.publicKeyBase64()); attempt++) {
            pair = SigningKeyPair.generate();
        }
        if (!isPlainBase64(pair.publicKeyBase64())) {
            LOG.warn("generateKeyPair: no public key without '/' or ':' after {} attempts; keeping the last",
                    MAX_GENERATION_ATTEMPTS);
        }
        return pair;
    }

    /** @return true when {@code base64} contains neither '/' nor ':' */
    static boolean isPlainBase64(String base64) {
        return base64.indexOf('/') < 0 && base64.indexOf(':') < 0;
    }

    /** Writes {@code id_ed25519.pub} then {@code id_ed25519} into {@code dir}, each atomically. */
    public static void write(Path dir, SigningKeyPair pair) throws IOException {
        writeAtomically(dir.resolve(PUBLIC_KEY_FILE), pair.publicKeyBase64(), WORLD_READABLE);
        writeAtomically(dir.resolve(SECRET_KEY_FILE), pair.secretKeyBase64(), OWNER_READ_WRITE);
    }

    /**
     * Checks a pair given as text, e.g. {@code KEY_PUB}/{@code KEY_PRIV} for the
     * {@code validatekeypair} command: both decode, have the right lengths, the secret key is
     * internally consistent and its public half equals the given public key.
     */
    public static PairCheck validatePair(String publicBase64, String secretBase64) {
        byte[] pk;
        SigningKeyPair pair;
        try {
            pk = VerifyKey.fromBase64(publicBase64).bytes();
        } catch (CryptoException e) {
            return PairCheck.invalid(e.getMessage());
        }
        try {
            pair = SigningKeyPair.fromSecretKeyBase64(secretBase64);
        } catch (CryptoException e) {
            return PairCheck.invalid(e.getMessage());
        }
        if (!Sodium.constantTimeEquals(pk, pair.publicKey())) {
            return PairCheck.invalid("public key does not match the secret key");
        }
        return PairCheck.VALID;
    }

    /**
     * Result of {@link #validatePair}.
     *
     * @param valid whether the pair is usable
     * @param reason why not (empty when valid); never contains key material
     */
    public record PairCheck(boolean valid, String reason) {
        /** The successful result. */
        public static final PairCheck VALID = new PairCheck(true, "");

        static PairCheck invalid(String reason) {
            return new PairCheck(false, reason);
        }
    }

    private static KeyFileException malformed(Path file, String detail) {
        LOG.warn("load({}): {}", file, detail);
        return new KeyFileException(MALFORMED_MESSAGE, detail);
    }

    private static void writeAtomically(Path target, String content, Set<PosixFilePermission> mode)
            throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        boolean posix = target.getFileSystem().supportedFileAttributeViews().contains("posix");
        FileAttribute<?>[] attrs = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_READ_WRITE)}
                : new FileAttribute<?>[0];
        Path tmp = Files.createTempFile(dir, target.getFileName() + ".", ".tmp", attrs);
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer bytes = ByteBuffer.wrap(content.getBytes(StandardCharsets.US_ASCII));
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            if (posix) {
                Files.setPosixFilePermissions(tmp, mode);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
