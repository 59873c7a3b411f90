package io.jdesk.peer.internal;

import io.jdesk.protocol.crypto.PasswordProof;
import io.jdesk.protocol.crypto.SigningKeyPair;
import io.jdesk.protocol.net.PeerIds;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;

/**
 * A device's persistent identity (peer.md §1.5) in one file, {@value #FILE}, in a directory the
 * application chooses: ID, uuid, Ed25519 key pair, salt and the permanent password as
 * {@code h1 = SHA-256(password ‖ salt)} (never the password itself). Created on first use; every
 * change is written to a temporary file and moved into place, so a crash leaves the old or the
 * new identity, never a torn one. The file is readable by its owner only where the file system
 * supports POSIX permissions.
 */
public final class IdentityStore implements RegistrationIdentity {

    public static final String FILE = "jdesk-device.properties";

    private final Path file;
    private final SecureRandom random;
    private String id;
    private final byte[] uuid;
    private final SigningKeyPair keyPair;
    private final String salt;
    private byte[] permanentH1; // null: no permanent password

    private IdentityStore(Path file, SecureRandom random, String id, byte[] uuid, SigningKeyPair keyPair, String salt,
            byte[] permanentH1) {
        this.file = file;
        this.random = random;
        this.id = id;
        this.uuid = uuid;
        this.keyPair = keyPair;
        this.salt = salt;
        this.permanentH1 = permanentH1;
    }

    /** Loads the identity in {@code dir}, creating the directory and a new identity when absent. */
    public static IdentityStore open(Path dir) throws IOException {
        SecureRandom random = new SecureRandom();
        Path file = dir.resolve(FILE);
        if (!Files.exists(file)) {
            Files.createDirectories(dir);
            IdentityStore fresh = new IdentityStore(file, random, PeerIds.randomDefaultId(random),
                    UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8), SigningKeyPair.generate(),
                    PasswordProof.newSalt(random), null);
            fresh.save();
            return fresh;
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        try {
            String id = required(p, "id");
            if (!PeerIds.isValidRegistrationId(id) || !PeerIds.isValidUntrusted(id)) {
                throw new IOException("invalid id in " + file + ": at least 6 characters, no spaces or \"<>/\\|?*");
            }
            byte[] uuid = Base64.getDecoder().decode(required(p, "uuid"));
            SigningKeyPair pair = SigningKeyPair.fromSecretKeyBase64(required(p, "secret_key"));
            String salt = required(p, "salt");
            String h1 = p.getProperty("permanent_password_h1", "");
            return new IdentityStore(file, random, id, uuid, pair, salt,
                    h1.isEmpty() ? null : Base64.getDecoder().decode(h1));
        } catch (IllegalArgumentException e) {
            throw new IOException("corrupt device identity " + file + ": " + e.getMessage(), e);
        }
    }

    private static String required(Properties p, String key) throws IOException {
        String v = p.getProperty(key);
        if (v == null || v.isEmpty()) {
            throw new IOException("missing '" + key + "'");
        }
        return v;
    }

    @Override
    public synchronized String id() {
        return id;
    }

    /** Sets the ID (e.g. chosen by the user) and persists it. */
    public synchronized void setId(String newId) throws IOException {
        if (!PeerIds.isValidRegistrationId(newId) || !PeerIds.isValidUntrusted(newId)) {
            throw new IllegalArgumentException("invalid ID '" + newId
                    + "': at least 6 characters, at most 253, no spaces or \"<>/\\|?*");
        }
        if (!newId.equals(id)) {
            id = newId;
            save();
        }
    }

    @Override
    public synchronized String replaceId() {
        id = Integer.toString(random.nextInt(1_000_000_000, 2_000_000_000));
        try {
            save();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot persist the new ID " + id, e);
        }
        return id;
    }

    @Override
    public byte[] uuid() {
        return uuid.clone();
    }

    @Override
    public SigningKeyPair keyPair() {
        return keyPair;
    }

    /** The persistent salt every Hash carries (peer.md §6.1). */
    public String salt() {
        return salt;
    }

    /** {@code SHA-256(password ‖ salt)} of the permanent password, if one is set. */
    public synchronized Optional<byte[]> permanentH1() {
        return Optional.ofNullable(permanentH1).map(byte[]::clone);
    }

    /** Sets (or with null/empty clears) the permanent password; only its salted hash is stored. */
    public synchronized void setPermanentPassword(String password) throws IOException {
        byte[] h1 = password == null || password.isEmpty() ? null : PasswordProof.h1(password, salt);
        if (!java.util.Arrays.equals(h1, permanentH1)) {
            permanentH1 = h1;
            save();
        }
    }

    private void save() throws IOException {
        Properties p = new Properties();
        p.setProperty("id", id);
        p.setProperty("uuid", Base64.getEncoder().encodeToString(uuid));
        p.setProperty("secret_key", keyPair.secretKeyBase64());
        p.setProperty("salt", salt);
        if (permanentH1 != null) {
            p.setProperty("permanent_password_h1", Base64.getEncoder().encodeToString(permanentH1));
        }
        StringWriter text = new StringWriter();
        p.store(text, "jdesk device identity: keep it secret, keep it safe");
        Path tmp = file.resolveSibling(FILE + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(tmp);
        }
        Files.writeString(tmp, text.toString(), StandardCharsets.UTF_8);
        try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
