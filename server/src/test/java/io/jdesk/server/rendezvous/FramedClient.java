package io.jdesk.server.rendezvous;

import io.jdesk.protocol.codec.FrameCodec;
import io.jdesk.protocol.crypto.StreamCipher;
import io.jdesk.protocol.proto.RendezvousMessage;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A blocking TCP client speaking the frame codec, as the official client does on TCP P and P-1:
 * tests script it message by message and assert the reply bytes.
 */
final class FramedClient implements AutoCloseable {

    final Socket socket;
    private final InputStream in;
    private final FrameCodec.Decoder decoder = new FrameCodec.Decoder(FrameCodec.MAX_FRAME_LENGTH);
    private final Deque<byte[]> frames = new ArrayDeque<>();
    StreamCipher cipher;

    FramedClient(InetSocketAddress server) throws IOException {
        this(server, null);
    }

    FramedClient(InetSocketAddress server, InetSocketAddress local) throws IOException {
        socket = new Socket();
        socket.setReuseAddress(true);
        if (local != null) {
            socket.bind(local);
        }
        socket.connect(server, 2000);
        socket.setSoTimeout(3000);
        in = socket.getInputStream();
    }

    void sendRaw(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
    }

    void send(RendezvousMessage m) throws IOException {
        byte[] payload = m.toByteArray();
        sendRaw(FrameCodec.encode(cipher == null ? payload : cipher.seal(payload)));
    }

    /** The next frame's payload (decrypted when secured), or null at end of stream. */
    byte[] readFrame() throws IOException {
        while (frames.isEmpty()) {
            byte[] buf = new byte[4096];
            int n = in.read(buf);
            if (n < 0) {
                return null;
            }
            byte[] chunk = java.util.Arrays.copyOf(buf, n);
            frames.addAll(decoder.decode(chunk));
        }
        byte[] f = frames.poll();
        return cipher == null ? f : cipher.open(f);
    }

    RendezvousMessage read() throws IOException {
        byte[] f = readFrame();
        if (f == null) {
            throw new IOException("connection closed by server");
        }
        return RendezvousMessage.parseFrom(f);
    }

    /** Reads the next message, skipping one KeyExchange as the official client does. */
    RendezvousMessage readSkippingKeyExchange() throws IOException {
        RendezvousMessage m = read();
        return m.hasKeyExchange() ? read() : m;
    }

    /** Whether the server closed the connection (EOF) within the socket timeout. */
    boolean closedByServer() throws IOException {
        try {
            return readFrame() == null;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

    InetSocketAddress localAddress() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
