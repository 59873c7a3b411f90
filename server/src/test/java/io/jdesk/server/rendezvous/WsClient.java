package io.jdesk.server.rendezvous;

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

/** A WebSocket client as the official client in WebSocket mode: one protobuf per binary message. */
final class WsClient implements AutoCloseable {

    private final WebSocket ws;
    private final BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();

    WsClient(InetSocketAddress server, String path) throws Exception {
        this(server, path, null);
    }

    WsClient(InetSocketAddress server, String path, String realIp) throws Exception {
        WebSocket.Builder b = HttpClient.newHttpClient().newWebSocketBuilder();
        if (realIp != null) {
            b.header("X-Real-IP", realIp);
        }
        ws = b.buildAsync(URI.create("ws://127.0.0.1:" + server.getPort() + path), new WebSocket.Listener() {
            private ByteBuffer partial = ByteBuffer.allocate(0);

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
                }
                w.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket w, int status, String reason) {
                inbox.add("closed");
                return null;
            }

            @Override
            public void onError(WebSocket w, Throwable error) {
                inbox.add("closed");
            }
        }).get(3, TimeUnit.SECONDS);
    }

    void send(RendezvousMessage m) throws Exception {
        ws.sendBinary(ByteBuffer.wrap(m.toByteArray()), true).get(3, TimeUnit.SECONDS);
    }

    void sendRawBinary(byte[] bytes) throws Exception {
        ws.sendBinary(ByteBuffer.wrap(bytes), true).get(3, TimeUnit.SECONDS);
    }

    RendezvousMessage read() throws Exception {
        Object o = inbox.poll(3, TimeUnit.SECONDS);
        if (!(o instanceof byte[] bytes)) {
            throw new IOException("no message: " + o);
        }
        return RendezvousMessage.parseFrom(bytes);
    }

    @Override
    public void close() {
        ws.abort();
    }
}
