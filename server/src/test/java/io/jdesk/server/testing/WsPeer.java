package io.jdesk.server.testing;

import io.jdesk.protocol.proto.RendezvousMessage;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A client in WebSocket mode, as the official client with its WebSocket option, for the hbbs and
 * hbbr WebSocket listeners: one binary message per RendezvousMessage / session message. Reads are flow-controlled (one message requested
 * at a time), so a test that stops reading makes the relay see a slow reader.
 */
public final class WsPeer implements AutoCloseable {

    private static final Object CLOSED = new Object();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final WebSocket ws;
    private final BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();

    /** A relay client on {@code /ws/relay}. */
    public WsPeer(InetSocketAddress relay) throws Exception {
        this(relay, null);
    }

    /** A relay client whose proxy says it is {@code realIp} ({@code X-Real-IP}). */
    public WsPeer(InetSocketAddress relay, String realIp) throws Exception {
        this(relay, "/ws/relay", realIp);
    }

    /** A client of {@code server} on {@code path}, optionally with an {@code X-Real-IP} header. */
    public WsPeer(InetSocketAddress server, String path, String realIp) throws Exception {
        WebSocket.Builder b = HTTP.newWebSocketBuilder();
        if (realIp != null) {
            b.header("X-Real-IP", realIp);
        }
        ws = b.buildAsync(URI.create("ws://127.0.0.1:" + server.getPort() + path), new WebSocket.Listener() {
            private ByteBuffer partial = ByteBuffer.allocate(0);

            @Override
            public void onOpen(WebSocket w) {
                w.request(1);
            }

            @Override
            public CompletionStage<?> onBinary(WebSocket w, ByteBuffer data, boolean last) {
                ByteBuffer joined = ByteBuffer.allocate(partial.remaining() + data.remaining());
                joined.put(partial).put(data).flip();
                partial = joined;
                if (last) {
                    byte[] bytes = new byte[partial.remaining()];
                    partial.get(bytes);
                    inbox.add(bytes);
                    partial = ByteBuffer.allocate(0);
                } else {
                    w.request(1);
                }
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket w, int status, String reason) {
                inbox.add(CLOSED);
                return null;
            }

            @Override
            public void onError(WebSocket w, Throwable error) {
                inbox.add(CLOSED);
            }
        }).get(5, TimeUnit.SECONDS);
    }

    public WsPeer send(RendezvousMessage m) throws Exception {
        return send(m.toByteArray());
    }

    public WsPeer send(byte[] message) throws Exception {
        ws.sendBinary(ByteBuffer.wrap(message), true).get(10, TimeUnit.SECONDS);
        return this;
    }

    public WsPeer sendText(String text) throws Exception {
        ws.sendText(text, true).get(10, TimeUnit.SECONDS);
        return this;
    }

    /** The next binary message, or null once the relay closed; fails after 10 s without either. */
    public byte[] receive() throws Exception {
        Object o = inbox.poll(10, TimeUnit.SECONDS);
        if (o == null) {
            throw new IOException("no message within 10 s");
        }
        if (o == CLOSED) {
            inbox.add(CLOSED);
            return null;
        }
        ws.request(1);
        return (byte[]) o;
    }

    /** The next message parsed as a RendezvousMessage; fails when the server closed instead. */
    public RendezvousMessage read() throws Exception {
        byte[] message = receive();
        if (message == null) {
            throw new IOException("connection closed by the server");
        }
        return RendezvousMessage.parseFrom(message);
    }

    /** Whether the relay closed the connection within the timeout (messages before are dropped). */
    public boolean closedByRelay(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        for (long left = millis; left > 0; left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())) {
            Object o = inbox.poll(left, TimeUnit.MILLISECONDS);
            if (o == CLOSED) {
                inbox.add(CLOSED);
                return true;
            }
            if (o != null) {
                ws.request(1);
            }
        }
        return false;
    }

    /**
     * Sends raw {@code request} bytes to a WebSocket port on a plain socket and returns everything
     * the server answers until it closes (ISO-8859-1); fails when it stays open for 5 s.
     */
    public static String rawExchange(InetSocketAddress server, String request) throws IOException {
        try (java.net.Socket s = new java.net.Socket(server.getAddress(), server.getPort())) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            return new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
        }
    }

    /** An upgrade request in absolute form ({@code GET http://host/path}), which is not a WebSocket path. */
    public static String absoluteFormUpgrade(String path) {
        return "GET http://evil.example" + path + " HTTP/1.1\r\nHost: evil.example\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
    }

    /** Drops the connection without a close frame. */
    public void abort() {
        ws.abort();
    }

    @Override
    public void close() {
        abort();
    }
}
