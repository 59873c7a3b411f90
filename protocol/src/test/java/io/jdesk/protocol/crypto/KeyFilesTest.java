package io.jdesk.protocol.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** rustdesk-server compatible {@code id_ed25519} / {@code id_ed25519.pub} files (servers.md §7.1). */
class KeyFilesTest {
    private static final HexFormat HEX = HexFormat.of();
    /** Base64 of RFC 8032 TEST 1 seed ‖ pk, as rustdesk-server would have written it. */
    private static final String KNOWN_SECRET =
            "nWGxne/9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2DXWpgBgrEKt9VL/tPJZAc6DuFy89qmIyWvAhpo9wdRGg==";
    private static final String KNOWN_PUBLIC = "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=";
    private static final String KNOWN_PUBLIC_HEX = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
    /** Base64 of RFC 8032 TEST 2 pk: a valid key that does not belong to KNOWN_SECRET. */
    private static final String OTHER_PUBLIC = "PUAXw+hDiVqStwqnTRt+vJyYLM8uxJaMwM1V8Sr0Zgw=";

    @TempDir
    Path dir;

    @Test
    void generatesWritesAndLoadsBackTheSameKey() throws IOException {
        SigningKeyPair generated = KeyFiles.loadOrGenerate(dir);

        assertThat(KeyFiles.load(dir)).isEqualTo(generated);
        assertThat(KeyFiles.loadOrGenerate(dir)).isEqualTo(generated);
    }

    @Test
    void writtenFilesHaveTheRustdeskFormat() throws IOException {
        SigningKeyPair generated = KeyFiles.loadOrGenerate(dir);

        String secret = Files.readString(dir.resolve("id_ed25519"), StandardCharsets.US_ASCII);
        String pub = Files.readString(dir.resolve("id_ed25519.pub"), StandardCharsets.US_ASCII);
        assertThat(secret).hasSize(88).doesNotContain("\n").endsWith("==");
        assertThat(Base64.getDecoder().decode(secret)).isEqualTo(generated.secretKey());
        assertThat(pub).hasSize(44).doesNotContain("\n").endsWith("=");
        assertThat(Base64.getDecoder().decode(pub)).isEqualTo(generated.publicKey());
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).as("no temporary files left").hasSize(2);
        }
    }

    @Test
    void privateFileIsOwnerOnlyWherePosixIsSupported() throws IOException {
        KeyFiles.loadOrGenerate(dir);
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("id_ed25519"))))
                    .isEqualTo("rw-------");
        }
    }

    @Test
    void loadsAPreWrittenKeyWithTrailingNewlineAndWithoutPubFile() throws IOException {
        Files.writeString(dir.resolve("id_ed25519"), KNOWN_SECRET + "\n");

        SigningKeyPair loaded = KeyFiles.load(dir);

        assertThat(HEX.formatHex(loaded.publicKey())).isEqualTo(KNOWN_PUBLIC_HEX);
        assertThat(loaded.publicKeyBase64()).isEqualTo(KNOWN_PUBLIC);
        assertThat(Files.exists(dir.resolve("id_ed25519.pub"))).isFalse();
    }

    @Test
    void existingKeyIsNotReplaced() throws IOException {
        Files.writeString(dir.resolve("id_ed25519"), KNOWN_SECRET);

        assertThat(KeyFiles.loadOrGenerate(dir).publicKeyBase64()).isEqualTo(KNOWN_PUBLIC);
        assertThat(Files.readString(dir.resolve("id_ed25519"))).isEqualTo(KNOWN_SECRET);
    }

    @Test
    void rejectsBadBase64() throws IOException {
        Files.writeString(dir.resolve("id_ed25519"), "not*base64");

        assertMalformed("not valid Base64");
    }

    @Test
    void rejects63Bytes() throws IOException {
        byte[] short63 = Arrays.copyOf(Base64.getDecoder().decode(KNOWN_SECRET), 63);
        Files.writeString(dir.resolve("id_ed25519"), Base64.getEncoder().encodeToString(short63));

        assertMalformed("63 bytes");
    }

    @Test
    void rejectsMismatchedPublicHalf() throws IOException {
        byte[] sk = Base64.getDecoder().decode(KNOWN_SECRET);
        sk[63] ^= 1;
        Files.writeString(dir.resolve("id_ed25519"), Base64.getEncoder().encodeToString(sk));

        assertMalformed("not the public key");
    }

    @Test
    void rejectsOversizedFileBeforeReadingIt() throws IOException {
        Files.write(dir.resolve("id_ed25519"), new byte[KeyFiles.MAX_KEY_FILE_BYTES + 1]);

        assertMalformed("longer than 4096 bytes");
    }

    @Test
    void missingFileIsNoSuchFile() {
        assertThatThrownBy(() -> KeyFiles.load(dir)).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void generatedPublicKeysAvoidSlashAndColon() {
        for (int i = 0; i < 200; i++) {
            assertThat(KeyFiles.generateKeyPair().publicKeyBase64()).doesNotContain("/").doesNotContain(":");
        }
    }

    @Test
    void validatePairAcceptsAMatchingPair() {
        assertThat(KeyFiles.validatePair(KNOWN_PUBLIC, KNOWN_SECRET)).isEqualTo(KeyFiles.PairCheck.VALID);
        assertThat(KeyFiles.validatePair(KNOWN_PUBLIC + "\n", KNOWN_SECRET + "\n").valid()).isTrue();
    }

    @Test
    void validatePairExplainsEachFailure() {
        String sk63 = Base64.getEncoder().encodeToString(Arrays.copyOf(Base64.getDecoder().decode(KNOWN_SECRET), 63));
        String pk31 = Base64.getEncoder().encodeToString(new byte[31]);
        byte[] inconsistent = Base64.getDecoder().decode(KNOWN_SECRET);
        inconsistent[40] ^= 1;
        String skInconsistent = Base64.getEncoder().encodeToString(inconsistent);

        assertInvalid(KeyFiles.validatePair("%%%", KNOWN_SECRET), "public key is not valid Base64");
        assertInvalid(KeyFiles.validatePair(KNOWN_PUBLIC, "%%%"), "secret key is not valid Base64");
        assertInvalid(KeyFiles.validatePair(pk31, KNOWN_SECRET), "must decode to 32 bytes, got 31");
        assertInvalid(KeyFiles.validatePair(KNOWN_PUBLIC, sk63), "must decode to 64 bytes, got 63");
        assertInvalid(KeyFiles.validatePair(KNOWN_PUBLIC, skInconsistent), "not the public key of its seed");
        assertInvalid(KeyFiles.validatePair(OTHER_PUBLIC, KNOWN_SECRET), "public key does not match the secret key");
    }

    private void assertMalformed(String detail) {
        assertThatThrownBy(() -> KeyFiles.load(dir))
                .isInstanceOf(KeyFileException.class)
                .hasMessage("malformed private key in id_ed25519")
                .satisfies(e -> assertThat(((KeyFileException) e).detail()).contains(detail));
    }

    private static void assertInvalid(KeyFiles.PairCheck check, String reason) {
        assertThat(check.valid()).isFalse();
        assertThat(check.reason()).contains(reason);
    }
}
