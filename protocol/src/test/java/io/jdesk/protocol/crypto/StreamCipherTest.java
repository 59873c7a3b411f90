package io.jdesk.protocol.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The per-connection secretbox layer with implicit LE64 counters (peer.md §5.4, servers.md §7.5 step 5). */
class StreamCipherTest {
    private static final HexFormat HEX = HexFormat.of();
    /** K = 00 01 02 … 1f. */
    private static final byte[] K = HEX.parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    /**
     * secretbox("hello", LE64(1) ‖ 0^16, K) = MAC(16) ‖ ct(5) and secretbox("", …) = MAC(16);
     * computed with an XSalsa20-Poly1305 implementation independent of libsodium.
     */
    private static final String HELLO_FRAME_1 = "ee08d01f75845eb548d7815d0bd8d08eaa5ee64c9d";
    private static final String EMPTY_FRAME_1 = "15c58daf8a39a27eb97e2b88fc37c3f1";

    private final StreamCipher a = new StreamCipher(SessionKey.of(K));
    private final StreamCipher b = new StreamCipher(SessionKey.of(K));

    @Test
    void nonceIsLittleEndianCounterThenSixteenZeros() {
        assertThat(HEX.formatHex(StreamCipher.nonce(1))).isEqualTo("0100000000000000" + "00".repeat(16));
        assertThat(HEX.formatHex(StreamCipher.nonce(0x0102030405060708L)))
                .isEqualTo("0807060504030201" + "00".repeat(16));
        assertThat(HEX.formatHex(StreamCipher.nonce(-1L))).isEqualTo("ffffffffffffffff" + "00".repeat(16));
    }

    @Test
    void firstFrameUsesCounterOne() {
        byte[] plain = "hello".getBytes(StandardCharsets.US_ASCII);
        byte[] nonce1 = HEX.parseHex("0100000000000000" + "00".repeat(16));

        byte[] first = a.seal(plain);

        assertThat(first).isEqualTo(Sodium.secretBoxEasy(plain, nonce1, K));
        assertThat(HEX.formatHex(first)).isEqualTo(HELLO_FRAME_1);
        assertThat(a.sendCounter()).isEqualTo(1);
    }

    @Test
    void emptyPlaintextBecomesSixteenBytePayload() {
        byte[] payload = a.seal(new byte[0]);

        assertThat(HEX.formatHex(payload)).isEqualTo(EMPTY_FRAME_1);
        assertThat(b.open(payload)).isEmpty();
        assertThat(b.receiveCounter()).isEqualTo(1);
    }

    @Test
    void roundTripsInBothDirectionsWithIndependentCounters() {
        for (int i = 0; i < 5; i++) {
            byte[] msg = ("a->b " + i).getBytes(StandardCharsets.UTF_8);
            assertThat(b.open(a.seal(msg))).isEqualTo(msg);
        }
        byte[] reply = "b->a".getBytes(StandardCharsets.UTF_8);
        byte[] replyPayload = b.seal(reply);

        assertThat(replyPayload).isEqualTo(Sodium.secretBoxEasy(reply, StreamCipher.nonce(1), K));
        assertThat(a.open(replyPayload)).isEqualTo(reply);
        assertThat(a.sendCounter()).isEqualTo(5);
        assertThat(a.receiveCounter()).isEqualTo(1);
        assertThat(b.sendCounter()).isEqualTo(1);
        assertThat(b.receiveCounter()).isEqualTo(5);
    }

    @Test
    void counterAdvancesSoEqualPlaintextsGiveDifferentPayloads() {
        byte[] msg = {42};
        byte[] first = a.seal(msg);
        byte[] second = a.seal(msg);

        assertThat(second).isNotEqualTo(first).isEqualTo(Sodium.secretBoxEasy(msg, StreamCipher.nonce(2), K));
    }

    @Test
    void payloadsOfAtMostOneByteBypassDecryption() {
        byte[] heartbeat = new byte[0];
        byte[] oneByte = {7};

        assertThat(b.open(heartbeat)).isSameAs(heartbeat);
        assertThat(b.open(oneByte)).isSameAs(oneByte);
        assertThat(b.receiveCounter()).isZero();
        byte[] msg = "after heartbeats".getBytes(StandardCharsets.UTF_8);
        assertThat(b.open(a.seal(msg))).isEqualTo(msg);
    }

    @Test
    void reorderedFrameIsRejected() {
        a.seal("one".getBytes(StandardCharsets.UTF_8));
        byte[] second = a.seal("two".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> b.open(second))
                .isInstanceOf(DecryptionException.class)
                .hasMessageStartingWith("decryption error");
    }

    @Test
    void replayedFrameIsRejected() {
        byte[] first = a.seal("one".getBytes(StandardCharsets.UTF_8));
        b.open(first);

        assertThatThrownBy(() -> b.open(first)).isInstanceOf(DecryptionException.class);
    }

    @Test
    void tamperedOrTruncatedFrameIsRejected() {
        byte[] payload = a.seal("secret".getBytes(StandardCharsets.UTF_8));
        payload[payload.length - 1] ^= 1;

        assertThatThrownBy(() -> b.open(payload)).isInstanceOf(DecryptionException.class);
        StreamCipher fresh = new StreamCipher(SessionKey.of(K));
        assertThatThrownBy(() -> fresh.open(new byte[15])).isInstanceOf(DecryptionException.class);
    }

    @Test
    void wrongKeyIsRejected() {
        StreamCipher other = new StreamCipher(SessionKey.generate());

        assertThatThrownBy(() -> other.open(a.seal(new byte[] {1, 2, 3}))).isInstanceOf(DecryptionException.class);
    }
}
