package io.jdesk.server.relay;

import io.jdesk.server.transport.Addresses;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;

/**
 * One relay client connection that sent a valid RequestRelay.
 *
 * @param channel the TCP or WebSocket connection
 * @param ws whether it came in on the WebSocket port
 * @param addr the client's address, normalised; for WebSocket the X-Real-IP / X-Forwarded-For
 *        address when the TCP peer is a trusted proxy (port 0 then)
 * @param uuid the pairing key from RequestRelay
 */
record RelayConnection(Channel channel, boolean ws, InetSocketAddress addr, String uuid) {

    /** {@code a.b.c.d:p} or {@code [v6]:p}, as in the log lines. */
    String label() {
        return Addresses.format(addr);
    }
}
