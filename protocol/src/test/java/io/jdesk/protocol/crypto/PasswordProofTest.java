package io.jdesk.protocol.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Login password proof (peer.md §6.2, vectors.md V10) and salt/challenge generation (§1.5, §6.1). */
class PasswordProofTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final String PASSWORD = "123456";
    private static final String SALT = "abcdefghijkmnpqrstuvwxyz23456789";
    private static final String CHALLENGE = "abc234";
    /** SHA-256("123456" ‖ SALT), computed independently (Python hashlib). */
    private static final String H1 = "ca0c7be442807d53014438c5b509016b2049a7b71028e967ae9acb7d4eff4f2e";
    /** SHA-256(H1 bytes ‖ "abc234"), computed independently (Python hashlib). */
    private static final String PROOF = "d981a9acca6987371b743a58a774cff1d37b7d7275e8fbefd124031d24373fd1";

    @Test
    void fixedExampleMatchesIndependentDigest() throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update(PASSWORD.getBytes(StandardCharsets.UTF_8));
        sha.update(SALT.getBytes(StandardCharsets.UTF_8));
        byte[] expectedH1 = sha.digest();
        sha.update(expectedH1);
        sha.update(CHALLENGE.getBytes(StandardCharsets.UTF_8));
        byte[] expectedProof = sha.digest();

        byte[] h1 = PasswordProof.h1(PASSWORD, SALT);
        byte[] proof = PasswordProof.proof(h1, CHALLENGE);

        assertThat(h1).isEqualTo(expectedH1);
        assertThat(proof).isEqualTo(expectedProof);
        assertThat(HEX.formatHex(h1)).isEqualTo(H1);
        assertThat(HEX.formatHex(proof)).isEqualTo(PROOF);
    }

    @Test
    void passwordIsEncodedAsUtf8() {
        assertThat(HEX.formatHex(PasswordProof.h1("p\u00e4ssw\u00f6rd", SALT)))
                .isEqualTo("dd80612aca3008755ee48f7de9a45c3344ddfcab0acf8c5e85b47632f092dc07");
    }

    @Test
    void verifyAcceptsOnlyTheMatchingProof() {
        byte[] h1 = HEX.parseHex(H1);
        byte[] proof = HEX.parseHex(PROOF);

        assertThat(PasswordProof.verify(h1, CHALLENGE, proof)).isTrue();
        assertThat(PasswordProof.verify(h1, "abc235", proof)).isFalse();
        assertThat(PasswordProof.verify(PasswordProof.h1("1234567", SALT), CHALLENGE, proof)).isFalse();
        byte[] flipped = proof.clone();
        flipped[31] ^= 1;
        assertThat(PasswordProof.verify(h1, CHALLENGE, flipped)).isFalse();
        assertThat(PasswordProof.verify(h1, CHALLENGE, new byte[0])).isFalse();
        assertThat(PasswordProof.verify(h1, CHALLENGE, null)).isFalse();
    }

    @Test
    void saltAndChallengeUseTheAlphabetAndLengths() {
        SecureRandom random = new SecureRandom();
        Set<Character> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            String salt = PasswordProof.newSalt(random);
            String challenge = PasswordProof.newChallenge();
            assertThat(salt).hasSize(32).matches("[23456789abcdefghijkmnpqrstuvwxyz]+");
            assertThat(challenge).hasSize(6).matches("[23456789abcdefghijkmnpqrstuvwxyz]+");
            salt.chars().forEach(c -> seen.add((char) c));
        }
        assertThat(PasswordProof.newSalt()).hasSize(32).matches("[23456789abcdefghijkmnpqrstuvwxyz]+");
        assertThat(PasswordProof.newChallenge(random)).hasSize(6);
        assertThat(seen).hasSize(PasswordProof.ALPHABET.length());
    }
}
