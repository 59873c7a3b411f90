package io.jdesk.protocol.dissect;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.UnknownFieldSet;
import io.jdesk.protocol.codec.AddrMangle;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders a protobuf message as JSON for people reading RustDesk traffic: the dissector of
 * {@code jdesk decode} and debug logs.
 *
 * <p>Differences from {@code JsonFormat}, on purpose:
 *
 * <ul>
 *   <li>field names are the .proto names (snake_case), as the spec writes them;
 *   <li>{@code bytes} are lowercase hex, not Base64;
 *   <li>{@code bytes} fields named {@code socket_addr}, {@code socket_addr_v6} and
 *       {@code local_addr} hold AddrMangle-encoded addresses (spec/servers.md §6): they are
 *       followed by a sibling {@code "<name>.decoded": "ip:port"};
 *   <li>unknown fields are kept, under {@code "(unknown)"}, keyed by field number, each value
 *       tagged with its wire type ({@code varint}, {@code fixed32}, {@code fixed64},
 *       {@code bytes}, {@code group});
 *   <li>enum numbers without a name in our schema are printed as numbers.
 * </ul>
 *
 * <p>Only fields present on the wire are printed (proto3 zero values are absent). Stateless
 * and thread-safe.
 */
public final class ProtoJson {

    /** Field names whose bytes are AddrMangle-encoded socket addresses. */
    private static final Set<String> MANGLED_ADDRESS_FIELDS =
            Set.of("socket_addr", "socket_addr_v6", "local_addr");

    /** Key of the object listing unknown fields. Cannot collide: not a valid proto name. */
    public static final String UNKNOWN_KEY = "(unknown)";

    private static final HexFormat HEX = HexFormat.of();

    private ProtoJson() {}

    /** Pretty-printed JSON (two-space indent) of {@code message}. */
    public static String toJson(MessageOrBuilder message) {
        JsonWriter out = new JsonWriter();
        writeMessage(out, message);
        return out.toString();
    }

    /** Writes {@code message} as a JSON object into {@code out}. */
    public static void writeMessage(JsonWriter out, MessageOrBuilder message) {
        out.beginObject();
        for (Map.Entry<FieldDescriptor, Object> e : message.getAllFields().entrySet()) {
            writeField(out, e.getKey(), e.getValue());
        }
        writeUnknown(out, message.getUnknownFields());
        out.endObject();
    }

    private static void writeField(JsonWriter out, FieldDescriptor field, Object value) {
        out.name(field.getName());
        if (field.isRepeated()) {
            out.beginArray();
            for (Object item : (List<?>) value) {
                writeValue(out, field, item);
            }
            out.endArray();
            return;
        }
        writeValue(out, field, value);
        if (field.getType() == FieldDescriptor.Type.BYTES
                && MANGLED_ADDRESS_FIELDS.contains(field.getName())) {
            out.name(field.getName() + ".decoded").value(formatAddress((ByteString) value));
        }
    }

    private static void writeValue(JsonWriter out, FieldDescriptor field, Object value) {
        switch (field.getJavaType()) {
            case MESSAGE:
                writeMessage(out, (MessageOrBuilder) value);
                break;
            case ENUM:
                EnumValueDescriptor ev = (EnumValueDescriptor) value;
                if (ev.getIndex() >= 0 && ev.getType().findValueByNumber(ev.getNumber()) == ev) {
                    out.value(ev.getName());
                } else {
                    out.rawNumber(Integer.toString(ev.getNumber()));
                }
                break;
            case BYTE_STRING:
                out.value(HEX.formatHex(((ByteString) value).toByteArray()));
                break;
            case STRING:
                out.value((String) value);
                break;
            case BOOLEAN:
                out.rawNumber(value.toString());
                break;
            case INT:
                out.rawNumber(isUnsigned(field)
                        ? Integer.toUnsignedString((Integer) value) : value.toString());
                break;
            case LONG:
                out.rawNumber(isUnsigned(field)
                        ? Long.toUnsignedString((Long) value) : value.toString());
                break;
            default: // FLOAT, DOUBLE
                double d = ((Number) value).doubleValue();
                if (Double.isFinite(d)) {
                    out.rawNumber(value.toString());
                } else {
                    out.value(value.toString());
                }
        }
    }

    private static boolean isUnsigned(FieldDescriptor f) {
        switch (f.getType()) {
            case UINT32:
            case UINT64:
            case FIXED32:
            case FIXED64:
                return true;
            default:
                return false;
        }
    }

    private static void writeUnknown(JsonWriter out, UnknownFieldSet unknown) {
        if (!unknown.asMap().isEmpty()) {
            out.name(UNKNOWN_KEY);
            writeUnknownObject(out, unknown);
        }
    }

    /** {@code {"<number>": [{"<wire type>": value}, ...], ...}}; groups nest the same shape. */
    private static void writeUnknownObject(JsonWriter out, UnknownFieldSet unknown) {
        out.beginObject();
        for (Map.Entry<Integer, UnknownFieldSet.Field> e : unknown.asMap().entrySet()) {
            UnknownFieldSet.Field f = e.getValue();
            out.name(Integer.toString(e.getKey())).beginArray();
            for (long v : f.getVarintList()) {
                out.beginObject().name("varint").rawNumber(Long.toUnsignedString(v)).endObject();
            }
            for (int v : f.getFixed32List()) {
                out.beginObject().name("fixed32").rawNumber(Integer.toUnsignedString(v)).endObject();
            }
            for (long v : f.getFixed64List()) {
                out.beginObject().name("fixed64").rawNumber(Long.toUnsignedString(v)).endObject();
            }
            for (ByteString v : f.getLengthDelimitedList()) {
                out.beginObject().name("bytes").value(HEX.formatHex(v.toByteArray())).endObject();
            }
            for (UnknownFieldSet g : f.getGroupList()) {
                out.beginObject().name("group");
                writeUnknownObject(out, g);
                out.endObject();
            }
            out.endArray();
        }
        out.endObject();
    }

    /** {@code ip:port} ({@code [v6]:port}) of a mangled address, or a note when it is invalid. */
    static String formatAddress(ByteString mangled) {
        InetSocketAddress a = AddrMangle.decode(mangled.toByteArray());
        String host = a.getAddress().getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
    }
}
