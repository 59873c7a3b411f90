package io.jdesk.protocol.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Facade basics: loading, sizes checked before any native call, SHA-256, random bytes. */
class SodiumTest {

    @Test
    void libsodiumLoads() {
        assertThat(Sodium.isAvailable()).isTrue();
    }

    @Test
    void sha256OfAbcIsTheFips180Vector() {
        assertThat(HexFormat.of().formatHex(Sodium.sha256("abc".getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(Sodium.sha256("a".getBytes(StandardCharsets.US_ASCII), "bc".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo(Sodium.sha256("abc".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void randomBytesHaveTheRequestedLengthAndDiffer() {
        assertThat(Sodium.randomBytes(32)).hasSize(32).isNotEqualTo(Sodium.randomBytes(32));
        assertThat(Sodium.randomBytes(0)).isEmpty();
        assertThatThrownBy(() -> Sodium.randomBytes(-1)).isInstanceOf(CryptoException.class);
    }

    @Test
    void wrongSizesAreRefusedWithTheirName() {
        assertThatThrownBy(() -> Sodium.secretBoxEasy(new byte[1], new byte[23], new byte[32]))
                .isInstanceOf(CryptoException.class).hasMessage("secretbox nonce must be 24 bytes, got 23");
        assertThatThrownBy(() -> Sodium.sign(new byte[1], new byte[32]))
                .isInstanceOf(CryptoException.class).hasMessage("sign secret key must be 64 bytes, got 32");
        assertThatThrownBy(() -> Sodium.boxEasy(new byte[1], new byte[24], null, new byte[32]))
                .isInstanceOf(CryptoException.class).hasMessageContaining("box public key is null");
    }

    @Test
    void shortCiphertextsOpenToEmptyInsteadOfFailingNatively() {
        assertThat(Sodium.secretBoxOpenEasy(new byte[15], new byte[24], new byte[32])).isEmpty();
        assertThat(Sodium.boxOpenEasy(new byte[15], new byte[24], new byte[32], new byte[32])).isEmpty();
    }

    @Test
    void constantTimeEqualsComparesContentAndLength() {
        assertThat(Sodium.constantTimeEquals(new byte[] {1, 2}, new byte[] {1, 2})).isTrue();
        assertThat(Sodium.constantTimeEquals(new byte[] {1, 2}, new byte[] {1, 3})).isFalse();
        assertThat(Sodium.constantTimeEquals(new byte[] {1, 2}, new byte[] {1, 2, 3})).isFalse();
    }
}
