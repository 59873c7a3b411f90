package io.jdesk.peer.internal.rendezvous;

import com.google.protobuf.ByteString;
import io.jdesk.protocol.codec.FrameCodec;
import io.jdesk.protocol.codec.MalformedMessageException;
import io.jdesk.protocol.codec.ProtoParser;
import io.jdesk.protocol.crypto.CryptoException;
import io.jdesk.protocol.crypto.SealedKey;
import io.jdesk.protocol.crypto.Sodium;
import io.jdesk.protocol.crypto.StreamCipher;
import io.jdesk.protocol.crypto.VerifyKey;
import io.jdesk.protocol.proto.KeyExchange;
import io.jdesk.protocol.proto.RendezvousMessage;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A blocking TCP connection to hbbs carrying length-prefixed {@code RendezvousMessage}s
 * (peer.md §1.2), optionally encrypted after KeyExchange ({@link #secureAsClient}, §2.5).
 *
 * <p>Input is bounded: the frame decoder refuses a header announcing more than 64 KiB before
 * allocating, and every payload is parsed by {@link ProtoParser#DEFAULT}. A malformed message is
 * logged and skipped; an oversized frame or a frame that does not decrypt ends the connection
 * with an {@link IOException}.
 *
 * <p>Threads: one reader at a time; {@link #send} and {@link #sendHeartbeat} may be called from
 * any thread. The cipher is shared by both directions and guarded by one lock.
 */
final class FramedConnection implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(FramedConnection.class);

    /** Read buffer: rendezvous messages are a few hundred bytes. */
    private static final int READ_CHUNK = 4096;

    /** The heartbeat: a zero-length frame, never encrypted (peer.md §2.5, §5.4). */
    private static final byte[] EMPTY_FRAME = {0};

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final FrameCodec.Decoder decoder = new FrameCodec.Decoder(FrameCodec.DEFAULT_MAX_FRAME);
    private final ArrayDeque<byte[]> frames = new ArrayDeque<>();
    private final byte[] chunk = new byte[READ_CHUNK];
    private final Object lock = new Object();
    private StreamCipher cipher;

    FramedConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /**
     * Connects to {@code remote}.
     *
     * @param sharedPort bind with SO_REUSEADDR/SO_REUSEPORT so that the local port can be reused
     *     by a listener or a direct connect (peer.md §3.4, §4.4)
     */
    static FramedConnection open(InetSocketAddress remote, boolean sharedPort, Duration timeout) throws IOException {
        Socket s = Sockets.connect(remote, sharedPort ? Sockets.localFor(remote, 0) : null, timeout);
        try {
            s.setTcpNoDelay(true);
            return new FramedConnection(s);
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    Socket socket() {
        return socket;
    }

    InetSocketAddress localAddress() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    boolean secured() {
        synchronized (lock) {
            return cipher != null;
        }
    }

    /** Sends one message as one frame, encrypted once KeyExchange is done. */
    void send(RendezvousMessage m) throws IOException {
        synchronized (lock) {
            byte[] payload = m.toByteArray();
            out.write(FrameCodec.encode(cipher == null ? payload : cipher.seal(payload)));
            out.flush();
        }
    }

    /** Sends the zero-length heartbeat frame, in clear even on a secured connection. */
    void sendHeartbeat() throws IOException {
        synchronized (lock) {
            out.write(EMPTY_FRAME);
            out.flush();
        }
    }

    /**
     * Next frame's payload (decrypted; a heartbeat is an empty array), or empty when
     * {@code timeout} passes first.
     *
     * @throws EOFException when hbbs closed the connection
     * @throws IOException on an oversized frame, a decryption failure or an I/O error
     */
    Optional<byte[]> readFrame(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (frames.isEmpty()) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return Optional.empty();
            }
            socket.setSoTimeout(Sockets.millis(Duration.ofNanos(remaining)));
            int n;
            try {
                n = in.read(chunk);
            } catch (SocketTimeoutException e) {
                return Optional.empty();
            }
            if (n < 0) {
                throw new EOFException("connection closed by " + socket.getRemoteSocketAddress());
            }
            try {
                frames.addAll(decoder.decode(Arrays.copyOf(chunk, n)));
            } catch (RuntimeException e) {
                throw new IOException("bad frame from " + socket.getRemoteSocketAddress() + ": " + e.getMessage(), e);
            }
        }
        byte[] payload = frames.poll();
        synchronized (lock) {
            if (cipher == null) {
                return Optional.of(payload);
            }
            try {
                return Optional.of(cipher.open(payload));
            } catch (CryptoException e) {
                throw new IOException("decryption error on the hbbs connection", e);
            }
        }
    }

    /**
     * Next non-empty message that parses, skipping heartbeats, malformed frames (logged) and, when
     * {@code skipKeyExchange}, KeyExchange greetings nobody asked for (peer.md §2.5).
     *
     * @return the message, or empty when {@code timeout} passes first
     */
    Optional<RendezvousMessage> readMessage(Duration timeout, boolean skipKeyExchange) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<byte[]> frame = readFrame(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            if (frame.isEmpty()) {
                return Optional.empty();
            }
            if (frame.get().length == 0) {
                continue;
            }
            Optional<RendezvousMessage> m = parse(frame.get(), socket.getRemoteSocketAddress());
            if (m.isEmpty() || (skipKeyExchange && m.get().hasKeyExchange())) {
                continue;
            }
            return m;
        }
    }

    /**
     * {@code secure_tcp} as a client (peer.md §2.5): waits for hbbs's first frame; a KeyExchange
     * with one key signed by {@code serverKey} is answered with our ephemeral key and a sealed
     * session key, and the connection is encrypted from then on. Any other first frame is
     * consumed and the connection stays in clear.
     *
     * @return whether the connection is now encrypted
     * @throws SocketTimeoutException when no frame arrives within {@code timeout}
     * @throws IOException when the KeyExchange does not verify with the server key
     */
    boolean secureAsClient(VerifyKey serverKey, Duration timeout) throws IOException {
        byte[] first = readFrame(timeout).orElseThrow(() -> new SocketTimeoutException(
                "no first frame from hbbs within " + timeout.toMillis() + " ms"));
        Optional<RendezvousMessage> m = first.length == 0 ? Optional.empty()
                : parse(first, socket.getRemoteSocketAddress());
        if (m.isEmpty() || !m.get().hasKeyExchange() || m.get().getKeyExchange().getKeysCount() != 1) {
            LOG.debug("hbbs {} sent no KeyExchange first; staying in clear", socket.getRemoteSocketAddress());
            return false;
        }
        byte[] boxPk = serverKey.open(m.get().getKeyExchange().getKeys(0).toByteArray())
                .orElseThrow(() -> new IOException("KeyExchange from hbbs is not signed by the configured key "
                        + serverKey.fingerprint()));
        if (boxPk.length != Sodium.BOX_PUBLIC_KEY_BYTES) {
            throw new IOException("Wrong their public length: " + boxPk.length);
        }
        SealedKey.Offer offer = SealedKey.offer(boxPk);
        send(RendezvousMessage.newBuilder().setKeyExchange(KeyExchange.newBuilder()
                .addKeys(ByteString.copyFrom(offer.publicKey()))
                .addKeys(ByteString.copyFrom(offer.sealed()))).build());
        synchronized (lock) {
            cipher = new StreamCipher(offer.sessionKey());
        }
        return true;
    }

    /**
     * Ends a one-shot connection after our last frame: half-close, read whatever hbbs still sends
     * (a greeting we did not read) until it closes or {@code linger} passes, then close. Closing
     * with unread input would reset the connection instead of closing it.
     */
    void closeAfter(Duration linger) {
        try {
            socket.shutdownOutput();
            long deadline = System.nanoTime() + linger.toNanos();
            while (true) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    break;
                }
                socket.setSoTimeout(Sockets.millis(Duration.ofNanos(remaining)));
                if (in.read(chunk) < 0) {
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            // timeout or reset: closing anyway
        } finally {
            close();
        }
    }

    @Override
    public void close() {
        Sockets.closeQuietly(socket);
    }

    /** Parses one payload; a malformed one is logged and dropped. */
    static Optional<RendezvousMessage> parse(byte[] payload, Object from) {
        try {
            return Optional.of(ProtoParser.DEFAULT.parseRendezvous(payload));
        } catch (MalformedMessageException e) {
            LOG.warn("dropped malformed message from {}: {}", from, e.getMessage());
            return Optional.empty();
        }
    }
}
