package io.jdesk.server.rendezvous;

import io.jdesk.protocol.proto.RendezvousMessage;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;

/** A TCP or WebSocket connection as a {@link Link}; the pipeline's codecs do the framing. */
final class ChannelLink implements Link {

    private final Channel channel;
    private final InetSocketAddress remote;
    private final boolean webSocket;

    ChannelLink(Channel channel, InetSocketAddress remote, boolean webSocket) {
        this.channel = channel;
        this.remote = remote;
        this.webSocket = webSocket;
    }

    @Override
    public void send(RendezvousMessage message) {
        channel.writeAndFlush(message);
    }

    @Override
    public InetSocketAddress remote() {
        return remote;
    }

    @Override
    public boolean isWebSocket() {
        return webSocket;
    }

    @Override
    public boolean isOpen() {
        return channel.isActive();
    }

    Channel channel() {
        return channel;
    }

    @Override
    public String toString() {
        return (webSocket ? "ws:" : "tcp:") + remote;
    }
}
