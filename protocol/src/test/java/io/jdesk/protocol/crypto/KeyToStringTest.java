package io.jdesk.protocol.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** No key type prints key bytes: public material shows a fingerprint, secrets show {@code <redacted>}. */
class KeyToStringTest {

    @Test
    void signingKeyPair() {
        SigningKeyPair pair = SigningKeyPair.generate();

        assertHidesKeys(pair.toString(), pair.publicKey(), pair.secretKey(), pair.seed());
        assertThat(pair.toString()).contains(pair.fingerprint()).contains("<redacted>");
    }

    @Test
    void verifyKey() {
        VerifyKey key = SigningKeyPair.generate().verifyKey();

        assertHidesKeys(key.toString(), key.bytes());
        assertThat(key.toString()).contains(key.fingerprint());
    }

    @Test
    void boxKeyPair() {
        BoxKeyPair pair = BoxKeyPair.generate();

        assertHidesKeys(pair.toString(), pair.publicKey(), pair.secretKey());
        assertThat(pair.toString()).contains(pair.fingerprint()).contains("<redacted>");
    }

    @Test
    void sessionKeyStreamCipherAndOffer() {
        SessionKey key = SessionKey.generate();
        SealedKey.Offer offer = SealedKey.offer(BoxKeyPair.generate().publicKey());

        assertHidesKeys(key.toString(), key.bytes());
        assertHidesKeys(new StreamCipher(key).toString(), key.bytes());
        assertHidesKeys(offer.toString(), offer.publicKey(), offer.sessionKey().bytes());
        assertThat(key.toString()).contains("<redacted>");
    }

    @Test
    void fingerprintIsEightHexCharsOfSha256() {
        byte[] pk = SigningKeyPair.generate().publicKey();

        assertThat(VerifyKey.of(pk).fingerprint())
                .isEqualTo(HexFormat.of().formatHex(Sodium.sha256(pk)).substring(0, 8));
    }

    /** Neither hex nor Base64 of any key, nor a leading piece of either, appears in {@code text}. */
    private static void assertHidesKeys(String text, byte[]... keys) {
        for (byte[] key : keys) {
            String hex = HexFormat.of().formatHex(key);
            String b64 = Base64.getEncoder().encodeToString(key);
            assertThat(text).doesNotContain(hex).doesNotContain(b64);
            assertThat(text).doesNotContainIgnoringCase(hex.substring(0, 16));
            assertThat(text).doesNotContain(b64.substring(0, 12));
        }
    }
}
