package io.jdesk.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdesk.protocol.proto.NatType;
import io.jdesk.protocol.proto.PunchHoleRequest;
import io.jdesk.protocol.proto.PunchHoleResponse;
import io.jdesk.protocol.proto.RendezvousMessage;
import io.jdesk.protocol.proto.TestNatResponse;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Header encoding (vectors.md V1, servers.md §2.1 worked examples) and the pure decoder. */
class FrameCodecTest {

    private static final HexFormat HEX = HexFormat.of();

    /** Upstream's speculative pre-allocation cap, vectors.md V1. */
    private static final int PREALLOCATION_CAP = 256 * 1024;

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        // vectors.md V1 frame-encode-len
        "0, 00", "1, 04", "63, fc", "64, 0101", "16383, fdff", "16384, 020001",
        "4194303, feffff", "4194304, 03000001",
        // servers.md §2.1 worked examples 5-7 and peer.md §1.2
        "20000, 823801", "5000000, 032d3101", "1073741823, ffffffff", "300, b104", "68, 1101"
    })
    void headerBytes(int payloadLength, String hex) {
        ByteBuf out = Unpooled.buffer();
        FrameCodec.writeHeader(out, payloadLength);
        byte[] header = new byte[out.readableBytes()];
        out.readBytes(header);

        assertThat(HEX.formatHex(header)).isEqualTo(hex);
        assertThat(FrameCodec.headerLength(payloadLength)).isEqualTo(header.length);
        assertThat(FrameCodec.headerLengthOf(header[0])).isEqualTo(header.length);
        assertThat(FrameCodec.payloadLength(Unpooled.wrappedBuffer(header), 0, header.length))
                .isEqualTo(payloadLength);
    }

    @Test
    void lengthAboveThirtyBitsOverflows() {
        assertThatThrownBy(() -> FrameCodec.headerLength(FrameCodec.MAX_FRAME_LENGTH + 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Overflow");
        assertThatThrownBy(() -> FrameCodec.writeHeader(Unpooled.buffer(), Integer.MAX_VALUE))
                .hasMessageStartingWith("Overflow");
        assertThatThrownBy(() -> FrameCodec.headerLength(-1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void example1_heartbeatIsOneZeroByte() {
        assertThat(FrameCodec.encode(new byte[0])).containsExactly(0);
    }

    @Test
    void example2_punchHoleResponseOffline() {
        RendezvousMessage message = RendezvousMessage.newBuilder()
                .setPunchHoleResponse(PunchHoleResponse.newBuilder()
                        .setFailure(PunchHoleResponse.Failure.OFFLINE))
                .build();
        assertThat(HEX.formatHex(FrameCodec.encode(message.toByteArray())))
                .isEqualTo("105a021802");
    }

    @Test
    void example3_testNatResponse() {
        RendezvousMessage message = RendezvousMessage.newBuilder()
                .setTestNatResponse(TestNatResponse.newBuilder().setPort(21116))
                .build();
        assertThat(HEX.formatHex(FrameCodec.encode(message.toByteArray())))
                .isEqualTo("1caa010408fca401");
    }

    @Test
    void example4_punchHoleRequestWithLicenceTakesTwoHeaderBytes() {
        RendezvousMessage message = RendezvousMessage.newBuilder()
                .setPunchHoleRequest(PunchHoleRequest.newBuilder()
                        .setId("123456789")
                        .setNatType(NatType.ASYMMETRIC)
                        .setLicenceKey("OeVuKk5nlHiXp+APNn0Y3pC1Iwpwn44JGqrQCsWqmBw=")
                        .setVersion("1.4.2"))
                .build();
        byte[] frame = FrameCodec.encode(message.toByteArray());
        assertThat(message.getSerializedSize()).isEqualTo(68);
        assertThat(HEX.formatHex(frame, 0, 4)).isEqualTo("11014242");
    }

    @Test
    void v1_punchHoleRequestFrame() {
        RendezvousMessage message = RendezvousMessage.newBuilder()
                .setPunchHoleRequest(PunchHoleRequest.newBuilder()
                        .setId("123456789")
                        .setNatType(NatType.SYMMETRIC))
                .build();
        assertThat(HEX.formatHex(message.toByteArray()))
                .isEqualTo("420d0a093132333435363738391002");
        assertThat(HEX.formatHex(FrameCodec.encode(message.toByteArray())))
                .isEqualTo("3c420d0a093132333435363738391002");
    }

    @Test
    void largestHeaderAloneAllocatesNothing() {
        FrameCodec.Decoder decoder = new FrameCodec.Decoder(FrameCodec.MAX_FRAME_LENGTH);

        assertThat(decoder.decode(HEX.parseHex("ffffffff"))).isEmpty();
        assertThat(decoder.bufferCapacity()).isZero();

        assertThat(decoder.decode(new byte[1000])).isEmpty();
        assertThat(decoder.bufferedBytes()).isEqualTo(1000);
        assertThat(decoder.bufferCapacity()).isBetween(1000, 2 * 1000)
                .isLessThanOrEqualTo(PREALLOCATION_CAP);

        for (int i = 0; i < 300; i++) {
            decoder.decode(new byte[1000]);
        }
        assertThat(decoder.bufferedBytes()).isEqualTo(301_000);
        assertThat(decoder.bufferCapacity()).isLessThanOrEqualTo(2 * 301_000);
    }

    @Test
    void largestHeaderWithDefaultLimitIsRefusedAtOnce() {
        FrameCodec.Decoder decoder = new FrameCodec.Decoder();

        assertThatThrownBy(() -> decoder.decode(HEX.parseHex("ffffffff")))
                .isInstanceOfSatisfying(FrameTooLongException.class, e -> {
                    assertThat(e.declaredLength()).isEqualTo(FrameCodec.MAX_FRAME_LENGTH);
                    assertThat(e.maxFrameLength()).isEqualTo(FrameCodec.DEFAULT_MAX_FRAME);
                    assertThat(e).hasMessageContaining("1073741823").hasMessageContaining("65536");
                });
        assertThat(decoder.bufferCapacity()).isZero();
        assertThatThrownBy(() -> decoder.decode(new byte[1]))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void oversizeCheckedWhenTheLastHeaderByteArrives() {
        FrameCodec.Decoder decoder = new FrameCodec.Decoder(100);
        byte[] header = HEX.parseHex("9101"); // (100 << 2) | 1 = 0x0191: exactly the limit
        assertThat(decoder.decode(new byte[] {header[0]})).isEmpty();
        assertThat(decoder.decode(new byte[] {header[1]})).isEmpty();

        FrameCodec.Decoder refusing = new FrameCodec.Decoder(99);
        assertThat(refusing.decode(new byte[] {header[0]})).isEmpty();
        assertThatThrownBy(() -> refusing.decode(new byte[] {header[1]}))
                .isInstanceOf(FrameTooLongException.class);
    }

    @Test
    void completeFrameInOneChunkIsCopiedOnceAndNothingIsKept() {
        FrameCodec.Decoder decoder = new FrameCodec.Decoder();
        byte[] payload = HEX.parseHex("0102030405");
        List<byte[]> frames = decoder.decode(FrameCodec.encode(payload));

        assertThat(frames).singleElement().isEqualTo(payload);
        assertThat(decoder.bufferedBytes()).isZero();
        assertThat(decoder.bufferCapacity()).isZero();
    }

    @Test
    void invalidLimitsAreRefused() {
        assertThatThrownBy(() -> new FrameCodec.Decoder(-1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FrameCodec.Decoder(FrameCodec.MAX_FRAME_LENGTH + 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
