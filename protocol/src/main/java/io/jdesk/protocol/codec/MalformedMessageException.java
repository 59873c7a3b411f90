package io.jdesk.protocol.codec;

import io.netty.handler.codec.DecoderException;

/**
 * Bytes that do not parse as the expected protobuf root message: truncated, above the size
 * limit, nested deeper than the recursion limit, or otherwise invalid.
 *
 * <p>Unchecked, and a Netty {@link DecoderException}, so a pipeline passes it to its tail
 * handler unwrapped: a UDP listener logs and drops the datagram, a TCP or WebSocket
 * connection is closed (design.md hard rule 4).
 */
public final class MalformedMessageException extends DecoderException {

    private static final long serialVersionUID = 1L;

    private final String rootType;
    private final int inputLength;

    /**
     * @param rootType full protobuf name of the expected root, e.g. {@code hbb.RendezvousMessage}
     * @param inputLength number of bytes offered to the parser
     * @param cause why parsing failed
     */
    public MalformedMessageException(String rootType, int inputLength, Throwable cause) {
        super("malformed " + rootType + " (" + inputLength + " bytes): " + cause.getMessage(),
                cause);
        this.rootType = rootType;
        this.inputLength = inputLength;
    }

    /** @return full protobuf name of the root message that was expected */
    public String rootType() {
        return rootType;
    }

    /** @return number of bytes offered to the parser */
    public int inputLength() {
        return inputLength;
    }
}
