package io.jdesk.protocol.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The RustDesk TCP length prefix (servers.md §2.1, peer.md §1.2), without any Netty channel.
 *
 * <p>Every message on a rendezvous/relay TCP connection, and on the peer-to-peer session
 * stream, is {@code header || payload}. The header is 1 to 4 bytes read as a little-endian
 * unsigned integer {@code H}; the low two bits of the <em>first</em> byte give the header
 * length minus one and {@code H >>> 2} is the payload length:
 *
 * <pre>
 *   first byte           (further header bytes, little-endian)
 *  +-------------+----+  +--------+--------+--------+
 *  | len bits 0-5| hl |  | 6-13   | 14-21  | 22-29  |   hl = header length - 1
 *  +-------------+----+  +--------+--------+--------+
 *   7           2 1  0
 *
 *  payload length n        header bytes  value written (LE)
 *  0 .. 63                 1             n &lt;&lt; 2
 *  64 .. 16 383            2             (n &lt;&lt; 2) | 1
 *  16 384 .. 4 194 303     3             (n &lt;&lt; 2) | 2
 *  4 194 304 .. 2^30 - 1   4             (n &lt;&lt; 2) | 3
 *  larger                  -             "Overflow"
 * </pre>
 *
 * <p>The encoder always picks the shortest header. A zero-length frame ({@code 00}) is legal
 * and is the keep-alive on long-lived rendezvous connections. The {@link Decoder} checks the
 * declared length against its limit as soon as the header is complete and never allocates
 * from the declared length alone. {@link FrameDecoder} and {@link FrameEncoder} are the
 * Netty pipeline forms of the same rules.
 */
public final class FrameCodec {

    /** Largest payload the 4-byte header can describe: 30 length bits (servers.md §2.1). */
    public static final int MAX_FRAME_LENGTH = 0x3FFFFFFF;

    /**
     * Default decoder limit: 64 KiB. servers.md §2.1 recommends capping rendezvous frames far
     * below the format's 1 GiB; the official client never sends large rendezvous messages.
     */
    public static final int DEFAULT_MAX_FRAME = 64 * 1024;

    /** Longest header: 4 bytes (servers.md §2.1). */
    public static final int MAX_HEADER_LENGTH = 4;

    /** Largest payload with a 1-byte header (servers.md §2.1). */
    private static final int MAX_LENGTH_1 = 0x3F;

    /** Largest payload with a 2-byte header (servers.md §2.1). */
    private static final int MAX_LENGTH_2 = 0x3FFF;

    /** Largest payload with a 3-byte header (servers.md §2.1). */
    private static final int MAX_LENGTH_3 = 0x3FFFFF;

    /** Low bits of the first byte holding (header length - 1) (servers.md §2.1). */
    private static final int HEADER_LENGTH_MASK = 0b11;

    /** The payload length sits above the two header-length bits (servers.md §2.1). */
    private static final int LENGTH_SHIFT = 2;

    private FrameCodec() {
    }

    /**
     * Header size the encoder uses for a payload.
     *
     * @param payloadLength payload length in bytes
     * @return 1, 2, 3 or 4
     * @throws IllegalArgumentException "Overflow" when the length exceeds
     *         {@link #MAX_FRAME_LENGTH}, or when it is negative
     */
    public static int headerLength(int payloadLength) {
        if (payloadLength < 0) {
            throw new IllegalArgumentException("negative payload length " + payloadLength);
        }
        if (payloadLength <= MAX_LENGTH_1) {
            return 1;
        }
        if (payloadLength <= MAX_LENGTH_2) {
            return 2;
        }
        if (payloadLength <= MAX_LENGTH_3) {
            return 3;
        }
        if (payloadLength <= MAX_FRAME_LENGTH) {
            return 4;
        }
        throw new IllegalArgumentException("Overflow: payload length " + payloadLength
                + " exceeds " + MAX_FRAME_LENGTH);
    }

    /**
     * Writes the shortest header for a payload of {@code payloadLength} bytes.
     *
     * @throws IllegalArgumentException as {@link #headerLength(int)}
     */
    public static void writeHeader(ByteBuf out, int payloadLength) {
        int headerLength = headerLength(payloadLength);
        int value = (payloadLength << LENGTH_SHIFT) | (headerLength - 1);
        switch (headerLength) {
            case 1 -> out.writeByte(value);
            case 2 -> out.writeShortLE(value);
            case 3 -> out.writeMediumLE(value);
            default -> out.writeIntLE(value);
        }
    }

    /**
     * Frames one payload: header followed by a copy of the payload.
     *
     * @throws IllegalArgumentException "Overflow" when the payload is longer than
     *         {@link #MAX_FRAME_LENGTH}
     */
    public static byte[] encode(byte[] payload) {
        int headerLength = headerLength(payload.length);
        byte[] frame = new byte[headerLength + payload.length];
        ByteBuf out = Unpooled.wrappedBuffer(frame);
        out.writerIndex(0);
        writeHeader(out, payload.length);
        out.writeBytes(payload);
        return frame;
    }

    /** Header length announced by the first header byte: its low two bits plus one. */
    public static int headerLengthOf(int firstByte) {
        return (firstByte & HEADER_LENGTH_MASK) + 1;
    }

    /**
     * Payload length held by a complete header, read without moving the reader index.
     *
     * @param headerLength 1 to 4, from {@link #headerLengthOf(int)}
     */
    public static int payloadLength(ByteBuf in, int index, int headerLength) {
        long value = switch (headerLength) {
            case 1 -> in.getUnsignedByte(index);
            case 2 -> in.getUnsignedShortLE(index);
            case 3 -> in.getUnsignedMediumLE(index);
            default -> in.getUnsignedIntLE(index);
        };
        return (int) (value >>> LENGTH_SHIFT);
    }

    /**
     * Incremental frame decoder over chunks of a byte stream, for code that reads a stream
     * without a Netty pipeline (tests, tools, blocking clients). Not thread-safe; one per
     * stream.
     *
     * <p>States: {@code HEADER} (collecting up to 4 header bytes), {@code PAYLOAD} (collecting
     * the announced number of bytes) and {@code FAILED} (a header exceeded the limit; the
     * stream cannot be resynchronised and every further call is refused). The payload buffer
     * grows with the bytes actually received, at most doubling, and never beyond the declared
     * length, so a hostile header costs nothing until its bytes arrive.
     */
    public static final class Decoder {

        /** First allocation for a partially received payload; grows by doubling. */
        private static final int INITIAL_PARTIAL_CAPACITY = 256;

        private static final byte[] EMPTY = new byte[0];

        private enum State { HEADER, PAYLOAD, FAILED }

        private final int maxFrameLength;
        private State state = State.HEADER;
        private int headerLength;
        private int headerRead;
        private int headerValue;
        private int payloadLength;
        private byte[] payload = EMPTY;
        private int payloadRead;

        /** A decoder accepting payloads up to {@link #DEFAULT_MAX_FRAME} bytes. */
        public Decoder() {
            this(DEFAULT_MAX_FRAME);
        }

        /**
         * @param maxFrameLength largest accepted payload, 0 to {@link #MAX_FRAME_LENGTH}
         */
        public Decoder(int maxFrameLength) {
            if (maxFrameLength < 0 || maxFrameLength > MAX_FRAME_LENGTH) {
                throw new IllegalArgumentException("maxFrameLength must be 0.." + MAX_FRAME_LENGTH
                        + "; got " + maxFrameLength);
            }
            this.maxFrameLength = maxFrameLength;
        }

        /** Decodes a chunk given as an array; see {@link #decode(ByteBuf)}. */
        public List<byte[]> decode(byte[] chunk) {
            return decode(Unpooled.wrappedBuffer(chunk));
        }

        /**
         * Consumes every readable byte of {@code in} and returns the payloads of the frames
         * completed by it, in order; an empty list while a frame is still incomplete. Bytes of
         * an incomplete frame are kept for the next call.
         *
         * @throws FrameTooLongException when a header declares more than the limit; the decoder
         *         is then failed
         * @throws IllegalStateException when called after a failure
         */
        public List<byte[]> decode(ByteBuf in) {
            if (state == State.FAILED) {
                throw new IllegalStateException("decoder failed on an oversized frame header");
            }
            List<byte[]> frames = new ArrayList<>(0);
            while (in.isReadable()) {
                if (state == State.HEADER) {
                    readHeader(in, frames);
                } else {
                    readPayload(in, frames);
                }
            }
            return frames;
        }

        /** @return bytes received but not yet returned as part of a frame */
        public int bufferedBytes() {
            return headerRead + payloadRead;
        }

        /** @return bytes currently allocated for an incomplete payload */
        public int bufferCapacity() {
            return payload.length;
        }

        private void readHeader(ByteBuf in, List<byte[]> frames) {
            if (headerRead == 0) {
                headerLength = headerLengthOf(in.getUnsignedByte(in.readerIndex()));
            }
            while (headerRead < headerLength && in.isReadable()) {
                headerValue |= in.readUnsignedByte() << (Byte.SIZE * headerRead);
                headerRead++;
            }
            if (headerRead < headerLength) {
                return;
            }
            int length = headerValue >>> LENGTH_SHIFT;
            headerRead = 0;
            headerValue = 0;
            if (length > maxFrameLength) {
                state = State.FAILED;
                in.skipBytes(in.readableBytes());
                throw new FrameTooLongException(length, maxFrameLength);
            }
            if (length == 0) {
                frames.add(EMPTY);
                return;
            }
            payloadLength = length;
            state = State.PAYLOAD;
        }

        private void readPayload(ByteBuf in, List<byte[]> frames) {
            int missing = payloadLength - payloadRead;
            if (payloadRead == 0 && in.readableBytes() >= payloadLength) {
                byte[] frame = new byte[payloadLength];
                in.readBytes(frame);
                completeFrame(frames, frame);
                return;
            }
            int take = Math.min(missing, in.readableBytes());
            ensureCapacity(payloadRead + take);
            in.readBytes(payload, payloadRead, take);
            payloadRead += take;
            if (payloadRead == payloadLength) {
                completeFrame(frames, payload); // capacity never exceeds payloadLength
            }
        }

        private void ensureCapacity(int needed) {
            if (needed <= payload.length) {
                return;
            }
            int doubled = (int) Math.min((long) payload.length * 2, MAX_FRAME_LENGTH);
            int capacity = Math.max(needed, Math.max(doubled, INITIAL_PARTIAL_CAPACITY));
            payload = Arrays.copyOf(payload, Math.min(capacity, payloadLength));
        }

        private void completeFrame(List<byte[]> frames, byte[] frame) {
            frames.add(frame);
            payload = EMPTY;
            payloadRead = 0;
            payloadLength = 0;
            state = State.HEADER;
        }
    }
}
