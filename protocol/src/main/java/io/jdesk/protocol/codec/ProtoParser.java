package io.jdesk.protocol.codec;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Parser;
import io.jdesk.protocol.proto.Message;
import io.jdesk.protocol.proto.RendezvousMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

/**
 * Bounded parsing of the two protobuf roots: {@link RendezvousMessage} (every hbbs/hbbr
 * connection and datagram) and {@link Message} (the peer-to-peer session stream), peer.md
 * §1.2.
 *
 * <p>Two limits apply before and during parsing (design.md hard rule 2):
 * <ul>
 *   <li>a <b>size limit</b>: input longer than it is refused before a byte is parsed;</li>
 *   <li>a <b>recursion limit</b> on nested messages and groups, so a nesting bomb
 *       (vectors.md V7: 300 000 start-group tags) ends in an exception instead of a
 *       {@link StackOverflowError}.</li>
 * </ul>
 * Unknown fields are kept, so a message re-serialises to the bytes it came from. Input must
 * hold exactly one message: a stray end-group tag at the top level is an error, not a
 * silent stop. Immutable and thread-safe.
 */
public final class ProtoParser {

    /**
     * Default nesting limit: 32. The deepest legitimate nesting in the schema is 6 message
     * levels ({@code Message}) and 3 ({@code RendezvousMessage}); ProtoParserTest keeps this
     * true. 32 leaves room for schema growth while keeping the parser's stack small on event
     * loop threads (protobuf-java's own default is 100).
     */
    public static final int DEFAULT_RECURSION_LIMIT = 32;

    /** Limits for rendezvous traffic: {@link FrameCodec#DEFAULT_MAX_FRAME} and 32 levels. */
    public static final ProtoParser DEFAULT =
            new ProtoParser(FrameCodec.DEFAULT_MAX_FRAME, DEFAULT_RECURSION_LIMIT);

    private final int sizeLimit;
    private final int recursionLimit;

    /**
     * @param sizeLimit largest accepted input in bytes; normally the frame limit of the stream
     *        the bytes came from (a session stream carrying video needs more than the
     *        rendezvous default)
     * @param recursionLimit deepest accepted nesting of messages and groups
     */
    public ProtoParser(int sizeLimit, int recursionLimit) {
        if (sizeLimit < 0) {
            throw new IllegalArgumentException("sizeLimit must be >= 0; got " + sizeLimit);
        }
        if (recursionLimit < 1) {
            throw new IllegalArgumentException("recursionLimit must be >= 1; got "
                    + recursionLimit);
        }
        this.sizeLimit = sizeLimit;
        this.recursionLimit = recursionLimit;
    }

    /** @return largest accepted input in bytes */
    public int sizeLimit() {
        return sizeLimit;
    }

    /** @return deepest accepted nesting */
    public int recursionLimit() {
        return recursionLimit;
    }

    /**
     * @throws MalformedMessageException when the bytes are not one valid message within the
     *         limits
     */
    public RendezvousMessage parseRendezvous(byte[] bytes) {
        return parse(RendezvousMessage.parser(), RendezvousMessage.getDescriptor(), bytes);
    }

    /**
     * Parses the readable bytes of {@code buf} without moving its indices or releasing it.
     *
     * @throws MalformedMessageException as {@link #parseRendezvous(byte[])}
     */
    public RendezvousMessage parseRendezvous(ByteBuf buf) {
        return parse(RendezvousMessage.parser(), RendezvousMessage.getDescriptor(), buf);
    }

    /** @throws MalformedMessageException as {@link #parseRendezvous(byte[])} */
    public Message parseMessage(byte[] bytes) {
        return parse(Message.parser(), Message.getDescriptor(), bytes);
    }

    /**
     * Parses the readable bytes of {@code buf} without moving its indices or releasing it.
     *
     * @throws MalformedMessageException as {@link #parseRendezvous(byte[])}
     */
    public Message parseMessage(ByteBuf buf) {
        return parse(Message.parser(), Message.getDescriptor(), buf);
    }

    private <T> T parse(Parser<T> parser, Descriptor root, byte[] bytes) {
        checkSize(root, bytes.length);
        return parse(parser, root, CodedInputStream.newInstance(bytes), bytes.length);
    }

    private <T> T parse(Parser<T> parser, Descriptor root, ByteBuf buf) {
        int length = buf.readableBytes();
        checkSize(root, length);
        CodedInputStream in;
        if (buf.hasArray()) {
            in = CodedInputStream.newInstance(buf.array(), buf.arrayOffset() + buf.readerIndex(),
                    length);
        } else if (buf.nioBufferCount() == 1) {
            in = CodedInputStream.newInstance(buf.nioBuffer(buf.readerIndex(), length));
        } else {
            in = CodedInputStream.newInstance(ByteBufUtil.getBytes(buf));
        }
        return parse(parser, root, in, length);
    }

    /**
     * The size was checked by the caller: array- and buffer-backed streams do not enforce
     * {@link CodedInputStream#setSizeLimit(int)}, which is set anyway for stream-backed ones.
     */
    private <T> T parse(Parser<T> parser, Descriptor root, CodedInputStream in, int length) {
        in.setSizeLimit(sizeLimit);
        in.setRecursionLimit(recursionLimit);
        try {
            T message = parser.parseFrom(in);
            in.checkLastTagWas(0);
            return message;
        } catch (InvalidProtocolBufferException e) {
            throw new MalformedMessageException(root.getFullName(), length, e);
        }
    }

    private void checkSize(Descriptor root, int length) {
        if (length > sizeLimit) {
            throw new MalformedMessageException(root.getFullName(), length,
                    new InvalidProtocolBufferException(
                            "input of " + length + " bytes exceeds the size limit " + sizeLimit));
        }
    }
}
