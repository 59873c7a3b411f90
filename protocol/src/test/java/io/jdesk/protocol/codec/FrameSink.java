package io.jdesk.protocol.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;

/**
 * One decoder under test, fed chunk by chunk: either the pure {@link FrameCodec.Decoder} or
 * the Netty {@link FrameDecoder} in an {@link EmbeddedChannel}. Lets one vector test run
 * against both.
 */
interface FrameSink {

    /** Feeds a chunk; returns the payloads completed by it, in order. */
    List<byte[]> feed(byte[] chunk);

    /** Pure and Netty decoders, each built with a max frame length. */
    static Stream<Named<IntFunction<FrameSink>>> both() {
        return Stream.of(
                Named.of("FrameCodec.Decoder", FrameSink::pure),
                Named.of("FrameDecoder", FrameSink::netty));
    }

    static FrameSink pure(int maxFrameLength) {
        return new FrameCodec.Decoder(maxFrameLength)::decode;
    }

    static FrameSink netty(int maxFrameLength) {
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(maxFrameLength));
        return chunk -> {
            channel.writeInbound(Unpooled.copiedBuffer(chunk));
            List<byte[]> frames = new ArrayList<>();
            for (ByteBuf frame; (frame = channel.readInbound()) != null; ) {
                frames.add(ByteBufUtil.getBytes(frame));
                frame.release();
            }
            return frames;
        };
    }
}
