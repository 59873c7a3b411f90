package io.jdesk.peer.internal.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.jdesk.peer.PeerException;
import io.jdesk.peer.SessionKind;
import io.jdesk.protocol.crypto.BoxKeyPair;
import io.jdesk.protocol.crypto.SealedKey;
import io.jdesk.protocol.crypto.SessionKey;
import io.jdesk.protocol.crypto.SigningKeyPair;
import io.jdesk.protocol.crypto.Sodium;
import io.jdesk.protocol.crypto.StreamCipher;
import io.jdesk.protocol.proto.Hash;
import io.jdesk.protocol.proto.IdPk;
import io.jdesk.protocol.proto.Message;
import io.jdesk.protocol.proto.PublicKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The handshake and login bytes with fixed keys (peer.md §5.3, §5.4, §6.2; vectors.md V10): the
 * layouts are checked byte by byte, the crypto against libsodium directly and SHA-256 against the
 * JDK, so a change in our wrappers cannot go unnoticed.
 */
class HandshakeBytesTest {

    static final HexFormat HEX = HexFormat.of();
    static final SigningKeyPair DEVICE = SigningKeyPair.fromSeed(filled(32, 1));
    static final SigningKeyPair SERVER = SigningKeyPair.fromSeed(filled(32, 2));
    static final BoxKeyPair DEVICE_EPHEMERAL = BoxKeyPair.fromSecretKey(filled(32, 3));
    static final BoxKeyPair CONTROLLER_EPHEMERAL = BoxKeyPair.fromSecretKey(filled(32, 4));
    static final SessionKey KEY = SessionKey.of(filled(32, 5));
    static final String ID = "123456789";

    static byte[] filled(int n, int v) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) v);
        return b;
    }

    static byte[] idPk(String id, byte[] pk) {
        // IdPk{1: id, 2: pk}: 0a len id 12 20 pk
        byte[] idBytes = id.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[2 + idBytes.length + 2 + pk.length];
        out[0] = 0x0a;
        out[1] = (byte) idBytes.length;
        System.arraycopy(idBytes, 0, out, 2, idBytes.length);
        out[2 + idBytes.length] = 0x12;
        out[3 + idBytes.length] = (byte) pk.length;
        System.arraycopy(pk, 0, out, 4 + idBytes.length, pk.length);
        return out;
    }

    @Test
    void signedIdIsMessageField3HoldingTheCombinedSignatureOverIdPk() {
        byte[] wire = Handshake.signedId(DEVICE, ID, DEVICE_EPHEMERAL).toByteArray();
        byte[] expectedIdPk = idPk(ID, DEVICE_EPHEMERAL.publicKey());
        byte[] signed = Sodium.sign(expectedIdPk, DEVICE.secretKey()); // combined: sig(64) ‖ message
        assertThat(signed).hasSize(64 + expectedIdPk.length);
        byte[] expected = new byte[4 + signed.length];
        expected[0] = 0x1a; // Message.signed_id = 3, length-delimited
        expected[1] = (byte) (2 + signed.length);
        expected[2] = 0x0a; // SignedId.id = 1
        expected[3] = (byte) signed.length;
        System.arraycopy(signed, 0, expected, 4, signed.length);
        assertThat(HEX.formatHex(wire)).isEqualTo(HEX.formatHex(expected));
        // Ed25519 is deterministic: the same keys give the same bytes every time
        assertThat(Handshake.signedId(DEVICE, ID, DEVICE_EPHEMERAL).toByteArray()).isEqualTo(wire);
    }

    @Test
    void theControllerAcceptsOnlyWhatTheServerAndTheDeviceSigned() {
        byte[] serverSigned = SERVER.sign(idPk(ID, DEVICE.publicKey()));
        assertThat(Handshake.verifyServerSigned(serverSigned, SERVER.verifyKey(), ID)).get()
                .isEqualTo(DEVICE.publicKey());
        assertThat(Handshake.verifyServerSigned(serverSigned, SERVER.verifyKey(), "987654321")).isEmpty();
        assertThat(Handshake.verifyServerSigned(serverSigned, DEVICE.verifyKey(), ID)).isEmpty();
        for (int i = 0; i < serverSigned.length; i += 7) {
            byte[] tampered = serverSigned.clone();
            tampered[i] ^= 0x40;
            assertThat(Handshake.verifyServerSigned(tampered, SERVER.verifyKey(), ID)).as("byte %d", i).isEmpty();
        }
        byte[] signedId = Handshake.signedId(DEVICE, ID, DEVICE_EPHEMERAL).getSignedId().getId().toByteArray();
        assertThat(Handshake.verifySignedId(signedId, DEVICE.publicKey(), ID)).get()
                .isEqualTo(DEVICE_EPHEMERAL.publicKey());
        assertThat(Handshake.verifySignedId(signedId, SERVER.publicKey(), ID)).isEmpty();
        signedId[70] ^= 1;
        assertThat(Handshake.verifySignedId(signedId, DEVICE.publicKey(), ID)).isEmpty();
    }

    @Test
    void publicKeyCarriesTheSessionKeyBoxedWithAZeroNonce() throws Exception {
        byte[] sealed = SealedKey.seal(KEY, DEVICE_EPHEMERAL.publicKey(), CONTROLLER_EPHEMERAL);
        assertThat(sealed).hasSize(48);
        assertThat(sealed).isEqualTo(Sodium.boxEasy(KEY.bytes(), new byte[24], DEVICE_EPHEMERAL.publicKey(),
                CONTROLLER_EPHEMERAL.secretKey()));
        PublicKey answer = PublicKey.newBuilder()
                .setAsymmetricValue(ByteString.copyFrom(CONTROLLER_EPHEMERAL.publicKey()))
                .setSymmetricValue(ByteString.copyFrom(sealed)).build();
        byte[] wire = Message.newBuilder().setPublicKey(answer).build().toByteArray();
        // Message.public_key = 4: 22 54 { 0a 20 <pk 32> 12 30 <sealed 48> } (2 + 32 + 2 + 48 = 84)
        assertThat(HEX.formatHex(wire, 0, 4)).isEqualTo("22540a20");
        assertThat(HEX.formatHex(wire, 36, 38)).isEqualTo("1230");
        assertThat(Handshake.openPublicKey(answer, DEVICE_EPHEMERAL)).get().isEqualTo(KEY);
        // an empty PublicKey means "could not verify you": no key, no error
        assertThat(Handshake.openPublicKey(PublicKey.getDefaultInstance(), DEVICE_EPHEMERAL)).isEmpty();
        // a sealed key for someone else fails the handshake
        PublicKey wrong = answer.toBuilder().setAsymmetricValue(ByteString.copyFrom(DEVICE.toCurve25519().publicKey()))
                .build();
        assertThatThrownBy(() -> Handshake.openPublicKey(wrong, DEVICE_EPHEMERAL)).isInstanceOf(PeerException.class)
                .hasMessage("Handshake failed");
        PublicKey shortKey = answer.toBuilder().setAsymmetricValue(ByteString.copyFrom(new byte[31])).build();
        assertThatThrownBy(() -> Handshake.openPublicKey(shortKey, DEVICE_EPHEMERAL))
                .hasMessage("invalid public sign key length");
    }

    @Test
    void theFirstEncryptedFrameInEachDirectionUsesCounterOne() {
        byte[] hash = Message.newBuilder().setHash(Hash.newBuilder().setSalt("s").setChallenge("c")).build()
                .toByteArray();
        byte[] nonce1 = new byte[24];
        nonce1[0] = 1; // LE64(1) ‖ 0^16
        StreamCipher device = new StreamCipher(KEY);
        StreamCipher controller = new StreamCipher(KEY);
        byte[] first = device.seal(hash);
        assertThat(first).isEqualTo(Sodium.secretBoxEasy(hash, nonce1, KEY.bytes()));
        assertThat(first).hasSize(hash.length + 16);
        assertThat(controller.open(first)).isEqualTo(hash);
        // the other direction starts at 1 too, with the same key
        assertThat(controller.seal(hash)).isEqualTo(first);
        byte[] nonce2 = new byte[24];
        nonce2[0] = 2;
        assertThat(device.seal(hash)).isEqualTo(Sodium.secretBoxEasy(hash, nonce2, KEY.bytes()));
    }

    @Test
    void loginProofIsSha256OfH1AndChallengeV10() throws Exception {
        Hash hash = Hash.newBuilder().setSalt("abcdefghijkmnpqrstuvwxyz23456789").setChallenge("x7k2mq").build();
        Message lr = ControllerConnection.loginRequest(ID, "p\u00e4ss", hash, SessionKind.REMOTE_DESKTOP,
                SessionPair.SELF);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] h1 = sha.digest(("p\u00e4ss" + hash.getSalt()).getBytes(StandardCharsets.UTF_8));
        sha.update(h1);
        byte[] proof = sha.digest(hash.getChallenge().getBytes(StandardCharsets.UTF_8));
        assertThat(lr.getLoginRequest().getPassword().toByteArray()).isEqualTo(proof);
        assertThat(lr.getLoginRequest().getUsername()).isEqualTo(ID);
        assertThat(lr.getLoginRequest().getVersion()).isEqualTo("1.4.9");
        assertThat(lr.getLoginRequest().getOption().getSupportedDecoding().getAbilityVp9()).isEqualTo(1);
        // the device side accepts exactly that proof for the permanent password's h1
        LoginGuard guard = new LoginGuard(() -> 0L, new java.security.SecureRandom(), 0);
        java.net.InetAddress ip = java.net.InetAddress.getLoopbackAddress();
        assertThat(guard.check(ip, hash.getSalt(), hash.getChallenge(), proof, h1)).isTrue();
        assertThat(guard.check(ip, hash.getSalt(), "other1", proof, h1)).isFalse();
        // no password: an empty proof (the device then asks its user, or prompts for one)
        assertThat(ControllerConnection.loginRequest(ID, "", hash, SessionKind.REMOTE_DESKTOP, SessionPair.SELF)
                .getLoginRequest().getPassword().isEmpty()).isTrue();
        assertThat(IdPk.getDefaultInstance().getId()).isEmpty();
    }
}
