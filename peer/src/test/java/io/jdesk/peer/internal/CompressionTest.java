package io.jdesk.peer.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CompressionTest {

    @Test
    void roundTripWithinLimit() throws IOException {
        byte[] data = "hello clipboard ".repeat(1000).getBytes(StandardCharsets.UTF_8);
        byte[] frame = Compression.compress(data);
        assertThat(frame.length).isLessThan(data.length);
        assertThat(Compression.decompress(frame, data.length)).isEqualTo(data);
    }

    @Test
    void frameIsStandardLevel3WithContentSize() {
        byte[] data = new byte[5000];
        byte[] frame = Compression.compress(data);
        // zstd magic 0xFD2FB528, little-endian
        assertThat(Arrays.copyOf(frame, 4)).containsExactly(0x28, 0xB5, 0x2F, 0xFD);
        assertThat(Zstd.getFrameContentSize(frame)).isEqualTo(5000);
        assertThat(frame).isEqualTo(Zstd.compress(data, 3));
    }

    @Test
    void emptyInputRoundTrips() throws IOException {
        byte[] frame = Compression.compress(new byte[0]);
        assertThat(Compression.decompress(frame, 0)).isEmpty();
    }

    @Test
    void declaredSizeOverLimitIsRefusedBeforeDecoding() {
        byte[] frame = Compression.compress(new byte[1025]);
        assertThatThrownBy(() -> Compression.decompress(frame, 1024))
                .isInstanceOf(IOException.class).hasMessageContaining("declares 1025");
    }

    @Test
    void exactlyAtLimitIsAccepted() throws IOException {
        byte[] data = new byte[1024];
        new Random(1).nextBytes(data);
        assertThat(Compression.decompress(Compression.compress(data), 1024)).isEqualTo(data);
    }

    /** A 1 GiB bomb without a declared size: refused after at most the limit is produced. */
    @Test
    void bombWithoutDeclaredSizeIsStoppedAtTheLimit() throws IOException {
        byte[] bomb = undeclaredZeros(1 << 30);
        assertThat(bomb.length).isLessThan(64 * 1024);
        assertThat(Zstd.getFrameContentSize(bomb)).isEqualTo(-1);
        long before = allocatedBytes();
        assertThatThrownBy(() -> Compression.decompress(bomb, 128 * 1024))
                .isInstanceOf(IOException.class);
        long allocated = allocatedBytes() - before;
        if (before >= 0) {
            assertThat(allocated).isLessThan(4L * 1024 * 1024);
        }
    }

    @Test
    void bombWithDeclaredSizeIsRefusedWithoutAllocation() throws IOException {
        byte[] bomb;
        try (ZstdCompressCtx ctx = new ZstdCompressCtx()) {
            ctx.setLevel(3);
            bomb = ctx.compress(new byte[64 * 1024 * 1024]);
        }
        assertThat(bomb.length).isLessThan(8 * 1024);
        long before = allocatedBytes();
        assertThatThrownBy(() -> Compression.decompress(bomb, 1024 * 1024))
                .isInstanceOf(IOException.class).hasMessageContaining("declares 67108864");
        if (before >= 0) {
            assertThat(allocatedBytes() - before).isLessThan(1024 * 1024);
        }
    }

    @Test
    void undeclaredFrameWithinLimitDecodes() throws IOException {
        byte[] frame = undeclaredZeros(300_000);
        assertThat(Compression.decompress(frame, 300_000)).hasSize(300_000);
        assertThatThrownBy(() -> Compression.decompress(frame, 299_999))
                .isInstanceOf(IOException.class);
    }

    @Test
    void concatenatedFramesCountTowardsTheLimit() throws IOException {
        ByteArrayOutputStream two = new ByteArrayOutputStream();
        two.writeBytes(Compression.compress(new byte[600]));
        two.writeBytes(Compression.compress(new byte[600]));
        assertThat(Compression.decompress(two.toByteArray(), 1200)).hasSize(1200);
        assertThatThrownBy(() -> Compression.decompress(two.toByteArray(), 1000))
                .isInstanceOf(IOException.class);
    }

    @Test
    void garbageTruncationAndTrailingBytesAreRefused() {
        byte[] frame = Compression.compress("some text to compress, some text".getBytes(
                StandardCharsets.UTF_8));
        assertThatThrownBy(() -> Compression.decompress(new byte[] {1, 2, 3, 4, 5, 6}, 100))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> Compression.decompress(new byte[0], 100))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> Compression.decompress(
                Arrays.copyOf(frame, frame.length - 3), 100)).isInstanceOf(IOException.class);
        byte[] trailing = Arrays.copyOf(frame, frame.length + 4);
        assertThatThrownBy(() -> Compression.decompress(trailing, 100))
                .isInstanceOf(IOException.class);
    }

    @Test
    void alreadyCompressedExtensionsAreNotWorthCompressing() {
        for (String name : new String[] {"a.xz", "a.gz", "a.zip", "a.7z", "a.rar", "a.bz2",
                "a.tgz", "a.png", "a.jpg", "b.tar.gz", "PHOTO.JPG"}) {
            assertThat(Compression.worthCompressing(name)).as(name).isFalse();
        }
        for (String name : new String[] {"a.txt", "a.jpeg", "gz", "", "a.tar", "zip.txt",
                "a.gz.txt"}) {
            assertThat(Compression.worthCompressing(name)).as(name).isTrue();
        }
    }

    /** A frame of {@code size} zero bytes written by the streaming encoder: no content size. */
    private static byte[] undeclaredZeros(int size) {
        try (ZstdCompressCtx ctx = new ZstdCompressCtx()) {
            ctx.setLevel(3);
            ctx.setContentSize(false);
            byte[] chunk = new byte[1 << 20];
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            java.nio.ByteBuffer dst = java.nio.ByteBuffer.allocateDirect(1 << 16);
            java.nio.ByteBuffer src = java.nio.ByteBuffer.allocateDirect(chunk.length);
            for (int left = size; left > 0; left -= chunk.length) {
                src.clear();
                src.put(chunk, 0, Math.min(left, chunk.length)).flip();
                while (src.hasRemaining()) {
                    ctx.compressDirectByteBufferStream(dst, src,
                            com.github.luben.zstd.EndDirective.CONTINUE);
                    drain(dst, out);
                }
            }
            boolean done = false;
            while (!done) {
                done = ctx.compressDirectByteBufferStream(dst, src,
                        com.github.luben.zstd.EndDirective.END);
                drain(dst, out);
            }
            return out.toByteArray();
        }
    }

    private static void drain(java.nio.ByteBuffer dst, ByteArrayOutputStream out) {
        dst.flip();
        byte[] bytes = new byte[dst.remaining()];
        dst.get(bytes);
        out.writeBytes(bytes);
        dst.clear();
    }

    /** Bytes allocated on the heap by this thread so far, or -1 when the JVM cannot tell. */
    private static long allocatedBytes() {
        java.lang.management.ThreadMXBean bean =
                java.lang.management.ManagementFactory.getThreadMXBean();
        if (bean instanceof com.sun.management.ThreadMXBean sun
                && sun.isThreadAllocatedMemorySupported()) {
            return sun.getThreadAllocatedBytes(Thread.currentThread().getId());
        }
        return -1;
    }
}
