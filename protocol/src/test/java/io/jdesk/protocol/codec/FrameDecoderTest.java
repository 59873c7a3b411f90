package io.jdesk.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ResourceLeakDetector;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Netty {@link FrameDecoder} in an {@link EmbeddedChannel}. */
class FrameDecoderTest {

    private static final HexFormat HEX = HexFormat.of();

    /** Upstream's speculative pre-allocation cap, vectors.md V1. */
    private static final int PREALLOCATION_CAP = 256 * 1024;

    private final List<ByteBuf> received = new ArrayList<>();
    private EmbeddedChannel channel;

    @BeforeAll
    static void paranoidLeakDetection() {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    }

    @AfterEach
    void everyBufferReleased() {
        if (channel != null) {
            assertThat(channel.finishAndReleaseAll()).isFalse();
        }
        assertThat(received).allSatisfy(b -> assertThat(b.refCnt()).isZero());
    }

    @Test
    void severalFramesInOneBuffer() {
        FrameDecoder decoder = new FrameDecoder();
        channel = new EmbeddedChannel(decoder);

        channel.writeInbound(Unpooled.wrappedBuffer(HEX.parseHex("04aa08bbcc000cdddddd")));

        assertThat(drain()).containsExactly("aa", "bbcc", "", "dddddd");
    }

    @Test
    void frameSplitAcrossBuffers() {
        channel = new EmbeddedChannel(new FrameDecoder());
        byte[] frame = FrameCodec.encode(new byte[300]);

        channel.writeInbound(Unpooled.wrappedBuffer(frame, 0, 1));
        assertThat(drain()).isEmpty();
        channel.writeInbound(Unpooled.wrappedBuffer(frame, 1, 150));
        assertThat(drain()).isEmpty();
        channel.writeInbound(Unpooled.wrappedBuffer(frame, 151, frame.length - 151));

        assertThat(drain()).containsExactly("00".repeat(300));
    }

    @Test
    void byteAtATime() {
        channel = new EmbeddedChannel(new FrameDecoder());
        byte[] stream = FrameVectorsTest.concat(HEX.parseHex("00"),
                FrameCodec.encode(HEX.parseHex("c0ffee")), FrameCodec.encode(new byte[64]));

        List<String> frames = new ArrayList<>();
        for (byte b : stream) {
            channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
            frames.addAll(drain());
        }

        assertThat(frames).containsExactly("", "c0ffee", "00".repeat(64));
    }

    @Test
    void frameTailAndNextFrameInOneBuffer() {
        channel = new EmbeddedChannel(new FrameDecoder());
        channel.writeInbound(Unpooled.wrappedBuffer(HEX.parseHex("0caabb")));
        channel.writeInbound(Unpooled.wrappedBuffer(HEX.parseHex("cc0411")));

        assertThat(drain()).containsExactly("aabbcc", "11");
    }

    @Test
    void largestHeaderAloneBuffersNothing() {
        FrameDecoder decoder = new FrameDecoder(FrameCodec.MAX_FRAME_LENGTH);
        channel = new EmbeddedChannel(decoder);

        channel.writeInbound(Unpooled.wrappedBuffer(HEX.parseHex("ffffffff")));
        assertThat(drain()).isEmpty();
        assertThat(decoder.bufferedCapacity()).isLessThanOrEqualTo(PREALLOCATION_CAP);

        channel.writeInbound(Unpooled.wrappedBuffer(new byte[1000]));
        assertThat(drain()).isEmpty();
        assertThat(decoder.bufferedCapacity()).isLessThanOrEqualTo(PREALLOCATION_CAP);
    }

    @Test
    void oversizeHeaderFailsOnceThenEverythingIsDiscarded() {
        FrameDecoder decoder = new FrameDecoder();
        channel = new EmbeddedChannel(decoder);

        assertThatThrownBy(() -> channel.writeInbound(
                        Unpooled.wrappedBuffer(HEX.parseHex("ffffffff0102030405"))))
                .isInstanceOfSatisfying(FrameTooLongException.class, e -> {
                    assertThat(e.declaredLength()).isEqualTo(FrameCodec.MAX_FRAME_LENGTH);
                    assertThat(e.maxFrameLength()).isEqualTo(FrameCodec.DEFAULT_MAX_FRAME);
                });
        assertThat(decoder.bufferedCapacity()).isZero();

        channel.writeInbound(Unpooled.wrappedBuffer(HEX.parseHex("04aa04bb")));
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[100_000]));

        assertThat(drain()).isEmpty();
        assertThat(decoder.bufferedCapacity()).isZero();
    }

    @Test
    void oversizeHeaderArrivingByteByByteIsRefusedOnItsLastByte() {
        channel = new EmbeddedChannel(new FrameDecoder(16_383));
        byte[] header = HEX.parseHex("020001"); // 16 384: one above the limit

        channel.writeInbound(Unpooled.wrappedBuffer(header, 0, 1));
        channel.writeInbound(Unpooled.wrappedBuffer(header, 1, 1));
        assertThatThrownBy(() -> channel.writeInbound(Unpooled.wrappedBuffer(header, 2, 1)))
                .isInstanceOf(FrameTooLongException.class);
    }

    @Test
    void exceptionHandlerThatClosesEndsTheConnection() {
        channel = new EmbeddedChannel(new FrameDecoder(), new ChannelInboundHandlerAdapter() {
            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                ctx.close();
            }
        });

        channel.writeInbound(Unpooled.wrappedBuffer(HEX.parseHex("04aa" + "ffffffff")));

        assertThat(drain()).containsExactly("aa");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void payloadIsARetainedSliceOwnedByTheReceiver() {
        channel = new EmbeddedChannel(new FrameDecoder());
        channel.writeInbound(Unpooled.wrappedBuffer(HEX.parseHex("08aabb08ccdd")));

        ByteBuf first = channel.readInbound();
        ByteBuf second = channel.readInbound();
        assertThat(first.refCnt()).isPositive();
        assertThat(ByteBufUtil.hexDump(second)).isEqualTo("ccdd");
        first.release();
        second.release();
        received.add(first);
        received.add(second);
    }

    @Test
    void partialFrameAtCloseIsDroppedAndReleased() {
        channel = new EmbeddedChannel(new FrameDecoder());
        ByteBuf partial = Unpooled.buffer().writeBytes(HEX.parseHex("0caa"));
        channel.writeInbound(partial);
        assertThat(partial.refCnt()).isPositive();

        assertThat(channel.finish()).isFalse();
        assertThat(partial.refCnt()).isZero();
        channel = null;
    }

    @Test
    void invalidLimitsAreRefused() {
        assertThatThrownBy(() -> new FrameDecoder(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FrameDecoder(FrameCodec.MAX_FRAME_LENGTH + 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Reads every decoded frame as hex and releases it. */
    private List<String> drain() {
        List<String> frames = new ArrayList<>();
        for (ByteBuf frame; (frame = channel.readInbound()) != null; ) {
            frames.add(ByteBufUtil.hexDump(frame));
            if (frame != Unpooled.EMPTY_BUFFER) {
                received.add(frame); // the shared empty buffer is never freed
            }
            frame.release();
        }
        return frames;
    }
}
