package io.jdesk.server.fuzz;

import io.jdesk.protocol.codec.ProtoParser;
import io.jdesk.protocol.proto.RendezvousMessage;
import io.jdesk.server.fuzz.Inputs.Input;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends datagrams to UDP P from {@link #SOCKETS} non-blocking sockets, each bound to its own
 * loopback address ({@code 127.3.<thread>.<k>}: the server's RegisterPk limits are per source
 * IP, so the inputs reach the store path and not only TOO_FREQUENT), and reads what comes back.
 *
 * <p>Replies are attributed exactly: a datagram the server answers (it parses, client-side, as a
 * RegisterPeer with an ID or a RegisterPk with uuid and pk) is sent only from a socket with no
 * such request outstanding, so the registration reply that socket receives is the answer to that
 * one request, and its size is compared with the request's (design.md hard rule 5: no reply
 * larger than its request to an unverified source). An answer that never comes is given up after
 * a second ("unanswered"); a registration reply on a socket with nothing outstanding is counted
 * as "unattributed". What the server forwards to a socket that registered as a device
 * (PunchHole, FetchLocalAddr, RequestRelay, ConfigUpdate) is counted apart.
 */
final class UdpDriver implements AutoCloseable {

    static final int SOCKETS = 16;
    /**
     * What the server reads of a datagram: Netty's default datagram receive buffer, 2048 bytes.
     * A longer datagram is cut there and then fails to parse, so it is never answered (OSS reads
     * up to 64 KiB; no client sends more than a few hundred bytes; docs/reliability.md).
     */
    static final int SERVER_DATAGRAM_LIMIT = 2048;
    static final long ANSWER_WAIT_NANOS = 1_000_000_000L;

    private final DatagramChannel[] channels = new DatagramChannel[SOCKETS];
    private final int[] outstandingSize = new int[SOCKETS];
    private final long[] outstandingSince = new long[SOCKETS];
    private final InetSocketAddress target;
    private final ByteBuffer in = ByteBuffer.allocate(65_536);
    private long sent;

    UdpDriver(InetSocketAddress target, int thread) {
        this.target = target;
        try {
            for (int k = 0; k < SOCKETS; k++) {
                channels[k] = DatagramChannel.open();
                channels[k].bind(new InetSocketAddress("127.3." + (thread & 0xff) + "." + (k + 1), 0));
                channels[k].configureBlocking(false);
            }
        } catch (IOException e) {
            close();
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Whether the server answers this datagram: it fits what the server reads of a datagram and
     * parses within the server's limits (the same {@link ProtoParser#DEFAULT}: 32 levels) as a
     * RegisterPeer with an ID or a RegisterPk with uuid and pk.
     */
    static boolean answerable(byte[] d) {
        if (d.length > SERVER_DATAGRAM_LIMIT) {
            return false;
        }
        try {
            RendezvousMessage m = ProtoParser.DEFAULT.parseRendezvous(d);
            return switch (m.getUnionCase()) {
                case REGISTER_PEER -> !m.getRegisterPeer().getId().isEmpty();
                case REGISTER_PK -> !m.getRegisterPk().getUuid().isEmpty() && !m.getRegisterPk().getPk().isEmpty();
                default -> false;
            };
        } catch (RuntimeException e) {
            return false;
        }
    }

    void send(Input input, ListenerStats stats) {
        byte[] b = input.bytes();
        boolean answerable = answerable(b);
        int k = socket((int) (input.index() % SOCKETS), answerable, stats);
        try {
            // an empty datagram is sent as 0 bytes: only a non-empty one can report "no room" with 0
            for (int tries = 0; channels[k].send(ByteBuffer.wrap(b), target) == 0 && b.length > 0; tries++) {
                stats.sendRetries.increment(); // the socket's send buffer is full: let the server catch up
                drain(stats);
                LockSupport.parkNanos(50_000);
                if (tries > 1000) {
                    throw new IllegalStateException("datagram not sent after 1000 tries");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (answerable) {
            outstandingSize[k] = b.length;
            outstandingSince[k] = System.nanoTime();
        }
        stats.bytesSent.add(b.length);
        stats.count(input.kind(), null);
        if ((++sent & 15) == 0) {
            drain(stats);
        }
    }

    /** A socket for the next datagram: for one that will be answered, one with nothing outstanding. */
    private int socket(int preferred, boolean answerable, ListenerStats stats) {
        for (int round = 0; ; round++) {
            for (int i = 0; i < SOCKETS; i++) {
                int k = (preferred + i) % SOCKETS;
                if (outstandingSince[k] == 0) {
                    return k;
                }
            }
            if (!answerable) {
                return preferred; // no answer will come: any socket will do
            }
            drain(stats);
            long now = System.nanoTime();
            for (int k = 0; k < SOCKETS; k++) {
                if (outstandingSince[k] != 0 && now - outstandingSince[k] > ANSWER_WAIT_NANOS) {
                    outstandingSince[k] = 0;
                    stats.unanswered.increment();
                }
            }
            if (round > 0) {
                LockSupport.parkNanos(100_000);
            }
        }
    }

    /** Reads every datagram waiting on any socket. */
    void drain(ListenerStats stats) {
        try {
            for (int k = 0; k < SOCKETS; k++) {
                for (;;) {
                    in.clear();
                    if (channels[k].receive(in) == null) {
                        break;
                    }
                    in.flip();
                    classify(k, Arrays.copyOf(in.array(), in.limit()), stats);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void classify(int k, byte[] d, ListenerStats stats) {
        stats.bytesReceived.add(d.length);
        RendezvousMessage m;
        try {
            m = RendezvousMessage.parseFrom(d);
        } catch (IOException e) {
            stats.otherDatagrams.increment();
            return;
        }
        switch (m.getUnionCase()) {
            case REGISTER_PEER_RESPONSE, REGISTER_PK_RESPONSE -> {
                stats.replies.increment();
                stats.replyBytes.add(d.length);
                ListenerStats.max(stats.maxReply, d.length);
                if (outstandingSince[k] == 0) {
                    stats.unattributed.increment();
                    return;
                }
                int request = outstandingSize[k];
                outstandingSince[k] = 0;
                ListenerStats.max(stats.maxReplyPermille, d.length * 1000L / Math.max(1, request));
                if (d.length > request) {
                    stats.apparentAmplified.increment();
                }
            }
            case PUNCH_HOLE, FETCH_LOCAL_ADDR, REQUEST_RELAY, CONFIGURE_UPDATE -> stats.forwarded.increment();
            default -> stats.otherDatagrams.increment();
        }
    }

    @Override
    public void close() {
        for (DatagramChannel c : channels) {
            if (c != null) {
                try {
                    c.close();
                } catch (IOException e) {
                    // closing anyway
                }
            }
        }
    }
}
