package io.jdesk.protocol.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.goterl.lazysodium.LazySodiumJava;
import com.goterl.lazysodium.SodiumJava;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The zero-nonce key box of peer.md §5.2/§5.3 and servers.md §7.5. */
class SealedKeyTest {
    private static final HexFormat HEX = HexFormat.of();

    /** RFC 7748 §6.1 Alice: secret and public X25519 keys (also the NaCl box test keys). */
    private static final BoxKeyPair ALICE = BoxKeyPair.fromSecretKey(
            HEX.parseHex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"));
    private static final String ALICE_PK = "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a";
    /** RFC 7748 §6.1 Bob. */
    private static final BoxKeyPair BOB = BoxKeyPair.fromSecretKey(
            HEX.parseHex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb"));
    private static final String BOB_PK = "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f";
    /** K = 00 01 02 … 1f. */
    private static final SessionKey K = SessionKey.of(HEX.parseHex(
            "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"));
    /**
     * crypto_box_easy(K, nonce = 0^24, BOB_PK, ALICE_SK) = MAC(16) ‖ ct(32). Computed once with
     * libsodium and confirmed with an independent X25519 + HSalsa20 + XSalsa20-Poly1305
     * computation outside libsodium; pinned so a change of nonce, key order or layout is caught.
     */
    private static final String SEALED = "1b37a897c7a15ec762acfc7508b709de"
            + "06d120646cc618c3213521edd5ce3751b43fe301c12efde7165a8e64d5fd3b22";

    @Test
    void rfc7748KeysDeriveTheirPublishedPublicKeys() {
        assertThat(HEX.formatHex(ALICE.publicKey())).isEqualTo(ALICE_PK);
        assertThat(HEX.formatHex(BOB.publicKey())).isEqualTo(BOB_PK);
    }

    @Test
    void fixedKeysSealToPinnedBytes() {
        byte[] sealed = SealedKey.seal(K, BOB.publicKey(), ALICE);

        assertThat(sealed).hasSize(SealedKey.SEALED_BYTES);
        assertThat(HEX.formatHex(sealed)).isEqualTo(SEALED);
    }

    @Test
    void sealedEqualsSecretboxUnderTheBoxSharedKeyWithZeroNonce() {
        LazySodiumJava lazy = new LazySodiumJava(new SodiumJava());
        byte[] shared = new byte[32];
        assertThat(lazy.cryptoBoxBeforeNm(shared, BOB.publicKey(), ALICE.secretKey())).isTrue();

        byte[] viaSecretbox = Sodium.secretBoxEasy(K.bytes(), new byte[24], shared);
        assertThat(SealedKey.seal(K, BOB.publicKey(), ALICE)).isEqualTo(viaSecretbox);
    }

    @Test
    void receiverOpensWithSenderPublicKey() {
        byte[] sealed = SealedKey.seal(K, BOB.publicKey(), ALICE);

        assertThat(SealedKey.open(sealed, ALICE.publicKey(), BOB)).contains(K);
    }

    @Test
    void anyTamperedByteIsRejected() {
        byte[] sealed = SealedKey.seal(K, BOB.publicKey(), ALICE);
        for (int i = 0; i < sealed.length; i++) {
            byte[] tampered = sealed.clone();
            tampered[i] ^= (byte) 0x80;
            assertThat(SealedKey.open(tampered, ALICE.publicKey(), BOB)).as("byte %d", i).isEmpty();
        }
    }

    @Test
    void wrongSenderKeyIsRejected() {
        byte[] sealed = SealedKey.seal(K, BOB.publicKey(), ALICE);

        assertThat(SealedKey.open(sealed, BoxKeyPair.generate().publicKey(), BOB)).isEmpty();
    }

    @Test
    void wrongLengthsAreRejected() {
        byte[] sealed = SealedKey.seal(K, BOB.publicKey(), ALICE);
        // a valid box of a 31-byte key: authenticates, but is not a 32-byte key
        byte[] shortKeyBox = Sodium.boxEasy(new byte[31], new byte[24], BOB.publicKey(), ALICE.secretKey());

        assertThat(SealedKey.open(shortKeyBox, ALICE.publicKey(), BOB)).isEmpty();
        assertThat(SealedKey.open(Arrays.copyOf(sealed, 47), ALICE.publicKey(), BOB)).isEmpty();
        assertThat(SealedKey.open(Arrays.copyOf(sealed, 49), ALICE.publicKey(), BOB)).isEmpty();
        assertThat(SealedKey.open(new byte[0], ALICE.publicKey(), BOB)).isEmpty();
        assertThatThrownBy(() -> SealedKey.open(sealed, new byte[31], BOB)).isInstanceOf(CryptoException.class);
    }

    @Test
    void offerRoundTripsThroughOpen() {
        BoxKeyPair device = BoxKeyPair.generate();
        SealedKey.Offer offer = SealedKey.offer(device.publicKey());

        assertThat(offer.publicKey()).hasSize(32);
        assertThat(offer.sealed()).hasSize(48);
        assertThat(SealedKey.open(offer.sealed(), offer.publicKey(), device)).contains(offer.sessionKey());
    }

    @Test
    void lowOrderPeerKeyCannotBeSealedTo() {
        assertThatThrownBy(() -> SealedKey.seal(K, new byte[32], ALICE)).isInstanceOf(CryptoException.class);
    }
}
