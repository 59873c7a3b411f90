package io.jdesk.server.rendezvous;

import io.jdesk.protocol.proto.RendezvousMessage;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;

/** A UDP-registered device reached through the server's datagram socket. */
final class UdpLink implements Link {

    private final Channel udp;
    private final InetSocketAddress remote;

    UdpLink(Channel udp, InetSocketAddress remote) {
        this.udp = udp;
        this.remote = remote;
    }

    @Override
    public void send(RendezvousMessage message) {
        udp.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(message.toByteArray()), remote));
    }

    @Override
    public InetSocketAddress remote() {
        return remote;
    }

    @Override
    public boolean isWebSocket() {
        return false;
    }

    @Override
    public boolean isOpen() {
        return udp.isActive();
    }
}
