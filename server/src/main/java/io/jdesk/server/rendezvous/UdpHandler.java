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
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * UDP port P (spec/servers.md §5.1, first column): one RendezvousMessage per datagram.
 * RegisterPeer is answered on the event loop; RegisterPk runs on the store executor and is
 * answered once its row is on disk. A PunchHoleSent over UDP is the device side of UDP hole
 * punching (peer.md §3.7) and is routed like the TCP one, to the waiting controller's
 * connection. A ConfigUpdate from a loopback source with a newer serial is adopted (§5.11).
 * Everything else, and anything that does not parse, is dropped without a reply — including the
 * deprecated SoftwareUpdate, whose answer (a URL) would be larger than its request.
 *
 * <p>Amplification guard (design.md hard rule 5): no reply is larger than the datagram that
 * caused it, unless the source is a registered device (ConfigUpdate goes only to those).
 */
@Sharable
final class UdpHandler extends SimpleChannelInboundHandler<DatagramPacket> {

    private static final Logger LOG = LoggerFactory.getLogger(UdpHandler.class);

    private final ProtoParser parser;
    private final Registrar registrar;
    private final PunchBroker broker;
    private final Executor store;
    private final PublishedConfig published;

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
            reply(udp, source, size, false, RendezvousMessage.newBuilder()
                    .setRegisterPeerResponse(RegisterPeerResponse.newBuilder().setRequestPk(requestPk))
                    .build());
            ConfigUpdate cu = published.newerThan(rp.getSerial());
            if (!requestPk && cu != null) {
                reply(udp, source, size, true, RendezvousMessage.newBuilder().setConfigureUpdate(cu).build());
            }
        });
    }

    private void onRegisterPk(Channel udp, RegisterPk rk, InetSocketAddress source, int size) {
        byte[] uuid = rk.getUuid().toByteArray();
        byte[] pk = rk.getPk().toByteArray();
        try {
            CompletableFuture.supplyAsync(() -> registrar.registerPk(rk.getId(), uuid, pk, source), store)
                    .whenComplete((result, error) -> {
                        if (error != null) {
                            LOG.warn("RegisterPk {} from {} failed: {}", rk.getId(), source, error.toString());
                        } else {
                            result.ifPresent(r -> reply(udp, source, size, false, registerPkResponse(r)));
                        }
                    });
        } catch (RejectedExecutionException e) {
            reply(udp, source, size, false, registerPkResponse(RegisterPkResponse.Result.SERVER_ERROR));
        }
    }

    static RendezvousMessage registerPkResponse(RegisterPkResponse.Result r) {
        return RendezvousMessage.newBuilder()
                .setRegisterPkResponse(RegisterPkResponse.newBuilder().setResult(r)).build();
    }

    /** Sends unless it would amplify toward a source that is not a registered device. */
    private static void reply(Channel udp, InetSocketAddress to, int requestSize, boolean registered,
            RendezvousMessage m) {
        byte[] bytes = m.toByteArray();
        if (bytes.length > requestSize && !registered) {
            LOG.debug("not sending {} bytes to unregistered {} for a {}-byte request", bytes.length, to,
                    requestSize);
            return;
        }
        udp.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(bytes), to));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.warn("UDP listener: {}", cause.toString()); // a datagram socket survives any single packet
    }
}
