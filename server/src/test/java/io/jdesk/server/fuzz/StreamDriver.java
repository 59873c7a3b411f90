package io.jdesk.server.fuzz;

import com.google.protobuf.ByteString;
import io.jdesk.protocol.codec.FrameCodec;
import io.jdesk.protocol.crypto.SealedKey;
import io.jdesk.protocol.crypto.StreamCipher;
import io.jdesk.protocol.proto.KeyExchange;
import io.jdesk.protocol.proto.RendezvousMessage;
import io.jdesk.server.fuzz.Inputs.Input;
import io.jdesk.server.fuzz.Inputs.Pair;
import io.jdesk.server.fuzz.ListenerStats.Outcome;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Sends one stream input the way a hostile client would: connect, (WebSocket) upgrade and read
 * the answer, (secure TCP) a real KeyExchange, write the bytes, send FIN, then read until the
 * server closes or the wait ends — then reset (SO_LINGER 0), so no TIME_WAIT piles up on the
 * client. Relay pairs get their own session ({@link #pair}). Blocking sockets; one driver per
 * thread.
 */
final class StreamDriver {

    /** How long hbbs may take to close after the client's FIN (it closes at once: no half-closure). */
    static final int HBBS_CLOSE_WAIT_MILLIS = 2000;
    /** A relay waiter stays open after FIN (half-closure, as OSS): a short look, then reset. */
    static final int RELAY_CLOSE_WAIT_MILLIS = 5;
    /** A pair must form within this time, and its survivor be closed within it. */
    static final int PAIR_WAIT_MILLIS = 3000;

    private final Targets targets;
    private final byte[] buf = new byte[64 * 1024];

    StreamDriver(Targets targets) {
        this.targets = targets;
    }

    void send(Input in, ListenerStats stats) {
        if (in.pair() != null) {
            pair(in, stats);
            return;
        }
        Outcome o = single(in, stats);
        stats.count(in.kind(), o);
    }

    private Outcome single(Input in, ListenerStats stats) {
        InetSocketAddress target = targets.of(in.listener());
        Socket s = new Socket(Proxy.NO_PROXY); // no proxy selector (it parses a URI per connection)
        boolean ended = false;
        try {
            s.setTcpNoDelay(true);
            try {
                s.connect(target, 2000);
            } catch (IOException e) {
                return Outcome.CONNECT_FAILED;
            }
            // buffered only where bytes are read one at a time (HTTP head, KeyExchange greeting)
            InputStream is = in.http() != null || in.secure() ? new BufferedInputStream(s.getInputStream(), 1024)
                    : s.getInputStream();
            OutputStream out = s.getOutputStream();
            int wait = in.listener().relay() ? RELAY_CLOSE_WAIT_MILLIS : HBBS_CLOSE_WAIT_MILLIS;
            if (in.http() != null) {
                out.write(in.http());
                stats.bytesSent.add(in.http().length);
                if (in.bytes().length == 0) {
                    s.shutdownOutput(); // nothing follows the request: FIN at once, then read the answer
                }
                s.setSoTimeout(HBBS_CLOSE_WAIT_MILLIS);
                String status = readHttpHead(is, stats);
                if (status == null) {
                    ended = true;
                    return Outcome.CLOSED;
                }
                if (!status.startsWith("HTTP/1.1 101") || in.bytes().length == 0) {
                    if (!s.isOutputShutdown()) {
                        s.shutdownOutput();
                    }
                    ended = drain(s, is, HBBS_CLOSE_WAIT_MILLIS, stats);
                    return status.startsWith("HTTP/1.1 101") ? (ended ? Outcome.CLOSED : Outcome.LEFT_OPEN)
                            : Outcome.UPGRADE_REFUSED;
                }
            }
            if (in.secure()) {
                secure(in, s, is, out, stats);
            } else {
                out.write(in.bytes());
                stats.bytesSent.add(in.bytes().length);
            }
            s.shutdownOutput();
            ended = drain(s, is, wait, stats);
            return ended ? Outcome.CLOSED : Outcome.LEFT_OPEN;
        } catch (SocketException e) {
            ended = true; // reset by the server (a write or read after it closed)
            return Outcome.RESET;
        } catch (IOException e) {
            ended = true;
            return Outcome.RESET;
        } finally {
            close(s, ended);
        }
    }

    /** Reads until end of stream (true) or until {@code millis} passed (false); counts the bytes. */
    private boolean drain(Socket s, InputStream is, int millis, ListenerStats stats) throws IOException {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        try {
            for (;;) {
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    return false;
                }
                s.setSoTimeout((int) left);
                int n = is.read(buf);
                if (n < 0) {
                    return true;
                }
                stats.bytesReceived.add(n);
            }
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    /** The status line of the HTTP answer, or null at end of stream; reads through the blank line. */
    private static String readHttpHead(InputStream is, ListenerStats stats) throws IOException {
        StringBuilder head = new StringBuilder();
        int state = 0;
        while (head.length() < 16 * 1024) {
            int c = is.read();
            if (c < 0) {
                return head.length() == 0 ? null : firstLine(head);
            }
            stats.bytesReceived.increment();
            head.append((char) c);
            state = (c == '\r' && (state == 0 || state == 2)) || (c == '\n' && (state == 1 || state == 3))
                    ? state + 1 : (c == '\r' ? 1 : 0);
            if (state == 4) {
                return firstLine(head);
            }
        }
        return firstLine(head);
    }

    private static String firstLine(StringBuilder head) {
        int eol = head.indexOf("\r\n");
        return eol < 0 ? head.toString() : head.substring(0, eol);
    }

    /**
     * Secure TCP as the official client does it (spec/servers.md §7.5): the server's greeting
     * carries its signed ephemeral key (signature ‖ 32-byte key); answer with our key and the
     * sealed session key, then every frame is sealed. One input in five has its last sealed frame
     * corrupted. A server without a key sends no greeting: the frames then go in plain text.
     */
    private void secure(Input in, Socket s, InputStream is, OutputStream out, ListenerStats stats) throws IOException {
        s.setSoTimeout(1000);
        byte[] serverKey = null;
        try {
            RendezvousMessage hello = RendezvousMessage.parseFrom(readFrame(is));
            if (hello.hasKeyExchange() && hello.getKeyExchange().getKeysCount() == 1) {
                byte[] signed = hello.getKeyExchange().getKeys(0).toByteArray();
                if (signed.length == 96) {
                    serverKey = java.util.Arrays.copyOfRange(signed, 64, 96);
                }
            }
        } catch (SocketTimeoutException e) {
            // no greeting
        }
        List<byte[]> frames = in.frames();
        if (serverKey == null) {
            for (byte[] f : frames) {
                out.write(FrameCodec.encode(f));
            }
            return;
        }
        SealedKey.Offer offer = SealedKey.offer(serverKey);
        out.write(FrameCodec.encode(RendezvousMessage.newBuilder().setKeyExchange(KeyExchange.newBuilder()
                .addKeys(ByteString.copyFrom(offer.publicKey())).addKeys(ByteString.copyFrom(offer.sealed())))
                .build().toByteArray()));
        StreamCipher cipher = new StreamCipher(offer.sessionKey());
        for (int i = 0; i < frames.size(); i++) {
            byte[] sealed = cipher.seal(frames.get(i));
            if (i == frames.size() - 1 && in.index() % 5 == 0 && sealed.length > 0) {
                sealed[(int) (in.index() / 5 % sealed.length)] ^= 0x40;
            }
            byte[] f = FrameCodec.encode(sealed);
            out.write(f);
            stats.bytesSent.add(f.length);
        }
    }

    private static byte[] readFrame(InputStream is) throws IOException {
        int b0 = is.read();
        if (b0 < 0) {
            throw new IOException("closed");
        }
        int header = b0;
        for (int i = 1; i <= (b0 & 3); i++) {
            int b = is.read();
            if (b < 0) {
                throw new IOException("closed");
            }
            header |= b << (8 * i);
        }
        int len = header >>> 2;
        if (len > Inputs.MAX_MESSAGE) {
            throw new IOException("frame of " + len + " bytes");
        }
        byte[] payload = is.readNBytes(len);
        if (payload.length < len) {
            throw new IOException("closed");
        }
        return payload;
    }

    // ---------------------------------------------------------------- relay pairs

    /** One side of a pair: a TCP connection, or a WebSocket one past its upgrade. */
    private final class Side implements AutoCloseable {
        final Socket socket = new Socket(Proxy.NO_PROXY);
        final boolean ws;
        final InputStream in;
        final OutputStream out;
        final SplittableRandom masks;

        Side(boolean ws, SplittableRandom masks, ListenerStats stats) throws IOException {
            this.ws = ws;
            this.masks = masks;
            socket.setTcpNoDelay(true);
            socket.connect(ws ? targets.relayWs() : targets.relay(), 2000);
            socket.setSoTimeout(PAIR_WAIT_MILLIS);
            in = new BufferedInputStream(socket.getInputStream(), 1024);
            out = socket.getOutputStream();
            if (ws) {
                out.write(WsFuzz.upgrade(masks, "/ws/relay"));
                String status = readHttpHead(in, stats);
                if (status == null || !status.startsWith("HTTP/1.1 101")) {
                    throw new IOException("upgrade refused: " + status);
                }
            }
        }

        /** One message: a binary WebSocket message, or a length-prefixed frame on TCP. */
        void message(byte[] payload) throws IOException {
            out.write(ws ? WsFuzz.binary(masks, payload) : FrameCodec.encode(payload));
        }

        @Override
        public void close() {
            StreamDriver.close(socket, false);
        }
    }

    /**
     * A relay pair: both sides send a RequestRelay with one fresh uuid, A sends a message that B
     * must receive (the pair formed), both write their traffic, A goes (FIN or reset) and B must be
     * closed by the relay — counted within 1 s, later (up to 3 s), or not at all.
     */
    private void pair(Input in, ListenerStats stats) {
        Pair p = in.pair();
        SplittableRandom masks = new SplittableRandom(in.index());
        stats.pairs.increment();
        Outcome outcome = Outcome.CLOSED;
        try (Side a = new Side(p.aWs(), masks, stats); Side b = new Side(p.bWs(), masks, stats)) {
            byte[] request = Inputs.pairRequest(p.uuid()).toByteArray();
            a.message(request);
            b.message(request);
            a.message("hello".getBytes(StandardCharsets.US_ASCII));
            try {
                if (b.in.read() < 0) {
                    stats.pairsNotFormed.increment();
                    stats.count(in.kind(), Outcome.CLOSED);
                    return;
                }
            } catch (SocketTimeoutException e) {
                stats.pairsNotFormed.increment();
                stats.count(in.kind(), Outcome.LEFT_OPEN);
                return;
            }
            try {
                a.out.write(p.trafficA());
                b.out.write(p.trafficB());
                stats.bytesSent.add(p.trafficA().length + p.trafficB().length);
            } catch (IOException closedAlready) {
                // one side's garbage may already have ended the relay: B must still be closed
            }
            if (p.resetA()) {
                a.socket.setSoLinger(true, 0);
                a.socket.close();
            } else {
                try {
                    a.socket.shutdownOutput();
                } catch (IOException e) {
                    // already closed
                }
            }
            long gone = System.nanoTime();
            boolean closed;
            try {
                closed = drain(b.socket, b.in, PAIR_WAIT_MILLIS, stats);
            } catch (IOException reset) {
                closed = true;
            }
            long millis = (System.nanoTime() - gone) / 1_000_000L;
            if (!closed) {
                stats.survivorNotClosed.increment();
                outcome = Outcome.LEFT_OPEN;
            } else if (millis <= 1000) {
                stats.survivorClosedWithin1s.increment();
            } else {
                stats.survivorClosedLate.increment();
            }
            ListenerStats.max(stats.survivorMaxMillis, millis);
        } catch (IOException e) {
            outcome = Outcome.CONNECT_FAILED; // a side could not connect or upgrade
            stats.pairsNotFormed.increment();
        }
        stats.count(in.kind(), outcome);
    }

    /** Closes; with a reset unless the server already ended the stream (no TIME_WAIT either way). */
    static void close(Socket s, boolean ended) {
        try {
            if (!ended && !s.isClosed()) {
                s.setSoLinger(true, 0);
            }
        } catch (IOException e) {
            // closing anyway
        }
        try {
            s.close();
        } catch (IOException e) {
            // nothing to do
        }
    }
}
