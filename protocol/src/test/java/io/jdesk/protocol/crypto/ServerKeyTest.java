package io.jdesk.protocol.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code -k} / {@code KEY} table of servers.md §7.2, row by row. */
class ServerKeyTest {
    /** Base64 of RFC 8032 TEST 1 seed ‖ pk, and of its pk. */
    private static final String FILE_SECRET =
            "nWGxne/9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2DXWpgBgrEKt9VL/tPJZAc6DuFy89qmIyWvAhpo9wdRGg==";
    private static final String FILE_PUBLIC = "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=";

    @TempDir
    Path dir;

    @Test
    void rendezvousDefaultUsesTheKeyFile() throws IOException {
        Files.writeString(dir.resolve("id_ed25519"), FILE_SECRET);

        for (String value : new String[] {null, "-", "_"}) {
            ServerKey key = ServerKey.forRendezvous(value, dir);
            assertThat(key.validationKey()).as("-k %s", value).contains(FILE_PUBLIC);
            assertThat(key.signingKey()).get().extracting(SigningKeyPair::publicKeyBase64).isEqualTo(FILE_PUBLIC);
            assertThat(key.accepts(FILE_PUBLIC)).isTrue();
            assertThat(key.accepts(FILE_PUBLIC.toLowerCase())).isFalse();
        }
    }

    @Test
    void rendezvousDefaultGeneratesAMissingKeyFile() throws IOException {
        ServerKey key = ServerKey.forRendezvous("-", dir);

        assertThat(key.signingKey()).contains(KeyFiles.load(dir));
    }

    @Test
    void rendezvousEmptyAcceptsAnyLicenceButStillSigns() throws IOException {
        Files.writeString(dir.resolve("id_ed25519"), FILE_SECRET);

        ServerKey key = ServerKey.forRendezvous("", dir);

        assertThat(key.validationKey()).isEmpty();
        assertThat(key.accepts("whatever")).isTrue();
        assertThat(key.signingKey()).get().extracting(SigningKeyPair::publicKeyBase64).isEqualTo(FILE_PUBLIC);
    }

    @Test
    void rendezvousInlineSecretKeyValidatesWithItsPublicHalfAndSigns() throws IOException {
        SigningKeyPair inline = SigningKeyPair.generate();

        ServerKey key = ServerKey.forRendezvous(inline.secretKeyBase64(), dir);

        assertThat(key.validationKey()).contains(inline.publicKeyBase64());
        assertThat(key.signingKey()).contains(inline);
        assertThat(Files.exists(dir.resolve("id_ed25519"))).as("key file untouched").isFalse();
    }

    @Test
    void rendezvousInlineSecretKeyWithWrongPublicHalfIsRefused() {
        byte[] sk = Base64.getDecoder().decode(FILE_SECRET);
        sk[50] ^= 1;
        String broken = Base64.getEncoder().encodeToString(sk);

        assertThatThrownBy(() -> ServerKey.forRendezvous(broken, dir)).isInstanceOf(CryptoException.class);
    }

    @Test
    void rendezvousLiteralValidatesButCannotSign() throws IOException {
        ServerKey key = ServerKey.forRendezvous(FILE_PUBLIC, dir);

        assertThat(key.validationKey()).contains(FILE_PUBLIC);
        assertThat(key.signingKey()).isEmpty();
        assertThat(key.validatesWithoutSigning()).isTrue();
    }

    @Test
    void relayRows() throws IOException {
        Files.writeString(dir.resolve("id_ed25519"), FILE_SECRET);

        assertThat(ServerKey.forRelay(null, dir).validationKey()).isEmpty();
        assertThat(ServerKey.forRelay("", dir).validationKey()).isEmpty();
        assertThat(ServerKey.forRelay("-", dir).validationKey()).contains(FILE_PUBLIC);
        assertThat(ServerKey.forRelay("_", dir).signingKey()).isEmpty();
        assertThat(ServerKey.forRelay(FILE_SECRET, dir).validationKey()).contains(FILE_PUBLIC);
        assertThat(ServerKey.forRelay("abc", dir).validationKey()).contains("abc");
    }

    @Test
    void toStringHidesKeys() throws IOException {
        Files.writeString(dir.resolve("id_ed25519"), FILE_SECRET);

        String text = ServerKey.forRendezvous("-", dir).toString();

        assertThat(text).doesNotContain(FILE_PUBLIC).doesNotContain(FILE_SECRET.substring(0, 12));
    }
}
