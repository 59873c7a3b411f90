package io.jdesk.peer.internal;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

/**
 * zstd as the session uses it: clipboard content (peer.md §7.6), cursor colours (§7.7) and file
 * blocks (§7.10) travel as standard zstd frames.
 *
 * <p>Trust boundary: {@link #decompress} takes frames from the other peer. It checks the
 * frame's declared content size against the caller's limit before allocating, streams into an
 * output that never grows past the limit, and caps the decoder's window so a frame cannot make
 * the native side reserve an arbitrary amount either (see {@link #windowLog}). Stateless and thread-safe; each
 * call uses its own native context.
 */
public final class Compression {

    /** zstd level 3 = {@code COMPRESS_LEVEL} in hbb_common {@code src/config.rs}. */
    public static final int LEVEL = 3;

    /**
     * Extensions whose content is already compressed: file blocks of these files are sent as
     * they are (hbb_common {@code src/fs.rs} {@code is_compressed_file}, peer.md §7.10).
     */
    private static final Set<String> COMPRESSED_EXTENSIONS =
            Set.of("xz", "gz", "zip", "7z", "rar", "bz2", "tgz", "png", "jpg");

    /** First output buffer when a frame does not declare its content size. */
    private static final int UNKNOWN_SIZE_START = 64 * 1024;

    /**
     * Smallest window limit: 2 MiB, the window zstd's level-3 parameters choose when the
     * encoder does not know the input size (streaming encoders), so such frames still decode.
     */
    private static final int WINDOW_LOG_FLOOR = 21;

    /**
     * Largest window limit: 128 MiB, zstd's own default (ZSTD_WINDOWLOG_LIMIT_DEFAULT), which is
     * also what upstream's decoder (the Rust zstd crate with default parameters) accepts.
     */
    private static final int WINDOW_LOG_CEILING = 27;

    /** Shortest input that can hold a frame header (4 magic bytes + 2 header bytes). */
    private static final int MIN_FRAME = 6;

    /** zstd-jni's value for "this is not a valid frame header" (ZSTD_CONTENTSIZE_ERROR). */
    private static final long CONTENT_SIZE_ERROR = -2;

    private Compression() {}

    /** A standard zstd frame (level 3, content size in the header) holding {@code data}. */
    public static byte[] compress(byte[] data) {
        return Zstd.compress(data, LEVEL);
    }

    /**
     * Decompresses one zstd frame (or several concatenated frames) into at most {@code maxSize}
     * bytes.
     *
     * @throws IOException when the input is not zstd, is truncated or corrupt, declares more
     *     than {@code maxSize} bytes, or produces more than {@code maxSize} bytes
     */
    public static byte[] decompress(byte[] frame, int maxSize) throws IOException {
        if (maxSize < 0) {
            throw new IllegalArgumentException("maxSize must be >= 0; got " + maxSize);
        }
        long declared = frame.length < MIN_FRAME ? CONTENT_SIZE_ERROR
                : Zstd.getFrameContentSize(frame);
        if (declared == CONTENT_SIZE_ERROR || declared < -1) {
            throw new IOException("not a zstd frame (" + frame.length + " bytes)");
        }
        if (declared > maxSize) {
            throw new IOException("zstd frame declares " + declared + " bytes; limit is "
                    + maxSize);
        }
        int start = declared >= 0 ? (int) declared : Math.min(maxSize, UNKNOWN_SIZE_START);
        try (ZstdDecompressCtx ctx = new ZstdDecompressCtx()) {
            ctx.setLongMax(windowLog(maxSize));
            return stream(ctx, ByteBuffer.wrap(frame), new byte[start], maxSize);
        } catch (ZstdException e) {
            throw new IOException("zstd: " + e.getMessage(), e);
        }
    }

    private static byte[] stream(ZstdDecompressCtx ctx, ByteBuffer src, byte[] out, int maxSize)
            throws IOException {
        int length = 0;
        while (true) {
            ByteBuffer dst = ByteBuffer.wrap(out, length, out.length - length);
            int consumedBefore = src.position();
            boolean frameEnd = ctx.decompressByteBufferStream(dst, src);
            boolean progress = dst.position() > length || src.position() > consumedBefore;
            length = dst.position();
            if (frameEnd && !src.hasRemaining()) {
                return length == out.length ? out : Arrays.copyOf(out, length);
            }
            if (length < out.length) {
                if (!progress) {
                    throw new IOException("truncated zstd frame");
                }
                continue; // the decoder stopped early (block boundary, next frame); go on
            }
            if (out.length >= maxSize) {
                ensureNoMoreOutput(ctx, src, maxSize);
                return out;
            }
            out = Arrays.copyOf(out, (int) Math.min(maxSize, Math.max(1024L, 2L * out.length)));
        }
    }

    /** The output is full at the limit: the rest of the input must decode to nothing. */
    private static void ensureNoMoreOutput(ZstdDecompressCtx ctx, ByteBuffer src, int maxSize)
            throws IOException {
        ByteBuffer probe = ByteBuffer.allocate(1);
        while (true) {
            int consumedBefore = src.position();
            boolean frameEnd = ctx.decompressByteBufferStream(probe, src);
            if (probe.position() > 0) {
                throw new IOException("zstd frame produces more than " + maxSize + " bytes");
            }
            if (frameEnd && !src.hasRemaining()) {
                return;
            }
            if (src.position() == consumedBefore) {
                throw new IOException("truncated zstd frame");
            }
        }
    }

    /**
     * Window limit for a frame that may produce at most {@code maxSize} bytes. A one-shot
     * encoder (upstream's) shrinks the window to the content size, so {@code maxSize} rounded
     * up to a power of two is enough; the floor lets streaming encoders' 2 MiB windows through.
     * The native window buffer is therefore at most max(2 MiB, 2 x maxSize, capped at 128 MiB)
     * and is freed when the call returns.
     */
    private static int windowLog(int maxSize) {
        int log = 32 - Integer.numberOfLeadingZeros(Math.max(1, maxSize - 1));
        return Math.max(WINDOW_LOG_FLOOR, Math.min(log, WINDOW_LOG_CEILING));
    }

    /**
     * Whether blocks of this file are worth compressing: false for the extensions upstream
     * treats as already compressed. Upstream compares case-sensitively; we also skip
     * {@code .JPG} and friends (the receiver accepts either form, so this changes no wire rule).
     */
    public static boolean worthCompressing(String fileName) {
        int dot = fileName.lastIndexOf('.');
        String ext = dot < 0 ? "" : fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
        return !COMPRESSED_EXTENSIONS.contains(ext);
    }
}
