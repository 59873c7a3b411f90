package io.jdesk.server.rendezvous;

import io.jdesk.protocol.codec.FrameDecoder;
import io.jdesk.protocol.codec.FrameEncoder;
import io.jdesk.protocol.codec.ProtoParser;
import io.jdesk.protocol.crypto.SigningKeyPair;
import io.jdesk.server.console.ConsoleHandler;
import io.jdesk.server.transport.NotAWebSocketRequest;
import io.jdesk.server.transport.Transport;
import io.jdesk.server.transport.WebSocketBinaryCodec;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hbbs-compatible rendezvous server: UDP P, TCP P, TCP P-1 and WebSocket P+2 (spec/servers.md
 * §1.1), one initializer per listener, sharing one set of {@link RendezvousServices}.
 *
 * <p>Concurrency: Netty event loops own connections; the registry is safe for concurrent reads
 * from event loops; every store access (RegisterPk, lookups that miss memory) runs on the
 * {@code store} executor and its answer is written from there (Netty writes are thread-safe).
 * Several servers can run in one JVM: nothing is static.
 */
public final class RendezvousServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RendezvousServer.class);

    /** How long a parked requester waits for the device: the client's longest wait is 18 s. */
    static final Duration PENDING_LIFETIME = Duration.ofSeconds(30);
    /** Cap of the pending-request table. */
    static final int PENDING_CAPACITY = 100_000;
    /** WebSocket handshake must complete within this time. */
    static final long WS_HANDSHAKE_MILLIS = 10_000;
    /** Largest UDP datagram read whole; longer ones are cut, as with Netty's default read buffer. */
    static final int UDP_DATAGRAM = 2048;
    /** Datagrams taken per {@code recvmmsg} call (epoll only). */
    static final int UDP_BATCH = 16;

    private final RendezvousConfig config;
    private final Transport transport;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final RendezvousServices services;
    private final ProtoParser parser;
    private final MonotonicClock clock;
    private final RelaySelector relays;
    private final HbbsConsole console;
    private final ScheduledExecutorService healthCheck = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "jdesk-relay-check");
        t.setDaemon(true);
        return t;
    });
    private volatile Channel udp;
    private Channel tcp;
    private Channel nat;
    private Channel ws;

    /**
     * @param registry the peer registry's view (targets without links)
     * @param registrar registration rules
     * @param store executor for blocking store access
     */
    public RendezvousServer(RendezvousConfig config, PeerLookup registry, Registrar registrar,
            Executor store, MonotonicClock clock, Transport transport, int workerThreads) {
        this(config, registry, registrar, store, clock, transport, workerThreads,
                words -> "not available\n");
    }

    /** @param registryConsole answers the console's {@code ib} / {@code ic} commands */
    public RendezvousServer(RendezvousConfig config, PeerLookup registry, Registrar registrar,
            Executor store, MonotonicClock clock, Transport transport, int workerThreads,
            java.util.function.Function<String[], String> registryConsole) {
        this.config = config;
        this.transport = transport;
        this.clock = clock;
        this.boss = transport.newGroup(1, "jdesk-hbbs-accept");
        this.workers = transport.newGroup(workerThreads, "jdesk-hbbs");
        this.parser = new ProtoParser(config.maxFrame(), ProtoParser.DEFAULT_RECURSION_LIMIT);
        Map<String, ChannelLink> deviceLinks = new ConcurrentHashMap<>();
        PeerLookup peers = new LinkingLookup(registry, deviceLinks, () -> udp);
        PendingRequests pending = new PendingRequests(PENDING_CAPACITY, PENDING_LIFETIME.toNanos(), clock);
        IdPkSigner signer = new IdPkSigner(config.key().signingKey(), peers, store);
        this.relays = new RelaySelector(config.relayServers());
        AtomicBoolean alwaysUseRelay = new AtomicBoolean(config.alwaysUseRelay());
        PunchLog punchLog = new PunchLog(Clock.systemUTC());
        PunchBroker broker = new PunchBroker(peers, pending, signer, relays, config, store,
                alwaysUseRelay, punchLog);
        this.console = new HbbsConsole(relays, alwaysUseRelay, punchLog,
                registryConsole);
        this.services = new RendezvousServices(config, registrar, broker, pending, deviceLinks, store,
                new PublishedConfig(config.serial(), config.rendezvousServers()));
    }

    /** Binds every listener; fails with a message naming the port when one cannot be bound. */
    public RendezvousServer start() {
        RendezvousCodec codec = new RendezvousCodec(parser);
        udp = bindUdp(new UdpHandler(parser, services.registrar(), services.broker(), services.store(),
                services.published()));
        tcp = bindTcp(config.tcpPort(), "TCP", tcpInitializer(codec, ConnectionHandler.Port.MAIN, true));
        nat = bindTcp(config.natPort(), "TCP NAT test", tcpInitializer(codec, ConnectionHandler.Port.NAT, false));
        ws = bindTcp(config.wsPort(), "WebSocket", wsInitializer(codec));
        workers.next().scheduleAtFixedRate(() -> services.pending().prune(clock.nanoTime()),
                10, 10, TimeUnit.SECONDS);
        healthCheck.scheduleWithFixedDelay(new RelayHealthCheck(relays, RelayHealthCheck.TIMEOUT),
                0, RelayHealthCheck.INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("Listening on tcp/udp :{}", udpAddress().getPort());
        LOG.info("Listening on tcp :{}, extra port for NAT test", natAddress().getPort());
        LOG.info("Listening on websocket :{}", wsAddress().getPort());
        return this;
    }

    private ChannelInitializer<SocketChannel> tcpInitializer(RendezvousCodec codec,
            ConnectionHandler.Port port, boolean keyExchange) {
        Optional<SigningKeyPair> key = config.key().signingKey();
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ChannelPipeline p = ch.pipeline();
                if (port == ConnectionHandler.Port.NAT && config.console().enabled()) {
                    p.addLast("console", new ConsoleHandler(config.console(), console));
                }
                p.addLast("frameDecoder", new FrameDecoder(config.maxFrame()));
                p.addLast("frameEncoder", FrameEncoder.INSTANCE);
                if (keyExchange && key.isPresent()) {
                    p.addLast("secure", new SecureTcpHandler(key.get(), parser));
                }
                p.addLast("codec", codec);
                p.addLast("idle", idle());
                p.addLast("handler", new ConnectionHandler(services, port, false));
            }
        };
    }

    private ChannelInitializer<SocketChannel> wsInitializer(RendezvousCodec codec) {
        WebSocketServerProtocolConfig wsConfig = WebSocketServerProtocolConfig.newBuilder()
                .websocketPath("/").checkStartsWith(true).maxFramePayloadLength(config.maxFrame())
                .handshakeTimeoutMillis(WS_HANDSHAKE_MILLIS).build();
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ChannelPipeline p = ch.pipeline();
                p.addLast("http", new HttpServerCodec(4096, 8192, 8192));
                p.addLast("httpAggregator", new HttpObjectAggregator(8192));
                p.addLast("ws", new WebSocketServerProtocolHandler(wsConfig));
                p.addLast("notWs", NotAWebSocketRequest.INSTANCE);
                p.addLast("wsAggregator", new WebSocketFrameAggregator(config.maxFrame()));
                p.addLast("wsBinary", WebSocketBinaryCodec.INSTANCE);
                p.addLast("codec", codec);
                p.addLast("idle", idle());
                p.addLast("handler", new ConnectionHandler(services, ConnectionHandler.Port.MAIN, true));
            }
        };
    }

    private IdleStateHandler idle() {
        return new IdleStateHandler(config.idleTimeout().toMillis(), 0, 0, TimeUnit.MILLISECONDS);
    }

    private Channel bindTcp(int port, String what, ChannelInitializer<SocketChannel> init) {
        ServerBootstrap b = new ServerBootstrap().group(boss, workers).channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024).option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true).childHandler(init);
        return bind(() -> b.bind(config.bind(), port).syncUninterruptibly().channel(), what, port);
    }

    private Channel bindUdp(UdpHandler handler) {
        Bootstrap b = new Bootstrap().group(workers).channel(transport.datagramChannel())
                .option(ChannelOption.SO_REUSEADDR, true).handler(handler);
        if (config.udpReceiveBuffer() > 0) {
            b.option(ChannelOption.SO_RCVBUF, config.udpReceiveBuffer());
        }
        if (transport == Transport.EPOLL) {
            // recvmmsg: up to UDP_BATCH datagrams per system call, each cut at UDP_DATAGRAM bytes
            // as Netty's default (one datagram per 2048-byte read buffer) cuts them already.
            b.option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, UDP_DATAGRAM)
                    .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(UDP_DATAGRAM * UDP_BATCH));
        }
        return bind(() -> b.bind(config.bind(), config.udpPort()).syncUninterruptibly().channel(),
                "UDP", config.udpPort());
    }

    private Channel bind(java.util.function.Supplier<Channel> binder, String what, int port) {
        try {
            return binder.get();
        } catch (Exception e) { // Netty rethrows the bind's IOException unchecked
            close();
            throw new IllegalStateException("cannot listen on " + what + " port " + port + " at "
                    + config.bind().getHostAddress() + ": " + e.getMessage(), e);
        }
    }

    public InetSocketAddress udpAddress() {
        return (InetSocketAddress) udp.localAddress();
    }

    public InetSocketAddress tcpAddress() {
        return (InetSocketAddress) tcp.localAddress();
    }

    public InetSocketAddress natAddress() {
        return (InetSocketAddress) nat.localAddress();
    }

    public InetSocketAddress wsAddress() {
        return (InetSocketAddress) ws.localAddress();
    }

    /** Number of requesters waiting for a device (metrics, tests). */
    public int pendingRequests() {
        return services.pending().size();
    }

    @Override
    public void close() {
        healthCheck.shutdownNow();
        for (Channel c : new Channel[] {udp, tcp, nat, ws}) {
            if (c != null) {
                c.close().syncUninterruptibly();
            }
        }
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
