package io.jdesk.peer.internal.session;

import io.jdesk.peer.PeerException;
import io.jdesk.peer.PeerException.Reason;
import io.jdesk.protocol.codec.FrameCodec;
import io.jdesk.protocol.codec.MalformedMessageException;
import io.jdesk.protocol.codec.ProtoParser;
import io.jdesk.protocol.crypto.CryptoException;
import io.jdesk.protocol.crypto.StreamCipher;
import io.jdesk.protocol.proto.Message;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * The peer-to-peer stream of peer.md §1.2 and §5.4 over a blocking socket: length-prefixed
 * frames, each a {@link Message}, sealed by a {@link StreamCipher} once a key is set.
 *
 * <p>One thread reads; any thread may write (writes are serialised, so the cipher's send counter
 * and the frame order agree). A frame longer than the current limit is refused from its header,
 * before anything is allocated; the limit is small until the login succeeds.
 */
public final class FramedStream implements AutoCloseable {

    /** Before login: the handshake and login messages are small. */
    public static final int PRE_LOGIN_MAX_FRAME = 64 * 1024;
    /** After login: key frames of high-resolution video are the largest messages. */
    public static final int SESSION_MAX_FRAME = 64 * 1024 * 1024;
    private static final int CHUNK = 64 * 1024;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final Object writeLock = new Object();
    private final ProtoParser preLoginParser = new ProtoParser(PRE_LOGIN_MAX_FRAME, ProtoParser.DEFAULT_RECURSION_LIMIT);
    private final ProtoParser sessionParser = new ProtoParser(SESSION_MAX_FRAME, ProtoParser.DEFAULT_RECURSION_LIMIT);
    private volatile int maxFrame = PRE_LOGIN_MAX_FRAME;
    private volatile StreamCipher cipher;
    private volatile long writeStartedNanos; // 0 when no write is in progress
    private volatile boolean closed;

    public FramedStream(Socket socket) throws IOException {
        this.socket = socket;
        socket.setTcpNoDelay(true);
        this.in = new BufferedInputStream(socket.getInputStream(), CHUNK);
        this.out = new BufferedOutputStream(socket.getOutputStream(), CHUNK);
    }

    /** From now on every frame is sealed and opened with {@code cipher} (counters start at 1). */
    public void encrypt(StreamCipher cipher) {
        synchronized (writeLock) {
            this.cipher = cipher;
        }
    }

    public boolean encrypted() {
        return cipher != null;
    }

    /** Raises the frame limit once the other side is authenticated. */
    public void sessionLimits() {
        maxFrame = SESSION_MAX_FRAME;
    }

    /** {@link #send}, and a frame that could not be written closes the stream (a file side's writer). */
    public void sendOrClose(Message message) throws IOException {
        try {
            send(message);
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Writes one message as one frame (sealed when a key is set). */
    public void send(Message message) throws IOException {
        sendPayload(message.toByteArray());
    }

    void sendPayload(byte[] plain) throws IOException {
        synchronized (writeLock) {
            byte[] payload = cipher == null ? plain : cipher.seal(plain);
            writeStartedNanos = System.nanoTime() | 1;
            try {
                out.write(FrameCodec.encode(payload));
                out.flush();
            } finally {
                writeStartedNanos = 0;
            }
        }
    }

    /** How long the write in progress has been blocked; zero when none is. */
    public Duration blockedWrite() {
        long started = writeStartedNanos;
        return started == 0 ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - started);
    }

    /**
     * Reads the next message, waiting at most {@code timeout} (zero: no limit).
     *
     * @throws PeerException NETWORK on timeout or end of stream, PROTOCOL on an oversize frame,
     *     a decryption error or an unparseable message
     */
    public Message read(Duration timeout) throws PeerException {
        byte[] payload = readPayload(timeout);
        try {
            return (maxFrame == SESSION_MAX_FRAME ? sessionParser : preLoginParser).parseMessage(payload);
        } catch (MalformedMessageException e) {
            throw new PeerException(Reason.PROTOCOL, "malformed message from the peer: " + e.getMessage(), e);
        }
    }

    byte[] readPayload(Duration timeout) throws PeerException {
        try {
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
            int b0 = in.read();
            if (b0 < 0) {
                throw new PeerException(Reason.CLOSED, "Reset by the peer");
            }
            int headerLength = FrameCodec.headerLengthOf(b0);
            long header = b0;
            for (int i = 1; i < headerLength; i++) {
                header |= (long) readByte() << (8 * i);
            }
            long length = header >>> 2;
            if (length > maxFrame) {
                throw new PeerException(Reason.PROTOCOL, "frame of " + length + " bytes exceeds the limit of "
                        + maxFrame);
            }
            byte[] payload = readFully((int) length);
            StreamCipher c = cipher;
            return c == null ? payload : c.open(payload);
        } catch (SocketTimeoutException e) {
            throw new PeerException(Reason.NETWORK, "Timeout", e);
        } catch (CryptoException e) {
            throw new PeerException(Reason.PROTOCOL, "decryption error", e);
        } catch (PeerException e) {
            throw e;
        } catch (IOException e) {
            throw new PeerException(closed ? Reason.CLOSED : Reason.NETWORK,
                    closed ? "Closed" : "Reset by the peer", e);
        }
    }

    private int readByte() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("Reset by the peer");
        }
        return b;
    }

    /** Reads {@code length} bytes, growing the buffer only as data arrives. */
    private byte[] readFully(int length) throws IOException {
        byte[] buf = new byte[Math.min(length, CHUNK)];
        int filled = 0;
        while (filled < length) {
            if (filled == buf.length) {
                buf = java.util.Arrays.copyOf(buf, (int) Math.min(length, (long) buf.length * 2));
            }
            int n = in.read(buf, filled, buf.length - filled);
            if (n < 0) {
                throw new EOFException("Reset by the peer");
            }
            filled += n;
        }
        return buf;
    }

    public Socket socket() {
        return socket;
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }
}
