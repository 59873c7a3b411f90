package io.jdesk.peer.internal.rendezvous;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP forwarder on 127.0.0.1 in front of hbbs. {@link #silence()} makes every connection open
 * at that moment half-open as seen from the client: from then on its bytes are read and dropped
 * both ways and nothing is closed, as when the server's host died or a NAT forgot the mapping, so
 * the close the client would wait for never comes. New connections are forwarded normally.
 */
final class SilencingProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final List<Pair> pairs = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private volatile boolean closed;

    private static final class Pair {
        final Socket client;
        final Socket server;
        volatile boolean silenced;

        Pair(Socket client, Socket server) {
            this.client = client;
            this.server = server;
        }
    }

    SilencingProxy(InetSocketAddress target) throws IOException {
        this.target = target;
        this.listener = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        Thread t = new Thread(this::acceptLoop, "test-proxy-accept");
        t.setDaemon(true);
        t.start();
    }

    /** "127.0.0.1:port" of the proxy. */
    String address() {
        return "127.0.0.1:" + listener.getLocalPort();
    }

    /** Connections accepted so far. */
    int accepted() {
        return accepted.get();
    }

    /** Every connection open now stops forwarding, without closing anything. */
    void silence() {
        pairs.forEach(p -> p.silenced = true);
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                Socket server;
                try {
                    server = new Socket(target.getAddress(), target.getPort());
                } catch (IOException refused) {
                    client.close(); // hbbs not listening: the client sees its connection refused
                    continue;
                }
                accepted.incrementAndGet();
                Pair p = new Pair(client, server);
                pairs.add(p);
                pipe(p, client, server, "up");
                pipe(p, server, client, "down");
            } catch (IOException e) {
                // closed, or one connection failed: go on until closed
            }
        }
    }

    private void pipe(Pair p, Socket from, Socket to, String dir) throws IOException {
        InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream();
        Thread t = new Thread(() -> {
            byte[] buf = new byte[4096];
            try {
                for (int n; (n = in.read(buf)) >= 0; ) {
                    if (!p.silenced) {
                        out.write(buf, 0, n);
                        out.flush();
                    }
                }
                if (!p.silenced) {
                    to.shutdownOutput();
                }
            } catch (IOException e) {
                // the pair is gone
            }
        }, "test-proxy-" + dir);
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        closed = true;
        listener.close();
        for (Pair p : pairs) {
            p.client.close();
            p.server.close();
        }
    }
}
