package io.jdesk.server.fuzz;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;
import com.google.protobuf.Message;
import io.jdesk.protocol.codec.AddrMangle;
import io.jdesk.protocol.proto.RendezvousMessage;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Well-formed RendezvousMessages with hostile field values, built from the generated classes'
 * descriptors (every message type of the {@code union}, every field, nested messages), and
 * byte-level mutations of their encodings. Deterministic: everything comes from the
 * {@link SplittableRandom} passed in. Field values are drawn from pools chosen by field name:
 * plausible IDs (and the campaign's {@link Vocabulary}), the server's real licence key, mangled
 * loopback addresses, 32-byte keys, boundary integers, and now and then very long or invalid
 * values.
 */
final class ProtoFuzz {

    /** The words the generator knows besides random ones (IDs, uuids, the key). */
    record Vocabulary(String licenceKey, List<String> ids, List<String> victimIds, List<String> relayUuids,
            int relayPort) {}

    private static final List<FieldDescriptor> UNION =
            RendezvousMessage.getDescriptor().getOneofs().get(0).getFields();

    /** Union cases the servers act on, drawn more often than the rest. */
    private static final List<String> SERVED = List.of("register_peer", "register_pk", "punch_hole_request",
            "punch_hole_sent", "local_addr", "request_relay", "relay_response", "test_nat_request",
            "online_request", "key_exchange", "configure_update", "software_update", "hc");

    private static final int[] INTS = {0, 1, -1, 2, 3, 7, 8, 127, 128, 255, 256, 21116, 65535, 65536,
        Integer.MAX_VALUE, Integer.MIN_VALUE};

    private final Vocabulary vocabulary;

    ProtoFuzz(Vocabulary vocabulary) {
        this.vocabulary = vocabulary;
    }

    /** A random message of a random union case (served cases three times as often). */
    RendezvousMessage message(SplittableRandom r) {
        FieldDescriptor union;
        if (r.nextInt(4) != 0) {
            String name = SERVED.get(r.nextInt(SERVED.size()));
            union = RendezvousMessage.getDescriptor().findFieldByName(name);
        } else {
            union = UNION.get(r.nextInt(UNION.size()));
        }
        return message(r, union.getName());
    }

    /** A random message of the union case {@code name} (e.g. {@code request_relay}). */
    RendezvousMessage message(SplittableRandom r, String name) {
        FieldDescriptor union = RendezvousMessage.getDescriptor().findFieldByName(name);
        RendezvousMessage.Builder b = RendezvousMessage.newBuilder();
        Message.Builder inner = b.newBuilderForField(union);
        fill(inner, r, 0);
        b.setField(union, inner.build());
        return b.build();
    }

    private void fill(Message.Builder b, SplittableRandom r, int depth) {
        Descriptor d = b.getDescriptorForType();
        for (OneofDescriptor oneof : d.getRealOneofs()) {
            if (r.nextInt(4) != 0) {
                FieldDescriptor f = oneof.getFields().get(r.nextInt(oneof.getFieldCount()));
                set(b, f, r, depth);
            }
        }
        for (FieldDescriptor f : d.getFields()) {
            if (f.getRealContainingOneof() != null || r.nextInt(10) < 3) {
                continue; // oneof members are chosen above; 30 % of the others stay unset
            }
            if (f.isRepeated()) {
                int n = repeatCount(r, f);
                for (int i = 0; i < n; i++) {
                    Object v = value(b, f, r, depth);
                    if (v != null) {
                        b.addRepeatedField(f, v);
                    }
                }
            } else {
                set(b, f, r, depth);
            }
        }
    }

    private void set(Message.Builder b, FieldDescriptor f, SplittableRandom r, int depth) {
        Object v = value(b, f, r, depth);
        if (v != null) {
            b.setField(f, v);
        }
    }

    private static int repeatCount(SplittableRandom r, FieldDescriptor f) {
        int roll = r.nextInt(100);
        if (f.getName().equals("peers") && roll < 3) {
            return 1000 + r.nextInt(2000); // OnlineRequest: around and above the server's cap
        }
        return roll < 70 ? r.nextInt(4) : r.nextInt(40);
    }

    private Object value(Message.Builder parent, FieldDescriptor f, SplittableRandom r, int depth) {
        return switch (f.getJavaType()) {
            case INT -> INTS[r.nextInt(INTS.length)] + (r.nextInt(4) == 0 ? r.nextInt() : 0);
            case LONG -> r.nextInt(3) == 0 ? r.nextLong() : (long) INTS[r.nextInt(INTS.length)];
            case FLOAT -> r.nextInt(3) == 0 ? Float.NaN : (float) r.nextDouble();
            case DOUBLE -> r.nextInt(3) == 0 ? Double.NEGATIVE_INFINITY : r.nextDouble();
            case BOOLEAN -> r.nextBoolean();
            case STRING -> string(f, r);
            case BYTE_STRING -> ByteString.copyFrom(bytes(f.getName(), r));
            case ENUM -> {
                List<EnumValueDescriptor> values = f.getEnumType().getValues();
                yield values.get(r.nextInt(values.size()));
            }
            case MESSAGE -> {
                if (depth >= 4) {
                    yield null;
                }
                Message.Builder nested = parent.newBuilderForField(f);
                fill(nested, r, depth + 1);
                yield nested.build();
            }
        };
    }

    /**
     * A value for a string field. The probe's device IDs ({@link Vocabulary#victimIds()}) appear in
     * every message that names a target, never in RegisterPk / RegisterPeer: claiming or
     * re-pointing a device from the same (loopback) IP is allowed by the protocol (OSS rules), so
     * it would not be an attack the probe could survive but a different device.
     */
    private String string(FieldDescriptor f, SplittableRandom r) {
        String type = f.getContainingType().getName();
        boolean registration = type.equals("RegisterPk") || type.equals("RegisterPeer");
        return string(f.getName(), r, !registration);
    }

    String string(String field, SplittableRandom r, boolean victims) {
        int roll = r.nextInt(100);
        if (roll < 4) {
            return "";
        }
        if (roll < 7) {
            return longText(r, 200 + r.nextInt(3000));
        }
        if (roll < 12) {
            return unicode(r, 1 + r.nextInt(30));
        }
        return switch (field) {
            case "id", "peers", "old_id", "target_id" -> id(r, victims);
            case "uuid" -> uuid(r);
            case "licence_key" -> roll < 70 ? vocabulary.licenceKey() : ascii(r, 1 + r.nextInt(60));
            case "relay_server", "rendezvous_servers" -> roll < 60 ? "127.0.0.1:" + vocabulary.relayPort()
                    : roll < 80 ? "relay" + r.nextInt(9) + ".example:" + r.nextInt(70000) : ascii(r, r.nextInt(50));
            case "version" -> roll < 70 ? "1.4." + r.nextInt(10) : ascii(r, r.nextInt(20));
            default -> ascii(r, r.nextInt(40));
        };
    }

    String id(SplittableRandom r, boolean victims) {
        int roll = r.nextInt(100);
        if (roll < 45) {
            return vocabulary.ids().get(r.nextInt(vocabulary.ids().size()));
        }
        if (roll < 55 && victims && !vocabulary.victimIds().isEmpty()) {
            return vocabulary.victimIds().get(r.nextInt(vocabulary.victimIds().size()));
        }
        if (roll < 75) {
            return Long.toString(1_000_000_000L + (r.nextLong() & 0x7FFFFFFFL) % 1_000_000_000L);
        }
        if (roll < 85) {
            return ascii(r, r.nextInt(6)); // shorter than the 6 bytes RegisterPk needs
        }
        return ascii(r, 6 + r.nextInt(100));
    }

    String uuid(SplittableRandom r) {
        int roll = r.nextInt(100);
        if (roll < 60 && !vocabulary.relayUuids().isEmpty()) {
            return vocabulary.relayUuids().get(r.nextInt(vocabulary.relayUuids().size()));
        }
        if (roll < 90) {
            return new java.util.UUID(r.nextLong(), r.nextLong()).toString();
        }
        return ascii(r, r.nextInt(80));
    }

    byte[] bytes(String field, SplittableRandom r) {
        int roll = r.nextInt(100);
        if (roll < 5) {
            return new byte[0];
        }
        if (roll < 8) {
            return random(r, 100 + r.nextInt(4000));
        }
        return switch (field) {
            case "socket_addr", "local_addr", "socket_addr_v6" -> address(r);
            case "pk", "uuid" -> roll < 70 ? random(r, 32) : random(r, r.nextInt(100));
            case "keys" -> random(r, roll < 50 ? 32 : roll < 80 ? 48 : r.nextInt(120));
            default -> random(r, r.nextInt(64));
        };
    }

    /** AddrMangle of a loopback, mapped or v6 address, or bytes of a length decode() treats specially. */
    static byte[] address(SplittableRandom r) {
        int roll = r.nextInt(100);
        try {
            if (roll < 50) {
                return AddrMangle.encode(new InetSocketAddress(InetAddress.getByAddress(
                        new byte[] {127, 0, 0, (byte) (1 + r.nextInt(3))}), r.nextInt(65536)), r.nextLong());
            }
            if (roll < 65) {
                byte[] v6 = random(r, 16);
                return AddrMangle.encode(new InetSocketAddress(InetAddress.getByAddress(v6), r.nextInt(65536)));
            }
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
        int[] lengths = {0, 1, 4, 10, 11, 16, 17, 18, 19, 32};
        return random(r, lengths[r.nextInt(lengths.length)]);
    }

    // ------------------------------------------------------------------ byte-level

    /** One to four random mutations of {@code in}. */
    static byte[] mutate(byte[] in, SplittableRandom r) {
        byte[] b = in;
        for (int i = 1 + r.nextInt(4); i > 0; i--) {
            b = mutateOnce(b, r);
        }
        return b;
    }

    private static byte[] mutateOnce(byte[] b, SplittableRandom r) {
        int n = b.length;
        switch (r.nextInt(10)) {
            case 0 -> { // flip one bit
                if (n > 0) {
                    b = b.clone();
                    b[r.nextInt(n)] ^= (byte) (1 << r.nextInt(8));
                }
            }
            case 1 -> { // set one byte to an interesting value
                if (n > 0) {
                    b = b.clone();
                    int[] v = {0x00, 0x01, 0x7f, 0x80, 0xff, 0x0a, 0x0b, 0x0c, 0x12, 0x08};
                    b[r.nextInt(n)] = (byte) v[r.nextInt(v.length)];
                }
            }
            case 2 -> b = Arrays.copyOf(b, n == 0 ? 0 : r.nextInt(n)); // truncate
            case 3 -> { // insert random bytes
                int at = n == 0 ? 0 : r.nextInt(n + 1);
                byte[] ins = random(r, 1 + r.nextInt(8));
                b = concat(Arrays.copyOf(b, at), ins, Arrays.copyOfRange(b, at, n));
            }
            case 4 -> { // delete a range
                if (n > 1) {
                    int at = r.nextInt(n);
                    int len = 1 + r.nextInt(Math.min(8, n - at));
                    b = concat(Arrays.copyOf(b, at), Arrays.copyOfRange(b, at + len, n));
                }
            }
            case 5 -> { // duplicate a range (repeated fields, repeated oneof members)
                if (n > 0) {
                    int at = r.nextInt(n);
                    int len = 1 + r.nextInt(n - at);
                    b = concat(Arrays.copyOf(b, at + len), Arrays.copyOfRange(b, at, n));
                }
            }
            case 6 -> b = concat(b, unknownField(r)); // an unknown field at the end
            case 7 -> { // an over-long varint (11 bytes of continuation) somewhere
                int at = n == 0 ? 0 : r.nextInt(n + 1);
                byte[] varint = new byte[11];
                Arrays.fill(varint, (byte) 0xff);
                b = concat(Arrays.copyOf(b, at), varint, Arrays.copyOfRange(b, at, n));
            }
            case 8 -> { // a length prefix that lies: replace the byte after a tag with a big length
                if (n > 2) {
                    b = b.clone();
                    b[1 + r.nextInt(n - 1)] = (byte) (0x80 | r.nextInt(128));
                }
            }
            default -> b = concat(b, random(r, 1 + r.nextInt(16))); // trailing garbage
        }
        return b;
    }

    private static byte[] unknownField(SplittableRandom r) {
        int field = 29 + r.nextInt(1000);
        int wire = r.nextInt(6); // 0 varint, 1 fixed64, 2 length-delimited, 3/4 groups, 5 fixed32
        int tag = field << 3 | wire;
        byte[] tagBytes = varint(tag);
        return switch (wire) {
            case 0 -> concat(tagBytes, varint(r.nextLong() & Long.MAX_VALUE));
            case 1 -> concat(tagBytes, random(r, 8));
            case 2 -> {
                byte[] payload = random(r, r.nextInt(40));
                yield concat(tagBytes, varint(payload.length), payload);
            }
            case 5 -> concat(tagBytes, random(r, 4));
            default -> tagBytes; // a lone start or end group
        };
    }

    /**
     * A nesting bomb (spec/vectors.md V7 shape): {@code depth} start-group tags of field 1, then as
     * many end-group tags, optionally behind a valid message prefix.
     */
    static byte[] nestingBomb(SplittableRandom r, int maxBytes) {
        int[] depths = {33, 40, 100, 1000, 10_000};
        int depth = Math.min(depths[r.nextInt(depths.length)], maxBytes / 2);
        byte[] b = new byte[2 * depth];
        Arrays.fill(b, 0, depth, (byte) 0x0b);
        Arrays.fill(b, depth, 2 * depth, (byte) 0x0c);
        if (r.nextBoolean()) {
            b = Arrays.copyOf(b, depth + r.nextInt(depth + 1)); // unbalanced
        }
        return b;
    }

    static byte[] varint(long v) {
        byte[] out = new byte[10];
        int i = 0;
        while ((v & ~0x7FL) != 0) {
            out[i++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out[i++] = (byte) v;
        return Arrays.copyOf(out, i);
    }

    static byte[] random(SplittableRandom r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    static String ascii(SplittableRandom r, int n) {
        char[] c = new char[n];
        for (int i = 0; i < n; i++) {
            c[i] = (char) (0x20 + r.nextInt(0x5f));
        }
        return new String(c);
    }

    static String longText(SplittableRandom r, int n) {
        return "x".repeat(n - 1) + (char) ('a' + r.nextInt(26));
    }

    /** Code points from all planes, including NUL, controls and astral characters (valid UTF-16). */
    static String unicode(SplittableRandom r, int n) {
        StringBuilder s = new StringBuilder();
        int[] starts = {0x0, 0x80, 0x600, 0x4e00, 0xfff0, 0x1f600, 0x10fff0};
        for (int i = 0; i < n; i++) {
            int cp = starts[r.nextInt(starts.length)] + r.nextInt(16);
            if (cp >= 0xd800 && cp <= 0xdfff) {
                cp = 'x';
            }
            s.appendCodePoint(Math.min(cp, 0x10ffff));
        }
        return s.toString();
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
