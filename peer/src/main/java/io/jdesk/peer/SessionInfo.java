package io.jdesk.peer;

import java.net.InetSocketAddress;

/**
 * Who is connected to a {@link Device}.
 *
 * @param peerId the controller's own ID (LoginRequest.my_id)
 * @param peerName the controller's display name
 * @param address the stream's remote address (the relay's, for a relayed session)
 * @param path how the stream was made
 * @param kind what the controller asked for
 */
public record SessionInfo(String peerId, String peerName, InetSocketAddress address, ConnectPath path,
        SessionKind kind) {
}
