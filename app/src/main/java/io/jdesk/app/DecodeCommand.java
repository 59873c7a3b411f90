package io.jdesk.app;

import io.jdesk.protocol.codec.FrameCodec;
import io.jdesk.protocol.dissect.DissectException;
import io.jdesk.protocol.dissect.Dissector;
import io.jdesk.protocol.dissect.JsonWriter;
import io.jdesk.protocol.dissect.ProtoJson;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jdesk decode}: a dissector for RustDesk traffic. Prints one JSON document per decoded
 * message on stdout; a failure prints what was decoded before it, then one error line on
 * stderr, and exits 1.
 */
@Command(
        name = "decode",
        mixinStandardHelpOptions = true,
        description = "Decode RustDesk protobuf bytes (hbbs/hbbr or peer session) and print them as JSON.",
        footer = {
            "",
            "INPUT is hex (spaces, ':' and 0x allowed) or Base64 text, @FILE, or - for stdin;",
            "a file or stdin holding hex or Base64 text is decoded as text, anything else as raw bytes.",
            "Bytes fields print as hex; socket_addr, socket_addr_v6 and local_addr also as ip:port;",
            "unknown fields appear under \"(unknown)\" by field number.",
            "",
            "Examples:",
            "  jdesk decode 420d0a093132333435363738391002",
            "  jdesk decode --framed 3c420d0a093132333435363738391002",
            "  jdesk decode --framed --type message @session.bin"
        })
final class DecodeCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--framed",
            description = "Input is a TCP byte stream: split it into frames by the 1-4 byte length header first.")
    boolean framed;

    @Option(names = "--type", paramLabel = "rendezvous|message|auto", defaultValue = "auto",
            converter = RootConverter.class,
            description = "Root message: RendezvousMessage (hbbs/hbbr), Message (peer session), or auto"
                    + " (try RendezvousMessage, then Message; the output says which). Default: ${DEFAULT-VALUE}.")
    Dissector.Root root;

    @Option(names = "--max-length", paramLabel = "BYTES", defaultValue = "" + InputBytes.MAX_INPUT,
            description = "Largest frame or message accepted. Default: ${DEFAULT-VALUE}.")
    int maxLength;

    @Parameters(paramLabel = "INPUT", description = "hex or Base64 text, @FILE, or - for stdin")
    String input;

    @Override
    public Integer call() {
        if (maxLength < 0 || maxLength > FrameCodec.MAX_FRAME_LENGTH) {
            throw new IllegalArgumentException(
                    "--max-length must be 0.." + FrameCodec.MAX_FRAME_LENGTH + "; got " + maxLength);
        }
        byte[] data = InputBytes.read(input, System.in);
        Dissector dissector = new Dissector(maxLength);
        PrintWriter out = spec.commandLine().getOut();
        try {
            print(out, dissector.decode(data, framed, root));
        } catch (DissectException e) {
            print(out, e.decoded());
            throw e;
        }
        return 0;
    }

    private void print(PrintWriter out, List<Dissector.Decoded> decoded) {
        for (Dissector.Decoded d : decoded) {
            JsonWriter json = new JsonWriter().beginObject();
            if (framed) {
                json.name("frame").rawNumber(Integer.toString(d.index()));
            }
            json.name("type").value(d.root().protoName());
            json.name("length").rawNumber(Integer.toString(d.length()));
            if (d.note() != null) {
                json.name("note").value(d.note());
            }
            json.name("message");
            ProtoJson.writeMessage(json, d.message());
            out.println(json.endObject());
        }
        out.flush();
    }

    /** Parses {@code --type} with a message that lists the choices. */
    static final class RootConverter implements picocli.CommandLine.ITypeConverter<Dissector.Root> {
        @Override
        public Dissector.Root convert(String value) {
            return Dissector.Root.fromName(value);
        }
    }
}
