package io.jdesk.bench.jmh;

import io.jdesk.protocol.codec.FrameCodec;
import io.jdesk.protocol.codec.FrameDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The RustDesk length prefix ({@link FrameCodec}) on one frame of {@code size} payload bytes.
 *
 * <ul>
 *   <li>{@code encode}: {@link FrameCodec#encode} (a new array, header + copy of the payload);
 *       baseline {@code copyBaseline}: a new array of the same length and one
 *       {@link System#arraycopy} of the payload, i.e. the same allocation and copy without the
 *       header logic.</li>
 *   <li>{@code decode}: {@link FrameCodec.Decoder} (the stream decoder without Netty) on one
 *       whole frame, returning the payload as a fresh array; baseline {@code copyBaseline}
 *       too (the decoder must copy the payload out, so a plain copy is its floor).</li>
 *   <li>{@code nettyDecode}: jdesk's Netty {@link FrameDecoder} in an {@link EmbeddedChannel},
 *       one frame in, one retained slice out (released); baseline {@code nettyStockDecode}:
 *       Netty's {@link LengthFieldBasedFrameDecoder} with a fixed 4-byte little-endian length
 *       in the same kind of channel. Both hand out a slice, so neither copies the payload.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class CodecBench {

    /** Payload bytes: 32 (a typical rendezvous message) and 65536 (a large session frame). */
    @Param({"32", "65536"})
    public int size;

    private byte[] payload;
    private byte[] frame;
    private byte[] stockFrame;
    private FrameCodec.Decoder decoder;
    private EmbeddedChannel jdeskChannel;
    private EmbeddedChannel stockChannel;

    @Setup(Level.Trial)
    public void setUp() {
        payload = new byte[size];
        new Random(42).nextBytes(payload);
        frame = FrameCodec.encode(payload);
        stockFrame = Unpooled.buffer(4 + size).writeIntLE(size).writeBytes(payload).array();
        // the limit must admit 64 KiB payloads; rendezvous uses 64 KiB, sessions more
        decoder = new FrameCodec.Decoder(1 << 20);
        jdeskChannel = new EmbeddedChannel(new FrameDecoder(1 << 20));
        stockChannel = new EmbeddedChannel(new LengthFieldBasedFrameDecoder(ByteOrder.LITTLE_ENDIAN,
                1 << 20, 0, 4, 0, 4, true));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        jdeskChannel.finishAndReleaseAll();
        stockChannel.finishAndReleaseAll();
    }

    @Benchmark
    public byte[] encode() {
        return FrameCodec.encode(payload);
    }

    @Benchmark
    public byte[] copyBaseline() {
        byte[] out = new byte[payload.length + FrameCodec.headerLength(payload.length)];
        System.arraycopy(payload, 0, out, out.length - payload.length, payload.length);
        return out;
    }

    @Benchmark
    public byte[] decode() {
        List<byte[]> frames = decoder.decode(frame);
        return frames.get(0);
    }

    @Benchmark
    public int nettyDecode() {
        return roundTrip(jdeskChannel, frame);
    }

    @Benchmark
    public int nettyStockDecode() {
        return roundTrip(stockChannel, stockFrame);
    }

    private static int roundTrip(EmbeddedChannel ch, byte[] bytes) {
        ch.writeInbound(Unpooled.wrappedBuffer(bytes));
        ByteBuf out = ch.readInbound();
        int n = out.readableBytes();
        out.release();
        return n;
    }
}
