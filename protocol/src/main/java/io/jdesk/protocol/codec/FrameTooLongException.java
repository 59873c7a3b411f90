package io.jdesk.protocol.codec;

import io.netty.handler.codec.TooLongFrameException;

/**
 * A frame header announced a payload longer than the decoder accepts.
 *
 * <p>Raised as soon as the 1-4 byte header is complete, before any payload byte is buffered.
 * A length-prefixed stream cannot be resynchronised after a refused header, so the connection
 * carrying it must be closed. Extends Netty's {@link TooLongFrameException} (a
 * {@code DecoderException}) so that a {@code ByteToMessageDecoder} passes it up the pipeline
 * unwrapped and one tail handler can classify every decoder failure alike.
 */
public final class FrameTooLongException extends TooLongFrameException {

    private static final long serialVersionUID = 1L;

    private final int declaredLength;
    private final int maxFrameLength;

    /**
     * @param declaredLength payload length read from the header
     * @param maxFrameLength largest payload length the decoder accepts
     */
    public FrameTooLongException(int declaredLength, int maxFrameLength) {
        super("frame header declares " + declaredLength + " payload bytes; the limit is "
                + maxFrameLength);
        this.declaredLength = declaredLength;
        this.maxFrameLength = maxFrameLength;
    }

    /** @return the payload length the header announced */
    public int declaredLength() {
        return declaredLength;
    }

    /** @return the limit the header exceeded */
    public int maxFrameLength() {
        return maxFrameLength;
    }
}
