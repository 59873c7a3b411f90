package io.jdesk.protocol.dissect;

import com.google.protobuf.AbstractMessage;
import io.jdesk.protocol.codec.FrameCodec;
import io.jdesk.protocol.codec.MalformedMessageException;
import io.jdesk.protocol.codec.ProtoParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Decodes captured RustDesk bytes into protobuf messages: the engine of {@code jdesk decode}.
 *
 * <p>Input is either one message (a UDP datagram, a WebSocket binary message, a frame payload)
 * or, when {@code framed}, a TCP byte stream split by the frame codec (servers.md §2.1). Each
 * piece is parsed as a {@code RendezvousMessage} (hbbs/hbbr traffic), a {@code Message} (the
 * peer-to-peer session), or, with {@link Root#AUTO}, whichever fits: protobuf parsing is
 * permissive (almost any bytes parse as some message with unknown fields), so a root only "fits"
 * when the bytes parse, set its {@code union} and leave no unknown top-level field.
 * RendezvousMessage is tried first. Encrypted session frames (secretbox, peer.md §5.4) do not
 * fit either root and are reported as such.
 *
 * <p>Parsing is bounded ({@link ProtoParser}: size and recursion limit), so hostile captures
 * end in a {@link DissectException}, never a stack overflow. Stateless and thread-safe.
 */
public final class Dissector {

    /** Which protobuf root to parse with. */
    public enum Root {
        RENDEZVOUS("hbb.RendezvousMessage"),
        MESSAGE("hbb.Message"),
        AUTO("auto");

        private final String protoName;

        Root(String protoName) {
            this.protoName = protoName;
        }

        /** Full protobuf name, e.g. {@code hbb.RendezvousMessage}. */
        public String protoName() {
            return protoName;
        }

        /** {@code rendezvous}, {@code message} or {@code auto}, case-insensitive. */
        public static Root fromName(String name) {
            try {
                return valueOf(name.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "unknown type '" + name + "': expected rendezvous, message or auto");
            }
        }
    }

    /**
     * One decoded piece of input.
     *
     * @param index position of the frame in the stream (0 when not framed)
     * @param root the root it was parsed as (never {@code AUTO})
     * @param length payload bytes
     * @param message the parsed message
     * @param note why this root was chosen, or {@code null} when the choice was not in doubt
     */
    public record Decoded(int index, Root root, int length, AbstractMessage message, String note) {}

    private final ProtoParser parser;

    /** A dissector accepting frames and messages up to {@code maxLength} bytes. */
    public Dissector(int maxLength) {
        this.parser = new ProtoParser(maxLength, ProtoParser.DEFAULT_RECURSION_LIMIT);
    }

    /**
     * Decodes {@code data}.
     *
     * @throws DissectException on the first piece that cannot be decoded as asked; the pieces
     *     decoded before it are in {@link DissectException#decoded()}
     */
    public List<Decoded> decode(byte[] data, boolean framed, Root root) {
        List<Decoded> out = new ArrayList<>();
        if (!framed) {
            out.add(decodeOne(0, data, root, out));
            return out;
        }
        FrameCodec.Decoder frames = new FrameCodec.Decoder(parser.sizeLimit());
        List<byte[]> payloads;
        try {
            payloads = frames.decode(data);
        } catch (RuntimeException e) { // FrameTooLongException: a header beyond the limit
            throw new DissectException("frame header: " + e.getMessage(), out);
        }
        for (byte[] payload : payloads) {
            out.add(decodeOne(out.size(), payload, root, out));
        }
        if (frames.bufferedBytes() > 0) {
            throw new DissectException("truncated frame after frame " + (out.size() - 1) + ": "
                    + frames.bufferedBytes() + " trailing bytes do not complete a frame", out);
        }
        return out;
    }

    private Decoded decodeOne(int index, byte[] bytes, Root root, List<Decoded> before) {
        String where = "frame " + index + " (" + bytes.length + " bytes)";
        if (root != Root.AUTO) {
            try {
                return new Decoded(index, root, bytes.length, parse(root, bytes), null);
            } catch (MalformedMessageException e) {
                throw new DissectException(where + ": " + e.getMessage(), before);
            }
        }
        if (bytes.length == 0) {
            return new Decoded(index, Root.RENDEZVOUS, 0, parse(Root.RENDEZVOUS, bytes),
                    "empty payload: the heartbeat of rendezvous TCP/WS connections");
        }
        String rendezvousProblem = fits(Root.RENDEZVOUS, bytes);
        if (rendezvousProblem == null) {
            return new Decoded(index, Root.RENDEZVOUS, bytes.length,
                    parse(Root.RENDEZVOUS, bytes), "auto: parses as hbb.RendezvousMessage");
        }
        String messageProblem = fits(Root.MESSAGE, bytes);
        if (messageProblem == null) {
            return new Decoded(index, Root.MESSAGE, bytes.length, parse(Root.MESSAGE, bytes),
                    "auto: parses as hbb.Message (not as hbb.RendezvousMessage: "
                            + rendezvousProblem + ")");
        }
        throw new DissectException(where + " is neither a RendezvousMessage (" + rendezvousProblem
                + ") nor a Message (" + messageProblem + "); encrypted session traffic looks"
                + " like this", before);
    }

    /** {@code null} when {@code bytes} fit {@code root}, else the reason they do not. */
    private String fits(Root root, byte[] bytes) {
        AbstractMessage m;
        try {
            m = parse(root, bytes);
        } catch (MalformedMessageException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return cause.getMessage();
        }
        if (!m.getUnknownFields().asMap().isEmpty()) {
            return "unknown field " + m.getUnknownFields().asMap().keySet().iterator().next();
        }
        if (m.getAllFields().isEmpty()) {
            return "no union member set";
        }
        return null;
    }

    private AbstractMessage parse(Root root, byte[] bytes) {
        return root == Root.MESSAGE ? parser.parseMessage(bytes) : parser.parseRendezvous(bytes);
    }
}
