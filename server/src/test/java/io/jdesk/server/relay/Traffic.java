package io.jdesk.server.relay;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * Deterministic random traffic with SHA-256 digests: a sender and a receiver digest independently
 * and the test compares the two. Streams are raw bytes; message sequences digest each message as
 * {@code length || payload}, so boundaries are checked too.
 */
final class Traffic {

    static final int MIB = 1 << 20;

    /** Bytes per direction in the bulk tests: {@code -Djdesk.relay.testMiB=256} for the size. */
    static final long BULK = Long.getLong("jdesk.relay.testMiB", 16) * MIB;

    private final SplittableRandom random;
    private final MessageDigest md = sha256();
    private long remaining;

    Traffic(long seed, long bytes) {
        this.random = new SplittableRandom(seed);
        this.remaining = bytes;
    }

    boolean more() {
        return remaining > 0;
    }

    /** The next chunk of at most {@code max} random bytes, digested. */
    byte[] next(int max) {
        byte[] b = new byte[(int) Math.min(max, remaining)];
        random.nextBytes(b);
        remaining -= b.length;
        md.update(b);
        return b;
    }

    /** The next message of 1..{@code max} random bytes, digested with its length. */
    byte[] nextMessage(int max) {
        byte[] b = next(1 + random.nextInt(max));
        md.update(ByteBuffer.allocate(4).putInt(b.length).array());
        return b;
    }

    String digest() {
        return HexFormat.of().formatHex(md.digest());
    }

    /** Sends {@code bytes} from this stream in chunks of 64 KiB; returns the digest. */
    String sendAll(OutputStream out) throws IOException {
        while (more()) {
            out.write(next(64 * 1024));
        }
        out.flush();
        return digest();
    }

    /** Reads exactly {@code bytes} and digests them. */
    static String receive(InputStream in, long bytes) throws IOException {
        MessageDigest md = sha256();
        byte[] buf = new byte[64 * 1024];
        long left = bytes;
        while (left > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                throw new IOException("end of stream with " + left + " bytes missing");
            }
            md.update(buf, 0, n);
            left -= n;
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** Digest of a message sequence on the receiving side. */
    static final class Messages {
        private final MessageDigest md = sha256();
        private long bytes;
        private int count;

        void add(byte[] message) {
            md.update(message);
            md.update(ByteBuffer.allocate(4).putInt(message.length).array());
            bytes += message.length;
            count++;
        }

        long bytes() {
            return bytes;
        }

        int count() {
            return count;
        }

        String digest() {
            return HexFormat.of().formatHex(md.digest());
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
