package io.jdesk.server.rendezvous;

import io.jdesk.protocol.proto.RendezvousMessage;
import java.net.InetSocketAddress;

/**
 * A way to send rendezvous messages to one party: a TCP or WebSocket connection, or a UDP
 * address behind the server's datagram socket. Sends are asynchronous, may be called from
 * any thread, and never throw for a closed link (the message is dropped and logged at debug).
 */
interface Link {

    void send(RendezvousMessage message);

    /** The party's normalised address (for WebSocket behind a trusted proxy: the client's, port 0). */
    InetSocketAddress remote();

    /** Whether this is a WebSocket connection (no LAN shortcut, no KeyExchange). */
    boolean isWebSocket();

    /** Whether a send can still be delivered. */
    boolean isOpen();
}
