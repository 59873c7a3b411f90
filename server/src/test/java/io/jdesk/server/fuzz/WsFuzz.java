package io.jdesk.server.fuzz;

import static io.jdesk.server.fuzz.ProtoFuzz.ascii;
import static io.jdesk.server.fuzz.ProtoFuzz.concat;
import static io.jdesk.server.fuzz.ProtoFuzz.random;
import static io.jdesk.server.fuzz.ProtoFuzz.utf8;

import java.util.Base64;
import java.util.SplittableRandom;

/**
 * Client side of RFC 6455 written by hand, so that it can be wrong on purpose: upgrade requests
 * (valid, or broken: wrong version, no key, oversize lines and headers, odd methods, forged
 * real-IP headers) and frames (binary, text, control, reserved opcodes and bits, unmasked,
 * fragmented, oversize and lying lengths, control frames over 125 bytes).
 */
final class WsFuzz {

    static final int CONTINUATION = 0x0;
    static final int TEXT = 0x1;
    static final int BINARY = 0x2;
    static final int CLOSE = 0x8;
    static final int PING = 0x9;
    static final int PONG = 0xa;

    private WsFuzz() {}

    /** A valid upgrade request for {@code path}, as a browser or the official client sends it. */
    static byte[] upgrade(SplittableRandom r, String path) {
        return utf8("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(random(r, 16)) + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n" + (r.nextInt(8) == 0 ? realIpHeader(r) : "") + "\r\n");
    }

    private static String realIpHeader(SplittableRandom r) {
        String[] values = {"203.0.113.9", "::1", "1.2.3.4, 5.6.7.8", "not-an-ip", "999.1.1.1", "", "[::1]:80",
            "127.0.0.1"};
        return (r.nextBoolean() ? "X-Real-IP: " : "X-Forwarded-For: ") + values[r.nextInt(values.length)] + "\r\n";
    }

    /** An upgrade request that is wrong in one of several ways. */
    static byte[] badUpgrade(SplittableRandom r, String path) {
        String key = Base64.getEncoder().encodeToString(random(r, 16));
        return switch (r.nextInt(10)) {
            case 0 -> utf8("GET " + path + " HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n"); // no key
            case 1 -> utf8("GET " + path + " HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 8\r\n\r\n");
            case 2 -> utf8("GET /" + "a".repeat(5000 + r.nextInt(5000)) + " HTTP/1.1\r\n\r\n"); // line over 4 KiB
            case 3 -> utf8("GET " + path + " HTTP/1.1\r\nX: " + "b".repeat(9000) + "\r\n\r\n"); // headers over 8 KiB
            case 4 -> utf8("POST " + path + " HTTP/1.1\r\nContent-Length: 100000\r\n\r\n" + ascii(r, 500));
            case 5 -> utf8("GET " + path + " HTTP/1.1\r\nTransfer-Encoding: chunked\r\nUpgrade: websocket\r\n\r\n"
                    + "ffffffff\r\n" + ascii(r, 100));
            case 6 -> utf8("GET " + path + " HTTP/1.0\r\n\r\n");
            case 7 -> concat(utf8("GET " + path + " HTTP/1.1\r\n"), random(r, 200), utf8("\r\n\r\n"));
            case 8 -> utf8("GET http://evil.example" + path + " HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Protocol: " + ascii(r, 300) + "\r\n\r\n");
            default -> random(r, 1 + r.nextInt(600));
        };
    }

    /**
     * One client frame. {@code masked} false breaks RFC 6455 §5.1; {@code declaredLength} may
     * differ from the payload's (negative: the true length).
     */
    static byte[] frame(SplittableRandom r, boolean fin, int rsv, int opcode, boolean masked, byte[] payload,
            long declaredLength, int lengthForm) {
        long len = declaredLength < 0 ? payload.length : declaredLength;
        int form = lengthForm >= 0 ? lengthForm : len < 126 ? 0 : len <= 0xffff ? 1 : 2;
        byte[] head;
        int b0 = (fin ? 0x80 : 0) | (rsv & 7) << 4 | (opcode & 0xf);
        int maskBit = masked ? 0x80 : 0;
        if (form == 0) {
            head = new byte[] {(byte) b0, (byte) (maskBit | (int) (len & 0x7f))};
        } else if (form == 1) {
            head = new byte[] {(byte) b0, (byte) (maskBit | 126), (byte) (len >>> 8), (byte) len};
        } else {
            head = new byte[10];
            head[0] = (byte) b0;
            head[1] = (byte) (maskBit | 127);
            for (int i = 0; i < 8; i++) {
                head[2 + i] = (byte) (len >>> (8 * (7 - i)));
            }
        }
        if (!masked) {
            return concat(head, payload);
        }
        byte[] mask = random(r, 4);
        byte[] body = payload.clone();
        for (int i = 0; i < body.length; i++) {
            body[i] ^= mask[i & 3];
        }
        return concat(head, mask, body);
    }

    /** A well-formed masked single-frame binary message. */
    static byte[] binary(SplittableRandom r, byte[] payload) {
        return frame(r, true, 0, BINARY, true, payload, -1, -1);
    }

    /**
     * One to four frames after the upgrade: mostly messages from {@code message} (binary), mixed
     * with text, control, broken and fragmented frames.
     */
    static byte[] frames(SplittableRandom r, java.util.function.Supplier<byte[]> message, int maxMessage) {
        byte[] out = new byte[0];
        for (int i = 1 + r.nextInt(4); i > 0; i--) {
            out = concat(out, oneFrame(r, message, maxMessage));
        }
        return out;
    }

    private static byte[] oneFrame(SplittableRandom r, java.util.function.Supplier<byte[]> message, int maxMessage) {
        int roll = r.nextInt(100);
        if (roll < 45) {
            return binary(r, message.get());
        }
        if (roll < 50) {
            return frame(r, true, 0, TEXT, true, utf8(ascii(r, r.nextInt(100))), -1, -1);
        }
        if (roll < 55) {
            int op = r.nextBoolean() ? PING : PONG;
            return frame(r, true, 0, op, true, random(r, r.nextInt(126)), -1, -1);
        }
        if (roll < 58) { // close with a random code (valid or not) and reason
            byte[] body = concat(new byte[] {(byte) r.nextInt(256), (byte) r.nextInt(256)}, random(r, r.nextInt(20)));
            return frame(r, true, 0, CLOSE, true, r.nextInt(4) == 0 ? new byte[1] : body, -1, -1);
        }
        if (roll < 63) { // reserved opcode
            int[] reserved = {3, 4, 5, 6, 7, 0xb, 0xc, 0xd, 0xe, 0xf};
            return frame(r, true, 0, reserved[r.nextInt(reserved.length)], true, random(r, r.nextInt(50)), -1, -1);
        }
        if (roll < 66) { // reserved bits without an extension
            return frame(r, true, 1 + r.nextInt(7), BINARY, true, message.get(), -1, -1);
        }
        if (roll < 69) { // unmasked client frame
            return frame(r, true, 0, BINARY, false, message.get(), -1, -1);
        }
        if (roll < 74) { // a message in fragments, possibly with a control frame in between
            byte[] m = message.get();
            int cut = m.length == 0 ? 0 : r.nextInt(m.length);
            byte[] first = frame(r, false, 0, BINARY, true, java.util.Arrays.copyOf(m, cut), -1, -1);
            byte[] ping = r.nextBoolean() ? frame(r, true, 0, PING, true, new byte[0], -1, -1) : new byte[0];
            byte[] rest = frame(r, true, 0, CONTINUATION, true, java.util.Arrays.copyOfRange(m, cut, m.length), -1, -1);
            return concat(first, ping, rest);
        }
        if (roll < 77) { // continuation without a start, or a new start inside a fragmented message
            return r.nextBoolean() ? frame(r, true, 0, CONTINUATION, true, random(r, 10), -1, -1)
                    : concat(frame(r, false, 0, BINARY, true, random(r, 10), -1, -1), binary(r, random(r, 5)));
        }
        if (roll < 82) { // declared length over the limit (or absurd), little or no payload behind it
            long[] lies = {maxMessage + 1L, 16L * 1024 * 1024 + 1, Integer.MAX_VALUE, 1L << 40, Long.MAX_VALUE, -1L >>> 1};
            return frame(r, true, 0, BINARY, true, random(r, r.nextInt(64)), lies[r.nextInt(lies.length)], 2);
        }
        if (roll < 84) { // 64-bit length with the most significant bit set (forbidden)
            byte[] f = frame(r, true, 0, BINARY, true, new byte[0], 5, 2);
            f[2] = (byte) 0x80;
            return f;
        }
        if (roll < 87) { // control frame over 125 bytes, or fragmented control frame
            return r.nextBoolean() ? frame(r, true, 0, PING, true, random(r, 126 + r.nextInt(200)), -1, -1)
                    : frame(r, false, 0, PONG, true, random(r, 3), -1, -1);
        }
        if (roll < 90) { // non-minimal length encoding
            byte[] m = message.get();
            return frame(r, true, 0, BINARY, true, m, -1, m.length < 126 ? 1 + r.nextInt(2) : 2);
        }
        if (roll < 93) { // a real message over the size limit; mostly only its head (refused at the header)
            if (r.nextInt(4) == 0) {
                return binary(r, random(r, maxMessage + 1 + r.nextInt(1000)));
            }
            return frame(r, true, 0, BINARY, true, random(r, r.nextInt(1000)), maxMessage + 1 + r.nextInt(1000), -1);
        }
        if (roll < 96) { // truncated frame
            byte[] f = binary(r, message.get());
            return java.util.Arrays.copyOf(f, r.nextInt(Math.max(1, f.length)));
        }
        return random(r, 1 + r.nextInt(64)); // not a frame at all
    }
}
