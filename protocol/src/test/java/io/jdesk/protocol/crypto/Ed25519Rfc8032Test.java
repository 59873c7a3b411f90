package io.jdesk.protocol.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** RFC 8032 §7.1 test vectors through {@link SigningKeyPair} / {@link VerifyKey} (combined mode, peer.md §1.4). */
class Ed25519Rfc8032Test {
    private static final HexFormat HEX = HexFormat.of();

    /** RFC 8032 §7.1: TEST 1, TEST 2, TEST 3, TEST SHA(abc). Columns: seed (SECRET KEY), PUBLIC KEY, MESSAGE, SIGNATURE. */
    static Stream<Arguments> vectors() {
        return Stream.of(
                Arguments.of("TEST 1",
                        "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
                        "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
                        "",
                        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
                                + "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"),
                Arguments.of("TEST 2",
                        "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
                        "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
                        "72",
                        "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
                                + "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"),
                Arguments.of("TEST 3",
                        "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
                        "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
                        "af82",
                        "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac"
                                + "18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"),
                Arguments.of("TEST SHA(abc)",
                        "833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42",
                        "ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf",
                        "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
                                + "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
                        "dc2a4459e7369633a52b1bf277839a00201009a3efbf3ecb69bea2186c26b589"
                                + "09351fc9ac90b3ecfdfbc7c66431e0303dca179c138ac17ad9bef1177331a704"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void seedGivesPublicKeyAndCombinedSignature(String name, String seed, String pk, String msg, String sig) {
        SigningKeyPair pair = SigningKeyPair.fromSeed(HEX.parseHex(seed));

        assertThat(HEX.formatHex(pair.publicKey())).isEqualTo(pk);
        assertThat(HEX.formatHex(pair.secretKey())).isEqualTo(seed + pk);
        assertThat(HEX.formatHex(pair.sign(HEX.parseHex(msg)))).isEqualTo(sig + msg);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void openAcceptsTheVectorAndRejectsAnyFlippedBit(String name, String seed, String pk, String msg, String sig) {
        VerifyKey key = VerifyKey.of(HEX.parseHex(pk));
        byte[] signed = HEX.parseHex(sig + msg);

        assertThat(key.open(signed)).hasValueSatisfying(m -> assertThat(m).isEqualTo(HEX.parseHex(msg)));
        for (int i = 0; i < signed.length; i++) {
            byte[] tampered = signed.clone();
            tampered[i] ^= 0x01;
            assertThat(key.open(tampered)).as("bit flipped in byte %d", i).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void jdkEd25519ProducesTheSameSignature(String name, String seed, String pk, String msg, String sig)
            throws Exception {
        PrivateKey jdkKey = KeyFactory.getInstance("Ed25519")
                .generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, HEX.parseHex(seed)));
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(jdkKey);
        signer.update(HEX.parseHex(msg));

        byte[] fromSodium = SigningKeyPair.fromSeed(HEX.parseHex(seed)).sign(HEX.parseHex(msg));
        assertThat(HEX.formatHex(signer.sign())).isEqualTo(HEX.formatHex(fromSodium, 0, Sodium.SIGNATURE_BYTES));
    }

    @Test
    void openRejectsWrongKeyAndTruncatedInput() {
        SigningKeyPair pair = SigningKeyPair.generate();
        byte[] signed = pair.sign(new byte[] {1, 2, 3});

        assertThat(SigningKeyPair.generate().verifyKey().open(signed)).isEmpty();
        assertThat(pair.verifyKey().open(new byte[63])).isEmpty();
        assertThat(pair.verifyKey().open(new byte[0])).isEmpty();
        assertThat(pair.verifyKey().open(signed)).hasValueSatisfying(m -> assertThat(m).containsExactly(1, 2, 3));
    }

    @Test
    void skToPkReturnsTheUpperHalf() {
        SigningKeyPair pair = SigningKeyPair.fromSeed(HEX.parseHex(
                "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb"));

        assertThat(HEX.formatHex(Sodium.signSkToPk(pair.secretKey())))
                .isEqualTo("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c");
    }

    @Test
    void fromSecretKeyValidatesLengthAndPublicHalf() {
        SigningKeyPair pair = SigningKeyPair.generate();
        byte[] sk = pair.secretKey();

        assertThat(SigningKeyPair.fromSecretKey(sk)).isEqualTo(pair);
        byte[] mismatched = sk.clone();
        mismatched[40] ^= 0x01;
        assertThatThrownBy(() -> SigningKeyPair.fromSecretKey(mismatched))
                .isInstanceOf(CryptoException.class).hasMessageContaining("not the public key of its seed");
        assertThatThrownBy(() -> SigningKeyPair.fromSecretKey(new byte[63]))
                .isInstanceOf(CryptoException.class).hasMessageContaining("must be 64 bytes, got 63");
        assertThatThrownBy(() -> SigningKeyPair.fromSeed(new byte[31]))
                .isInstanceOf(CryptoException.class).hasMessageContaining("must be 32 bytes, got 31");
    }

    @Test
    void base64FormsRoundTrip() {
        SigningKeyPair pair = SigningKeyPair.generate();

        assertThat(pair.publicKeyBase64()).hasSize(44);
        assertThat(pair.secretKeyBase64()).hasSize(88);
        assertThat(SigningKeyPair.fromSecretKeyBase64(pair.secretKeyBase64())).isEqualTo(pair);
        assertThat(VerifyKey.fromBase64(pair.publicKeyBase64())).isEqualTo(pair.verifyKey());
        assertThatThrownBy(() -> VerifyKey.fromBase64("not base64!")).isInstanceOf(CryptoException.class);
    }
}
