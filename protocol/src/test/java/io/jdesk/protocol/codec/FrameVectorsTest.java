package io.jdesk.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * vectors.md V1 ({@code test_codec1..6}, {@code frame-decode}) run against both the pure and
 * the Netty decoder.
 */
class FrameVectorsTest {

    private static final HexFormat HEX = HexFormat.of();

    static Stream<Named<IntFunction<FrameSink>>> decoders() {
        return FrameSink.both();
    }

    private static byte[] filled(int length, int value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    @ParameterizedTest
    @MethodSource("decoders")
    void testCodec1_63BytesTakeOneHeaderByteAndNeedTheWholeFrame(IntFunction<FrameSink> factory) {
        byte[] frame = FrameCodec.encode(filled(0x3F, 1));
        assertThat(frame).hasSize(0x40);

        FrameSink sink = factory.apply(FrameCodec.DEFAULT_MAX_FRAME);
        assertThat(sink.feed(new byte[0])).isEmpty();
        assertThat(sink.feed(Arrays.copyOfRange(frame, 0, 1))).isEmpty();
        List<byte[]> frames = sink.feed(Arrays.copyOfRange(frame, 1, frame.length));
        assertThat(frames).hasSize(1);
        assertThat(frames.get(0)).hasSize(0x3F).startsWith(1);
    }

    @ParameterizedTest
    @MethodSource("decoders")
    void testCodec2_emptyFrameThen64Bytes(IntFunction<FrameSink> factory) {
        byte[] empty = FrameCodec.encode(new byte[0]);
        byte[] second = FrameCodec.encode(filled(0x40, 2));
        byte[] buffer = concat(empty, second);
        assertThat(buffer).hasSize(1 + 0x40 + 2);

        List<byte[]> frames = factory.apply(FrameCodec.DEFAULT_MAX_FRAME).feed(buffer);
        assertThat(frames).hasSize(2);
        assertThat(frames.get(0)).isEmpty();
        assertThat(frames.get(1)).isEqualTo(filled(0x40, 2));
    }

    @ParameterizedTest
    @MethodSource("decoders")
    void testCodec3to5_headerSizeAtEachBoundary(IntFunction<FrameSink> factory) {
        int[][] lengthAndHeader = {{0x3E, 1}, {0x3FFF, 2}, {0x3FFFFF, 3}};
        for (int[] row : lengthAndHeader) {
            byte[] payload = filled(row[0], 3);
            byte[] frame = FrameCodec.encode(payload);
            assertThat(frame).hasSize(row[0] + row[1]);
            List<byte[]> frames = factory.apply(FrameCodec.MAX_FRAME_LENGTH).feed(frame);
            assertThat(frames).hasSize(1);
            assertThat(frames.get(0)).isEqualTo(payload);
        }
    }

    @ParameterizedTest
    @MethodSource("decoders")
    void testCodec6_fourByteHeaderFedInPieces(IntFunction<FrameSink> factory) {
        byte[] payload = filled(0x400000, 4);
        byte[] frame = FrameCodec.encode(payload);
        assertThat(frame).hasSize(0x400000 + 4);

        FrameSink sink = factory.apply(FrameCodec.MAX_FRAME_LENGTH);
        assertThat(sink.feed(Arrays.copyOfRange(frame, 0, 1))).isEmpty();
        assertThat(sink.feed(Arrays.copyOfRange(frame, 1, 6))).isEmpty();
        List<byte[]> frames = sink.feed(Arrays.copyOfRange(frame, 6, frame.length));
        assertThat(frames).hasSize(1);
        assertThat(frames.get(0)).isEqualTo(payload);
    }

    @ParameterizedTest
    @MethodSource("decoders")
    void frameDecode_04aa08bbcc_givesTwoFrames(IntFunction<FrameSink> factory) {
        List<byte[]> frames = factory.apply(FrameCodec.DEFAULT_MAX_FRAME)
                .feed(HEX.parseHex("04aa08bbcc"));
        assertThat(frames).extracting(HEX::formatHex).containsExactly("aa", "bbcc");
    }

    @ParameterizedTest
    @MethodSource("decoders")
    void frameDecode_byteAtATime_givesSameFrames(IntFunction<FrameSink> factory) {
        byte[] stream = concat(HEX.parseHex("04aa08bbcc00"),
                FrameCodec.encode(filled(300, 5)), FrameCodec.encode(filled(20_000, 6)));
        FrameSink sink = factory.apply(FrameCodec.DEFAULT_MAX_FRAME);
        List<byte[]> frames = new ArrayList<>();
        for (byte b : stream) {
            frames.addAll(sink.feed(new byte[] {b}));
        }
        assertThat(frames).hasSize(5);
        assertThat(frames.get(0)).containsExactly(0xaa);
        assertThat(frames.get(1)).containsExactly(0xbb, 0xcc);
        assertThat(frames.get(2)).isEmpty();
        assertThat(frames.get(3)).isEqualTo(filled(300, 5));
        assertThat(frames.get(4)).isEqualTo(filled(20_000, 6));
    }

    static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] out = new byte[length];
        int offset = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, offset, part.length);
            offset += part.length;
        }
        return out;
    }
}
