package io.jdesk.server.fuzz;

import static io.jdesk.server.fuzz.ProtoFuzz.concat;
import static io.jdesk.server.fuzz.ProtoFuzz.random;

import io.jdesk.protocol.codec.FrameCodec;
import io.jdesk.protocol.proto.RendezvousMessage;
import io.jdesk.protocol.proto.RequestRelay;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The inputs of a campaign: input {@code i} of listener {@code l} is a pure function of
 * {@code (seed, l, i)} — its own {@link SplittableRandom} — so any input can be generated again
 * alone ({@code FuzzCampaign --dump relay:4711}) whatever the thread that first sent it.
 * (Two kinds carry fresh randomness on the wire on top: the secure-TCP kind makes a real
 * KeyExchange with new keys, and the server's own answers vary.)
 */
final class Inputs {

    /** Largest message a listener accepts before refusing (hbbs frames, hbbr first frame). */
    static final int MAX_MESSAGE = FrameCodec.DEFAULT_MAX_FRAME;
    /** Largest UDP payload over IPv4. */
    static final int MAX_DATAGRAM = 65_507;

    /**
     * One input.
     *
     * @param kind what the generator meant (reports count inputs per kind)
     * @param http the WebSocket upgrade request (WS listeners), else null
     * @param bytes what is written on the connection (after the upgrade), or the datagram
     * @param secure TCP P: complete a real KeyExchange first and seal every frame of {@code frames}
     * @param frames the payloads to seal when {@code secure}
     * @param pair a relay pairing session, else null
     */
    record Input(Listener listener, long index, String kind, byte[] http, byte[] bytes, boolean secure,
            List<byte[]> frames, Pair pair) {

        String describe() {
            HexFormat hex = HexFormat.of();
            StringBuilder s = new StringBuilder(listener.flag() + ":" + index + " kind=" + kind);
            if (http != null) {
                s.append("\nhttp: ").append(new String(http, java.nio.charset.StandardCharsets.ISO_8859_1)
                        .replace("\r\n", "\\r\\n"));
            }
            if (secure) {
                frames.forEach(f -> s.append("\nsealed frame: ").append(hex.formatHex(f)));
            } else if (pair == null) {
                s.append("\nbytes (").append(bytes.length).append("): ").append(hex.formatHex(bytes));
            } else {
                s.append("\n").append(pair);
            }
            return s.toString();
        }
    }

    /**
     * Two sides pairing on one relay uuid. Each side sends its first message ({@code first*}, a
     * valid RequestRelay: framed for TCP, one binary message for WS), checks the pair forms by
     * sending {@code hello} bytes across, then writes {@code traffic*}; then side A ends — with a
     * FIN, or a reset when {@code resetA} — and side B must be closed by the relay.
     */
    record Pair(boolean aWs, boolean bWs, String uuid, byte[] trafficA, byte[] trafficB, boolean resetA) {
        @Override
        public String toString() {
            HexFormat hex = HexFormat.of();
            return "pair uuid=" + uuid + " a=" + (aWs ? "ws" : "tcp") + " b=" + (bWs ? "ws" : "tcp")
                    + " resetA=" + resetA + "\ntrafficA: " + hex.formatHex(trafficA) + "\ntrafficB: " + hex.formatHex(trafficB);
        }
    }

    private final long seed;
    private final ProtoFuzz proto;

    Inputs(long seed, ProtoFuzz.Vocabulary vocabulary) {
        this.seed = seed;
        this.proto = new ProtoFuzz(vocabulary);
    }

    /** The random source of one input: SplitMix64 of (seed, listener, index). */
    SplittableRandom randomOf(Listener l, long index) {
        long x = seed * 0x9E3779B97F4A7C15L + (l.ordinal() + 1L) * 0xBF58476D1CE4E5B9L + index * 0x94D049BB133111EBL;
        return new SplittableRandom(new SplittableRandom(x).nextLong());
    }

    Input input(Listener l, long index) {
        SplittableRandom r = randomOf(l, index);
        return switch (l) {
            case UDP -> udp(r, index);
            case TCP, NAT -> stream(l, r, index);
            case WS -> ws(l, r, index, "/ws/id");
            case RELAY -> relay(r, index);
            case RELAY_WS -> r.nextInt(100) < 20 ? pair(l, r, index) : ws(l, r, index, "/ws/relay");
        };
    }

    /** A datagram: mostly messages (registration-heavy, as UDP P serves), mutated or not. */
    private Input udp(SplittableRandom r, long index) {
        int roll = r.nextInt(100);
        String kind;
        byte[] b;
        if (roll < 55) {
            String[] udpCases = {"register_peer", "register_pk", "register_peer", "register_pk", "punch_hole_sent",
                "configure_update", "software_update", "test_nat_request"};
            String c = r.nextInt(3) == 0 ? null : udpCases[r.nextInt(udpCases.length)];
            RendezvousMessage m = c == null ? proto.message(r) : proto.message(r, c);
            kind = "message";
            b = m.toByteArray();
            if (r.nextInt(3) == 0) {
                kind = "mutated";
                b = ProtoFuzz.mutate(b, r);
            }
        } else if (roll < 80) {
            kind = "mutated";
            b = ProtoFuzz.mutate(proto.message(r).toByteArray(), r);
        } else if (roll < 92) {
            kind = "random";
            b = random(r, r.nextInt(100) < 95 ? r.nextInt(600) : r.nextInt(65_000));
        } else {
            kind = "nesting-bomb";
            b = ProtoFuzz.nestingBomb(r, 60_000);
        }
        if (b.length > MAX_DATAGRAM) {
            b = java.util.Arrays.copyOf(b, MAX_DATAGRAM); // a long OnlineRequest or string: cut to what UDP carries
        }
        return new Input(Listener.UDP, index, kind, null, b, false, List.of(), null);
    }

    /** A framed byte stream for TCP P or P-1 (also the relay's plain TCP port). */
    private Input stream(Listener l, SplittableRandom r, long index) {
        int roll = r.nextInt(100);
        if (l == Listener.TCP && roll < 6) {
            List<byte[]> frames = new ArrayList<>();
            for (int i = 1 + r.nextInt(3); i > 0; i--) {
                byte[] m = proto.message(r).toByteArray();
                frames.add(r.nextInt(4) == 0 ? ProtoFuzz.mutate(m, r) : m);
            }
            return new Input(l, index, "secure", null, new byte[0], true, frames, null);
        }
        if (l == Listener.NAT && roll < 4) { // what an admin console would take (off by default)
            String[] commands = {"rs\n", "h\n", "ib\n", "pr -\n", "always-use-relay Y\n", "relay-servers a:1\n", "x\n"};
            return new Input(l, index, "console-text", null, ProtoFuzz.utf8(commands[r.nextInt(commands.length)]),
                    false, List.of(), null);
        }
        Kinded k = framedStream(r);
        return new Input(l, index, k.kind, null, k.bytes, false, List.of(), null);
    }

    private record Kinded(String kind, byte[] bytes) {}

    private Kinded framedStream(SplittableRandom r) {
        int roll = r.nextInt(100);
        if (roll < 35) {
            byte[] m = proto.message(r).toByteArray();
            boolean mutated = r.nextInt(3) == 0;
            return new Kinded(mutated ? "frame-mutated" : "frame", FrameCodec.encode(mutated ? ProtoFuzz.mutate(m, r) : m));
        }
        if (roll < 50) { // several frames, heartbeats among them
            byte[] out = new byte[0];
            for (int i = 2 + r.nextInt(4); i > 0; i--) {
                byte[] m = r.nextInt(5) == 0 ? new byte[0] : proto.message(r).toByteArray();
                out = concat(out, FrameCodec.encode(r.nextInt(6) == 0 ? ProtoFuzz.mutate(m, r) : m));
            }
            return new Kinded("frames", out);
        }
        if (roll < 58) { // a header announcing more than the limit, up to 2^30 - 1
            int len = MAX_MESSAGE + 1 + r.nextInt(FrameCodec.MAX_FRAME_LENGTH - MAX_MESSAGE);
            return new Kinded("oversize-header", concat(header(len, FrameCodec.headerLength(len)), random(r, r.nextInt(100))));
        }
        if (roll < 66) { // a frame cut short
            byte[] f = FrameCodec.encode(proto.message(r).toByteArray());
            return new Kinded("truncated", java.util.Arrays.copyOf(f, r.nextInt(Math.max(1, f.length))));
        }
        if (roll < 76) { // now and then longer than any frame (the server stops reading at the first bad header)
            return new Kinded("random", random(r, r.nextInt(100) < 98 ? r.nextInt(300) : r.nextInt(70_000)));
        }
        if (roll < 80) {
            return new Kinded("nesting-bomb", FrameCodec.encode(ProtoFuzz.nestingBomb(r, MAX_MESSAGE)));
        }
        if (roll < 86) { // a valid payload behind a longer-than-needed header
            byte[] m = proto.message(r).toByteArray();
            int form = Math.min(4, FrameCodec.headerLength(m.length) + 1 + r.nextInt(2));
            return new Kinded("wide-header", concat(header(m.length, form), m));
        }
        if (roll < 90) {
            if (r.nextInt(4) == 0) { // a message just over the limit, complete
                byte[] big = random(r, MAX_MESSAGE + 1 + r.nextInt(2000));
                return new Kinded("over-limit", FrameCodec.encode(big));
            }
            // its header and the start of its body: the server refuses at the header, so the other
            // 64 KiB were only ever read by the kernel (and cost the client as much as 20 small inputs)
            int len = MAX_MESSAGE + 1 + r.nextInt(2000);
            return new Kinded("over-limit-head", concat(header(len, FrameCodec.headerLength(len)),
                    random(r, r.nextInt(2000))));
        }
        if (roll < 94) {
            byte[] out = new byte[0];
            for (int i = r.nextInt(50); i >= 0; i--) {
                out = concat(out, new byte[] {0});
            }
            return new Kinded("heartbeats", out);
        }
        byte[] m = proto.message(r, "key_exchange").toByteArray();
        return new Kinded("key-exchange", FrameCodec.encode(r.nextBoolean() ? ProtoFuzz.mutate(m, r) : m));
    }

    /** A frame header of {@code form} bytes (1-4) for length {@code len}, even when longer than needed. */
    static byte[] header(int len, int form) {
        long v = (long) len << 2 | (form - 1);
        byte[] h = new byte[form];
        for (int i = 0; i < form; i++) {
            h[i] = (byte) (v >>> (8 * i));
        }
        return h;
    }

    private Input ws(Listener l, SplittableRandom r, long index, String path) {
        if (r.nextInt(100) < 12) {
            return new Input(l, index, "bad-upgrade", WsFuzz.badUpgrade(r, path), new byte[0], false, List.of(), null);
        }
        byte[] frames;
        String kind;
        if (l == Listener.RELAY_WS && r.nextInt(100) < 50) { // a RequestRelay first, then anything
            kind = "ws-request-relay";
            frames = concat(WsFuzz.binary(r, requestRelay(r).toByteArray()),
                    WsFuzz.frames(r, () -> random(r, r.nextInt(300)), MAX_MESSAGE));
        } else {
            kind = "ws-frames";
            frames = WsFuzz.frames(r, () -> messageBytes(r), MAX_MESSAGE);
        }
        return new Input(l, index, kind, WsFuzz.upgrade(r, path), frames, false, List.of(), null);
    }

    private byte[] messageBytes(SplittableRandom r) {
        byte[] m = proto.message(r).toByteArray();
        return r.nextInt(3) == 0 ? ProtoFuzz.mutate(m, r) : m;
    }

    /** A RequestRelay as the official client sends it, fields fuzzed, the uuid mostly from the shared pool. */
    private RendezvousMessage requestRelay(SplittableRandom r) {
        RendezvousMessage m = proto.message(r, "request_relay");
        if (m.getRequestRelay().getUuid().isEmpty() && r.nextInt(4) != 0) {
            m = m.toBuilder().setRequestRelay(m.getRequestRelay().toBuilder().setUuid(proto.uuid(r))).build();
        }
        return m;
    }

    private Input relay(SplittableRandom r, long index) {
        int roll = r.nextInt(100);
        if (roll < 20) {
            return pair(Listener.RELAY, r, index);
        }
        if (roll < 55) { // a RequestRelay, then raw bytes (what a paired client sends), all in one go
            byte[] first = FrameCodec.encode(requestRelay(r).toByteArray());
            return new Input(Listener.RELAY, index, "request-relay", null, concat(first, random(r, r.nextInt(2000))),
                    false, List.of(), null);
        }
        Kinded k = framedStream(r);
        return new Input(Listener.RELAY, index, k.kind, null, k.bytes, false, List.of(), null);
    }

    private Input pair(Listener l, SplittableRandom r, long index) {
        boolean aWs = l == Listener.RELAY_WS;
        boolean bWs = r.nextInt(3) == 0;
        String uuid = new java.util.UUID(r.nextLong(), r.nextLong()).toString(); // unique: no stranger joins
        byte[] trafficA = aWs ? WsFuzz.frames(r, () -> random(r, r.nextInt(3000)), MAX_MESSAGE)
                : random(r, r.nextInt(4) == 0 ? r.nextInt(20_000) : r.nextInt(2000));
        byte[] trafficB = bWs ? WsFuzz.frames(r, () -> random(r, r.nextInt(3000)), MAX_MESSAGE)
                : random(r, r.nextInt(4) == 0 ? r.nextInt(20_000) : r.nextInt(2000));
        return new Input(l, index, "pair", null, new byte[0], false, List.of(),
                new Pair(aWs, bWs, uuid, trafficA, trafficB, r.nextBoolean()));
    }

    /** The valid RequestRelay a pair side sends first. */
    static RendezvousMessage pairRequest(String uuid) {
        return RendezvousMessage.newBuilder().setRequestRelay(RequestRelay.newBuilder().setUuid(uuid)).build();
    }
}
