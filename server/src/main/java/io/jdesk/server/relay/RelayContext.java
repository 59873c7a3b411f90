package io.jdesk.server.relay;

import io.jdesk.protocol.codec.ProtoParser;
import io.netty.util.concurrent.Ticker;

/**
 * What the relay's handlers share: one per {@link RelayServer}, built at start-up; every member
 * is thread-safe.
 *
 * @param parser bounded parser for the first frame
 * @param epoll whether the channels are native epoll channels (splice possible)
 */
record RelayContext(
        RelayConfig config,
        ProtoParser parser,
        IpList blacklist,
        IpList blocklist,
        BandwidthControl bandwidth,
        UsageTable usage,
        PendingRelays pending,
        RelayStats stats,
        boolean epoll) {

    Ticker ticker() {
        return bandwidth.ticker();
    }
}
