package io.jdesk.server.relay;

import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.epoll.AbstractEpollStreamChannel;
import io.netty.channel.unix.RawUnixChannelOption;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Zero-copy forwarding of a raw TCP/TCP pair with epoll {@code splice(2)}: each side is spliced
 * into the other in the kernel ({@link AbstractEpollStreamChannel#spliceTo}), never entering the
 * JVM heap or a direct buffer. Netty's splice keeps its own backpressure: it pauses reading a side
 * while the spliced bytes cannot be written to the other (AUTO_READ is switched on for that).
 *
 * <p>Used only when no limiter can apply at pairing time (all rates unlimited), because a splice
 * cannot be throttled or stopped short of closing. Bytes are counted from the kernel's
 * {@code tcp_info.tcpi_bytes_received} of both sockets, sampled by the pair's tick and idle check,
 * which is also how an idle spliced pair is detected.
 *
 * <p>Netty 4.2 marks {@code spliceTo} deprecated (netty/netty#15911: removed in 5.x, "quite buggy");
 * it is therefore opt-in per pair under narrow conditions, covered by this module's tests, and
 * {@link RelayConfig#splice()} turns it off.
 *
 * <p>Confined to the pair's event loop.
 */
@SuppressWarnings("deprecation") // spliceTo: see above
final class Splicer {

    /** {@code IPPROTO_TCP} (netinet/in.h). */
    private static final int IPPROTO_TCP = 6;
    /** {@code TCP_INFO} socket option (linux/tcp.h). */
    private static final int TCP_INFO = 11;
    /** Offset of {@code __u64 tcpi_bytes_received} in {@code struct tcp_info} (linux/tcp.h, Linux 4.1+). */
    private static final int BYTES_RECEIVED_OFFSET = 128;
    private static final RawUnixChannelOption TCP_INFO_OPTION =
            new RawUnixChannelOption("TCP_INFO", IPPROTO_TCP, TCP_INFO, BYTES_RECEIVED_OFFSET + Long.BYTES);

    private final RelayPair pair;
    private final AbstractEpollStreamChannel a;
    private final AbstractEpollStreamChannel b;
    private long receivedA;
    private long receivedB;

    Splicer(RelayPair pair, Channel a, Channel b) {
        this.pair = pair;
        this.a = (AbstractEpollStreamChannel) a;
        this.b = (AbstractEpollStreamChannel) b;
    }

    /**
     * Whether the two channels of a raw pair may be spliced: epoll channels on one loop, splice
     * allowed by the configuration, no limiter that could apply, and a kernel that reports
     * received bytes (the first frame was received, so 0 means the field is missing).
     */
    static boolean usable(RelayContext cx, Channel a, Channel b, boolean blacklisted) {
        Bandwidth bw = cx.bandwidth().current();
        boolean unlimited = bw.totalBitsPerSecond() == Bandwidth.UNLIMITED
                && bw.singleBitsPerSecond() == Bandwidth.UNLIMITED
                && (!blacklisted || bw.limitSpeedBitsPerSecond() == Bandwidth.UNLIMITED);
        return cx.epoll() && cx.config().splice() && unlimited
                && a instanceof AbstractEpollStreamChannel && b instanceof AbstractEpollStreamChannel
                && a.eventLoop() == b.eventLoop() && bytesReceived(a) > 0 && bytesReceived(b) > 0;
    }

    /** Starts splicing both ways; bytes already read were forwarded by the pipes before this. */
    void start() {
        receivedA = bytesReceived(a);
        receivedB = bytesReceived(b);
        a.spliceTo(b, Integer.MAX_VALUE).addListener(f -> ended(f.cause()));
        b.spliceTo(a, Integer.MAX_VALUE).addListener(f -> ended(f.cause()));
        a.config().setAutoRead(true);
        b.config().setAutoRead(true);
    }

    private void ended(Throwable cause) {
        if (cause != null && !pair.closed()) {
            pair.close(null, "splice: " + cause.getMessage());
        }
    }

    /** Bits received on both sockets since the last sample (0 once they are closed). */
    long sampleBits() {
        long nowA = bytesReceived(a);
        long nowB = bytesReceived(b);
        long delta = Math.max(0, nowA - receivedA) + Math.max(0, nowB - receivedB);
        receivedA = Math.max(receivedA, nowA);
        receivedB = Math.max(receivedB, nowB);
        return delta * 8;
    }

    private static long bytesReceived(Channel ch) {
        if (!ch.isOpen()) {
            return 0;
        }
        try {
            ByteBuffer info = ch.config().getOption(TCP_INFO_OPTION);
            return info.order(ByteOrder.nativeOrder()).getLong(BYTES_RECEIVED_OFFSET);
        } catch (ChannelException | UnsupportedOperationException e) {
            return 0;
        }
    }
}
