package io.jdesk.server.rendezvous;

import io.jdesk.protocol.proto.ConfigUpdate;
import io.jdesk.protocol.proto.OnlineRequest;
import io.jdesk.protocol.proto.OnlineResponse;
import io.jdesk.protocol.proto.RegisterPeer;
import io.jdesk.protocol.proto.RegisterPeerResponse;
import io.jdesk.protocol.proto.RegisterPk;
import io.jdesk.protocol.proto.RegisterPkResponse;
import io.jdesk.protocol.proto.RendezvousMessage;
import io.jdesk.protocol.proto.TestNatRequest;
import io.jdesk.protocol.proto.TestNatResponse;
import io.jdesk.server.transport.Addresses;
import io.jdesk.server.transport.RealIp;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler.HandshakeComplete;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One TCP or WebSocket connection to TCP P, WS P+2 or TCP P-1 (spec/servers.md §5.1 dispatch
 * matrix). Requests that wait for a device (PunchHoleRequest, RequestRelay) keep the
 * connection open; a device's answers and the one-shot queries close it after the reply.
 *
 * <p>Beyond OSS: RegisterPk / RegisterPeer on TCP P and WS turn the connection into the
 * device's link — PunchHole, FetchLocalAddr and RequestRelay for it go over this connection,
 * the server sends an empty heartbeat frame every {@link #HEARTBEAT_SECONDS} and closes it
 * after {@link #DEVICE_IDLE_SECONDS} of silence (the client answers heartbeats, peer.md §2.5);
 * OnlineRequest is answered on every port (OSS: P-1 only, so WebSocket clients saw everyone
 * offline). One instance per connection; runs on its event loop.
 */
final class ConnectionHandler extends SimpleChannelInboundHandler<RendezvousMessage> {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionHandler.class);

    /** Heartbeat interval on device links; the client times out after 1.5 × keep_alive (60 s). */
    static final int HEARTBEAT_SECONDS = 30;
    /** A device link with no frame for this long is dead (1.5 × the client's 60 s keep-alive). */
    static final int DEVICE_IDLE_SECONDS = 90;
    /** keep_alive announced in RegisterPkResponse on device links, in seconds. */
    static final int KEEP_ALIVE_SECONDS = 60;

    /** Which listener the connection came in on. */
    enum Port { MAIN, NAT }

    private final RendezvousServices services;
    private final Port port;
    private final boolean webSocket;
    private ChannelLink link;
    private String deviceId;

    ConnectionHandler(RendezvousServices services, Port port, boolean webSocket) {
        this.services = services;
        this.port = port;
        this.webSocket = webSocket;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (!webSocket) {
            link = new ChannelLink(ctx.channel(),
                    Addresses.normalize((InetSocketAddress) ctx.channel().remoteAddress()), false);
        }
        ctx.fireChannelActive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof HandshakeComplete hs) {
            InetSocketAddress tcpPeer = Addresses.normalize((InetSocketAddress) ctx.channel().remoteAddress());
            link = new ChannelLink(ctx.channel(),
                    RealIp.resolve(tcpPeer, hs.requestHeaders(), services.config().trustedProxy()), true);
        } else if (evt instanceof IdleStateEvent idle) {
            if (idle.state() == IdleState.WRITER_IDLE) {
                ctx.writeAndFlush(Unpooled.EMPTY_BUFFER); // only device links have a writer timer
            } else {
                LOG.debug("closing idle connection {}", link);
                ctx.close();
            }
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, RendezvousMessage msg) {
        if (link == null) {
            ctx.close(); // no message can precede the WebSocket handshake
            return;
        }
        if (port == Port.NAT) {
            onNatPort(ctx, msg);
            return;
        }
        PunchBroker broker = services.broker();
        switch (msg.getUnionCase()) {
            case PUNCH_HOLE_REQUEST -> broker.onPunchHoleRequest(link, msg.getPunchHoleRequest());
            case REQUEST_RELAY -> broker.onRequestRelay(link, msg.getRequestRelay());
            case PUNCH_HOLE_SENT -> {
                broker.onPunchHoleSent(link.remote(), msg.getPunchHoleSent(), false);
                ctx.close();
            }
            case LOCAL_ADDR -> {
                broker.onLocalAddr(link.remote(), msg.getLocalAddr());
                ctx.close();
            }
            case RELAY_RESPONSE -> {
                broker.onRelayResponse(link.remote(), msg.getRelayResponse());
                ctx.close();
            }
            case TEST_NAT_REQUEST -> replyAndClose(ctx, testNat(msg.getTestNatRequest(), true));
            case ONLINE_REQUEST -> replyAndClose(ctx, online(msg.getOnlineRequest()));
            case REGISTER_PK -> onRegisterPk(ctx, msg.getRegisterPk());
            case REGISTER_PEER -> onRegisterPeer(ctx, msg.getRegisterPeer());
            case UNION_NOT_SET -> { } // heartbeat (empty frame): reading it reset the idle timer
            default -> {
                LOG.debug("closing {}: {} is not served on this port", link, msg.getUnionCase());
                ctx.close();
            }
        }
    }

    private void onNatPort(ChannelHandlerContext ctx, RendezvousMessage msg) {
        switch (msg.getUnionCase()) {
            case TEST_NAT_REQUEST -> replyAndClose(ctx, testNat(msg.getTestNatRequest(), false));
            case ONLINE_REQUEST -> replyAndClose(ctx, online(msg.getOnlineRequest()));
            default -> ctx.close();
        }
    }

    /** §5.9: the observed source port; on P (not P-1) also a ConfigUpdate when the serial is newer. */
    private RendezvousMessage testNat(TestNatRequest req, boolean withConfig) {
        TestNatResponse.Builder r = TestNatResponse.newBuilder().setPort(link.remote().getPort());
        ConfigUpdate cu = services.published().newerThan(req.getSerial());
        if (withConfig && cu != null) {
            r.setCu(cu);
        }
        return RendezvousMessage.newBuilder().setTestNatResponse(r).build();
    }

    private RendezvousMessage online(OnlineRequest req) {
        if (req.getPeersCount() > RendezvousServices.MAX_ONLINE_QUERY) {
            return RendezvousMessage.newBuilder().setOnlineResponse(OnlineResponse.getDefaultInstance()).build();
        }
        byte[] states = services.registrar().onlineStates(req.getPeersList());
        for (int i = 0; i < req.getPeersCount(); i++) {
            ChannelLink device = services.deviceLinks().get(req.getPeers(i));
            if (device != null && device.isOpen()) {
                states[i / 8] |= (byte) (0x80 >>> (i % 8)); // devices registered over TCP/WS
            }
        }
        return RendezvousMessage.newBuilder().setOnlineResponse(
                OnlineResponse.newBuilder().setStates(com.google.protobuf.ByteString.copyFrom(states))).build();
    }

    /** TCP/WS registration (beyond OSS, servers.md §5.13); ID change (old_id) stays NOT_SUPPORT. */
    private void onRegisterPk(ChannelHandlerContext ctx, RegisterPk rk) {
        if (!rk.getOldId().isEmpty()) {
            replyAndClose(ctx, UdpHandler.registerPkResponse(RegisterPkResponse.Result.NOT_SUPPORT));
            return;
        }
        byte[] uuid = rk.getUuid().toByteArray();
        byte[] pk = rk.getPk().toByteArray();
        InetSocketAddress source = link.remote();
        try {
            services.registrar().registerPkDurably(rk.getId(), uuid, pk, source, services.store(),
                    result -> ctx.executor().execute(() -> {
                        if (result.isEmpty()) {
                            return;
                        }
                        RegisterPkResponse.Builder r = RegisterPkResponse.newBuilder().setResult(result.get());
                        if (result.get() == RegisterPkResponse.Result.OK) {
                            if (!ctx.channel().isActive()) {
                                // Closed while the row was written: the registration stands (it is on
                                // disk), but there is no link; as if the link had closed just after.
                                services.registrar().onDeviceLinkClosed(rk.getId(), source);
                                return;
                            }
                            r.setKeepAlive(KEEP_ALIVE_SECONDS);
                            becomeDeviceLink(ctx, rk.getId());
                        }
                        ctx.writeAndFlush(RendezvousMessage.newBuilder().setRegisterPkResponse(r).build());
                    }));
        } catch (RejectedExecutionException e) {
            ctx.writeAndFlush(UdpHandler.registerPkResponse(RegisterPkResponse.Result.SERVER_ERROR));
        }
    }

    private void onRegisterPeer(ChannelHandlerContext ctx, RegisterPeer rp) {
        services.registrar().onRegisterPeer(rp.getId(), link.remote()).ifPresent(requestPk -> {
            if (!requestPk) {
                becomeDeviceLink(ctx, rp.getId());
            }
            ctx.writeAndFlush(RendezvousMessage.newBuilder()
                    .setRegisterPeerResponse(RegisterPeerResponse.newBuilder().setRequestPk(requestPk)).build());
        });
    }

    private void becomeDeviceLink(ChannelHandlerContext ctx, String id) {
        if (id.equals(deviceId)) {
            return;
        }
        if (deviceId != null) {
            services.deviceLinks().remove(deviceId, link);
        }
        deviceId = id;
        services.deviceLinks().put(id, link);
        ctx.pipeline().replace(IdleStateHandler.class, "idle",
                new IdleStateHandler(DEVICE_IDLE_SECONDS, HEARTBEAT_SECONDS, 0, TimeUnit.SECONDS));
    }

    private static void replyAndClose(ChannelHandlerContext ctx, RendezvousMessage reply) {
        ctx.writeAndFlush(reply).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (link != null) {
            services.pending().forget(link);
            if (deviceId != null && services.deviceLinks().remove(deviceId, link)) {
                services.registrar().onDeviceLinkClosed(deviceId, link.remote());
            }
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("closing {}: {}", link, cause.toString());
        ctx.close();
    }
}
