package io.jdesk.server.rendezvous;

import io.jdesk.protocol.codec.MalformedMessageException;
import io.jdesk.protocol.codec.ProtoParser;
import io.jdesk.protocol.proto.ConfigUpdate;
import io.jdesk.protocol.proto.RegisterPeer;
import io.jdesk.protocol.proto.RegisterPeerResponse;
import io.jdesk.protocol.proto.RegisterPk;
import io.jdesk.protocol.proto.RegisterPkResponse;
import io.jdesk.protocol.proto.RendezvousMessage;
import io.jdesk.server.transport.Addresses;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * UDP port P (spec/servers.md §5.1, first column): one RendezvousMessage per datagram.
 * RegisterPeer is answered on the event loop; RegisterPk runs on the store executor and is
 * answered once its row is on disk (committed, with group commit: {@link Registrar#registerPkDurably}). A PunchHoleSent over UDP is the device side of UDP hole
 * punching (peer.md §3.7) and is routed like the TCP one, to the waiting controller's
 * connection. A ConfigUpdate from a loopback source with a newer serial is adopted (§5.11).
 * Everything else, and anything that does not parse, is dropped without a reply — including the
 * deprecated SoftwareUpdate, whose answer (a URL) would be larger than its request.
 *
 * <p>Amplification guard (design.md hard rule 5): no reply is larger than the datagram that
 * caused it, unless the source is a registered device (ConfigUpdate goes only to those).
 *
 * <p>Replies made on the event loop are written without a flush and flushed once per read
 * batch ({@link #channelReadComplete}), so that under load the epoll transport sends them with
 * one {@code sendmmsg} (and, with {@link RendezvousServer}'s scattering-read setting, receives
 * their requests with one {@code recvmmsg}). RegisterPeerResponse, the keep-alive answer, is
 * encoded once at class load and copied into a pooled direct buffer per reply.
 */
@Sharable
final class UdpHandler extends SimpleChannelInboundHandler<DatagramPacket> {

    private static final Logger LOG = LoggerFactory.getLogger(UdpHandler.class);

    private final ProtoParser parser;
    private final Registrar registrar;
    private final PunchBroker broker;
    private final Executor store;
    private final PublishedConfig published;

    /** RegisterPeerResponse{request_pk: false} and {request_pk: true}, as sent. */
    private static final byte[] REGISTERED = registerPeerResponse(false);
    private static final byte[] REQUEST_PK = registerPeerResponse(true);

    UdpHandler(ProtoParser parser, Registrar registrar, PunchBroker broker, Executor store,
            PublishedConfig published) {
        this.parser = parser;
        this.registrar = registrar;
        this.broker = broker;
        this.store = store;
        this.published = published;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        InetSocketAddress source = Addresses.normalize(packet.sender());
        int size = packet.content().readableBytes();
        RendezvousMessage msg;
        try {
            msg = parser.parseRendezvous(packet.content());
        } catch (MalformedMessageException e) {
            LOG.debug("dropped malformed datagram from {}: {}", source, e.getMessage());
            return;
        }
        switch (msg.getUnionCase()) {
            case REGISTER_PEER -> onRegisterPeer(ctx.channel(), msg.getRegisterPeer(), source, size);
            case REGISTER_PK -> onRegisterPk(ctx.channel(), msg.getRegisterPk(), source, size);
            case PUNCH_HOLE_SENT -> broker.onPunchHoleSent(source, msg.getPunchHoleSent(), true);
            case CONFIGURE_UPDATE -> {
                if (source.getAddress().isLoopbackAddress()) {
                    published.adopt(msg.getConfigureUpdate()); // §5.11: the local admin channel
                }
            }
            default -> LOG.debug("ignored UDP {} from {}", msg.getUnionCase(), source);
        }
    }

    private void onRegisterPeer(Channel udp, RegisterPeer rp, InetSocketAddress source, int size) {
        registrar.onRegisterPeer(rp.getId(), source).ifPresent(requestPk -> {
            send(udp, source, size, false, requestPk ? REQUEST_PK : REGISTERED, false);
            ConfigUpdate cu = published.newerThan(rp.getSerial());
            if (!requestPk && cu != null) {
                reply(udp, source, size, true, RendezvousMessage.newBuilder().setConfigureUpdate(cu).build(),
                        false);
            }
        });
    }

    private void onRegisterPk(Channel udp, RegisterPk rk, InetSocketAddress source, int size) {
        byte[] uuid = rk.getUuid().toByteArray();
        byte[] pk = rk.getPk().toByteArray();
        try {
            registrar.registerPkDurably(rk.getId(), uuid, pk, source, store,
                    result -> result.ifPresent(r -> reply(udp, source, size, false, registerPkResponse(r), true)));
        } catch (RejectedExecutionException e) {
            reply(udp, source, size, false, registerPkResponse(RegisterPkResponse.Result.SERVER_ERROR), false);
        }
    }

    private static byte[] registerPeerResponse(boolean requestPk) {
        return RendezvousMessage.newBuilder()
                .setRegisterPeerResponse(RegisterPeerResponse.newBuilder().setRequestPk(requestPk))
                .build().toByteArray();
    }

    static RendezvousMessage registerPkResponse(RegisterPkResponse.Result r) {
        return RendezvousMessage.newBuilder()
                .setRegisterPkResponse(RegisterPkResponse.newBuilder().setResult(r)).build();
    }

    private static void reply(Channel udp, InetSocketAddress to, int requestSize, boolean registered,
            RendezvousMessage m, boolean flush) {
        send(udp, to, requestSize, registered, m.toByteArray(), flush);
    }

    /**
     * Sends unless it would amplify toward a source that is not a registered device. Without
     * {@code flush} the datagram waits for {@link #channelReadComplete} (event loop callers only).
     */
    private static void send(Channel udp, InetSocketAddress to, int requestSize, boolean registered,
            byte[] bytes, boolean flush) {
        if (bytes.length > requestSize && !registered) {
            LOG.debug("not sending {} bytes to unregistered {} for a {}-byte request", bytes.length, to,
                    requestSize);
            return;
        }
        ByteBuf buf = udp.alloc().directBuffer(bytes.length, bytes.length).writeBytes(bytes);
        DatagramPacket packet = new DatagramPacket(buf, to);
        if (flush) {
            udp.writeAndFlush(packet);
        } else {
            udp.write(packet);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.warn("UDP listener: {}", cause.toString()); // a datagram socket survives any single packet
    }
}
