package io.jdesk.server.relay;

import io.jdesk.protocol.codec.FrameCodec;
import io.jdesk.protocol.proto.ConnType;
import io.jdesk.protocol.proto.RendezvousMessage;
import io.jdesk.protocol.proto.RequestRelay;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * A relay client over plain TCP as the official client connects to hbbr (rustdesk src/client.rs
 * create_relay, src/server.rs create_relay_connection_): one framed RequestRelay, then the session
 * bytes — raw when the partner is TCP too, length-prefixed frames either way.
 */
final class TcpPeer implements AutoCloseable {

    final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final FrameCodec.Decoder decoder = new FrameCodec.Decoder(FrameCodec.MAX_FRAME_LENGTH);
    private final Deque<byte[]> frames = new ArrayDeque<>();

    TcpPeer(InetSocketAddress relay) throws IOException {
        this(relay, 0);
    }

    /** @param receiveBuffer SO_RCVBUF to ask for before connecting, 0 for the default */
    TcpPeer(InetSocketAddress relay, int receiveBuffer) throws IOException {
        socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(relay, 2000);
        socket.setSoTimeout(10_000);
        socket.setTcpNoDelay(true);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    /** The controller's request: id of the device, uuid, key, connection type. */
    static RendezvousMessage controllerRequest(String uuid, String key) {
        return RendezvousMessage.newBuilder().setRequestRelay(RequestRelay.newBuilder().setId("123456789")
                .setUuid(uuid).setLicenceKey(key).setConnType(ConnType.DEFAULT_CONN)).build();
    }

    /** The device's request: key and uuid only. */
    static RendezvousMessage deviceRequest(String uuid, String key) {
        return RendezvousMessage.newBuilder().setRequestRelay(RequestRelay.newBuilder()
                .setLicenceKey(key).setUuid(uuid)).build();
    }

    TcpPeer send(RendezvousMessage m) throws IOException {
        return write(FrameCodec.encode(m.toByteArray()));
    }

    TcpPeer write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    void sendFrame(byte[] payload) throws IOException {
        out.write(FrameCodec.encode(payload));
    }

    void flush() throws IOException {
        out.flush();
    }

    InputStream in() {
        return in;
    }

    /** The next frame's payload, or null at end of stream. */
    byte[] readFrame() throws IOException {
        while (frames.isEmpty()) {
            byte[] buf = new byte[64 * 1024];
            int n = in.read(buf);
            if (n < 0) {
                return null;
            }
            frames.addAll(decoder.decode(Arrays.copyOf(buf, n)));
        }
        return frames.poll();
    }

    /** Reads (and drops) until the relay closes; false when it stays open for the socket timeout. */
    boolean closedByRelay() throws IOException {
        byte[] buf = new byte[8192];
        try {
            while (in.read(buf) >= 0) {
                // drain
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

    void timeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
