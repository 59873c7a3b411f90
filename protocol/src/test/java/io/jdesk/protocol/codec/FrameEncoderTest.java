package io.jdesk.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.EncoderException;
import io.netty.util.ResourceLeakDetector;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Netty {@link FrameEncoder}, and encoder and decoder back to back. */
class FrameEncoderTest {

    private static final HexFormat HEX = HexFormat.of();

    @BeforeAll
    static void paranoidLeakDetection() {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    }

    @Test
    void writesHeaderThenPayload() {
        EmbeddedChannel channel = new EmbeddedChannel(FrameEncoder.INSTANCE);

        channel.writeOutbound(Unpooled.wrappedBuffer(HEX.parseHex("aa")));
        channel.writeOutbound(Unpooled.EMPTY_BUFFER);
        channel.writeOutbound(Unpooled.wrappedBuffer(new byte[64]));

        assertThat(readOutboundHex(channel)).isEqualTo("04aa");
        assertThat(readOutboundHex(channel)).isEqualTo("00");
        assertThat(readOutboundHex(channel)).isEqualTo("0101" + "00".repeat(64));
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void payloadIsNotCopied() {
        EmbeddedChannel channel = new EmbeddedChannel(FrameEncoder.INSTANCE);
        ByteBuf payload = Unpooled.buffer(3).writeBytes(HEX.parseHex("010203"));
        payload.retain(); // keep a reference of our own to look at

        channel.writeOutbound(payload);
        ByteBuf frame = channel.readOutbound();
        payload.setByte(0, 0x7f);

        assertThat(frame).isInstanceOf(CompositeByteBuf.class);
        assertThat(ByteBufUtil.hexDump(frame)).isEqualTo("0c7f0203");
        frame.release();
        assertThat(payload.refCnt()).isEqualTo(1);
        payload.release();
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void payloadAbove30BitsFailsWithOverflow() {
        EmbeddedChannel channel = new EmbeddedChannel(FrameEncoder.INSTANCE);
        ByteBuf mebibyte = Unpooled.directBuffer(1 << 20).writeZero(1 << 20);
        CompositeByteBuf huge = Unpooled.compositeBuffer(2048);
        for (int i = 0; i < 1025; i++) { // 1025 MiB > 2^30 - 1 bytes, memory shared
            huge.addComponent(true, mebibyte.retainedSlice());
        }
        mebibyte.release();
        assertThat(huge.readableBytes()).isGreaterThan(FrameCodec.MAX_FRAME_LENGTH);

        assertThatThrownBy(() -> channel.writeOutbound(huge))
                .isInstanceOf(EncoderException.class)
                .hasRootCauseMessage("Overflow: payload length 1074790400 exceeds 1073741823");
        assertThat(huge.refCnt()).isZero();
        assertThat(mebibyte.refCnt()).isZero();
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void encoderThenDecoderRestoresPayloads() {
        EmbeddedChannel out = new EmbeddedChannel(FrameEncoder.INSTANCE);
        EmbeddedChannel in = new EmbeddedChannel(new FrameDecoder());
        String[] payloads = {"", "01", "ab".repeat(63), "cd".repeat(64), "ef".repeat(16_384)};

        for (String payload : payloads) {
            out.writeOutbound(Unpooled.wrappedBuffer(HEX.parseHex(payload)));
        }
        for (ByteBuf frame; (frame = out.readOutbound()) != null; ) {
            in.writeInbound(frame);
        }

        for (String payload : payloads) {
            ByteBuf decoded = in.readInbound();
            assertThat(ByteBufUtil.hexDump(decoded)).isEqualTo(payload);
            decoded.release();
        }
        assertThat(out.finish()).isFalse();
        assertThat(in.finish()).isFalse();
    }

    @Test
    void isSharable() {
        assertThat(FrameEncoder.INSTANCE.isSharable()).isTrue();
    }

    private static String readOutboundHex(EmbeddedChannel channel) {
        ByteBuf frame = channel.readOutbound();
        try {
            return ByteBufUtil.hexDump(frame);
        } finally {
            frame.release();
        }
    }
}
