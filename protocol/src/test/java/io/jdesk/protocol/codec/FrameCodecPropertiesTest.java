package io.jdesk.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Properties of the length header and of both decoders (servers.md §2.1). */
class FrameCodecPropertiesTest {

    /** Above the largest generated payload, so every generated frame is accepted. */
    private static final int LIMIT = 1 << 17;

    @Property
    void headerRoundTripsAndIsTheShortest(
            @ForAll @IntRange(min = 0, max = FrameCodec.MAX_FRAME_LENGTH) int length) {
        ByteBuf header = Unpooled.buffer(FrameCodec.MAX_HEADER_LENGTH);
        FrameCodec.writeHeader(header, length);
        int headerLength = header.readableBytes();

        assertThat(headerLength).isEqualTo(FrameCodec.headerLength(length));
        assertThat(FrameCodec.headerLengthOf(header.getUnsignedByte(0))).isEqualTo(headerLength);
        assertThat(FrameCodec.payloadLength(header, 0, headerLength)).isEqualTo(length);
        int bitsInShorterHeader = 8 * (headerLength - 1) - 2;
        assertThat(headerLength == 1 || length >= 1 << bitsInShorterHeader).isTrue();
    }

    @Property(tries = 300)
    void framesSurviveAnySplit(@ForAll @Size(max = 6) List<@From("payloads") byte[]> payloads,
            @ForAll @Size(min = 1, max = 8) List<@IntRange(min = 1, max = 20_000) Integer> chunks) {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        for (byte[] payload : payloads) {
            stream.writeBytes(FrameCodec.encode(payload));
        }
        byte[] bytes = stream.toByteArray();

        for (FrameSink sink : List.of(FrameSink.pure(LIMIT), FrameSink.netty(LIMIT))) {
            List<byte[]> decoded = new ArrayList<>();
            int offset = 0;
            for (int i = 0; offset < bytes.length; i++) {
                int size = Math.min(chunks.get(i % chunks.size()), bytes.length - offset);
                byte[] chunk = new byte[size];
                System.arraycopy(bytes, offset, chunk, 0, size);
                decoded.addAll(sink.feed(chunk));
                offset += size;
            }
            assertThat(decoded).containsExactlyElementsOf(payloads);
        }
    }

    /** Mostly small payloads, the header-size boundaries, and some up to 70 000 bytes. */
    @Provide
    Arbitrary<byte[]> payloads() {
        Arbitrary<Integer> sizes = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.integers().between(0, 100)),
                Tuple.of(2, Arbitraries.of(0, 63, 64, 16_383, 16_384)),
                Tuple.of(1, Arbitraries.integers().between(101, 70_000)));
        return Combinators.combine(sizes, Arbitraries.longs()).as((size, seed) -> {
            byte[] payload = new byte[size];
            new Random(seed).nextBytes(payload);
            return payload;
        });
    }
}
