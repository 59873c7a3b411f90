package io.jdesk.server.relay;

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
 * A relay client in WebSocket mode, as the official client with its WebSocket option: one binary
 * message per RequestRelay / session message. Reads are flow-controlled (one message requested
 * at a time), so a test that stops reading makes the relay see a slow reader.
 */
final class WsPeer implements AutoCloseable {

    private static final Object CLOSED = new Object();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final WebSocket ws;
    private final BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();

    WsPeer(InetSocketAddress relay) throws Exception {
        this(relay, null);
    }

    WsPeer(InetSocketAddress relay, String realIp) throws Exception {
        WebSocket.Builder b = HTTP.newWebSocketBuilder();
        if (realIp != null) {
            b.header("X-Real-IP", realIp);
        }
        ws = b.buildAsync(URI.create("ws://127.0.0.1:" + relay.getPort() + "/ws/relay"), new WebSocket.Listener() {
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

    WsPeer send(RendezvousMessage m) throws Exception {
        return send(m.toByteArray());
    }

    WsPeer send(byte[] message) throws Exception {
        ws.sendBinary(ByteBuffer.wrap(message), true).get(10, TimeUnit.SECONDS);
        return this;
    }

    WsPeer sendText(String text) throws Exception {
        ws.sendText(text, true).get(10, TimeUnit.SECONDS);
        return this;
    }

    /** The next binary message, or null once the relay closed; fails after 10 s without either. */
    byte[] receive() throws Exception {
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

    /** Whether the relay closed the connection within the timeout (messages before are dropped). */
    boolean closedByRelay(long millis) throws InterruptedException {
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

    /** Drops the connection without a close frame. */
    void abort() {
        ws.abort();
    }

    @Override
    public void close() {
        abort();
    }
}
