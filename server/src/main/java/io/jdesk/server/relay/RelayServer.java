package io.jdesk.server.relay;

import io.jdesk.protocol.codec.ProtoParser;
import io.jdesk.server.console.ConsoleHandler;
import io.jdesk.server.transport.Addresses;
import io.jdesk.server.transport.NotAWebSocketRequest;
import io.jdesk.server.transport.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.concurrent.Ticker;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hbbr-compatible relay server (spec/servers.md §9): TCP R and WebSocket R+2, both on
 * {@link RelayConfig#bind()} (dual-stack when that is the IPv6 any-address).
 *
 * <pre>
 * TCP R:      readGate [console] firstFrame(one frame, 64 KiB) accept
 * WS  R+2:    readGate wsLimit http httpAggregator ws notWs wsAggregator wsFrames accept
 * paired TCP: pipe                                   (raw: both sides TCP; or splice)
 *             relayDecoder relayEncoder pipe         (re-framing for a WebSocket peer)
 * paired WS:  ws... wsFrames pipe
 * </pre>
 *
 * <p>Child channels: AUTO_READ off (the relay decides when to read), TCP_NODELAY (as OSS), and
 * ALLOW_HALF_CLOSURE, so a client that sends its last bytes and closes, even while it waits for
 * its partner, still has them forwarded: its end of input is an event, not a close.
 *
 * <p>Use: {@code new RelayServer(config, Transport.best(), threads).start()}, then {@link #close()}.
 * {@code blacklist.txt} / {@code blocklist.txt} are read from {@link RelayConfig#workDir()} when the
 * server is constructed.
 *
 * <p>Concurrency: each connection lives on one event loop of the worker group; when two
 * connections pair, the second is moved onto the first one's loop, so a pair's state and both
 * pipelines are confined to that loop. Shared across loops, and thread-safe: the unpaired table,
 * the black/blocklists, the bandwidth settings with the total limiter, the usage table and the
 * stats. Nothing is static; several servers can run in one JVM.
 */
public final class RelayServer implements AutoCloseable {

    static final String CONSOLE = "console";
    static final String FIRST_FRAME = "firstFrame";
    static final String ACCEPT = "accept";
    static final String WS_LIMIT = "wsLimit";
    static final String READ_GATE = "readGate";

    /**
     * Largest single read of a relay connection: 256 KiB. With one read in flight per direction
     * this bounds what the relay holds per pair; measured on loopback it moves a pair about 25 %
     * faster than Netty's default 64 KiB (docs/relay.md).
     */
    static final int MAX_READ = 256 * 1024;

    /** Smallest read buffer (Netty's default for the adaptive allocator). */
    static final int MIN_READ = 64;

    /** First read buffer: a RequestRelay and whatever follows it fit in 2 KiB (Netty's default). */
    static final int INITIAL_READ = 2048;

    /**
     * Limits of the WebSocket upgrade request (request line, headers, body): a GET with a few
     * headers; the same bounds as the hbbs WebSocket port, within
     * {@link PrePairingLimit#HANDSHAKE_ALLOWANCE}.
     */
    static final int HTTP_MAX_LINE = 4096;
    static final int HTTP_MAX_HEADERS = 8192;
    static final int HTTP_MAX_CHUNK = 8192;

    /** The WebSocket upgrade must complete within this time (same as the hbbs WebSocket port). */
    static final long WS_HANDSHAKE_MILLIS = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(RelayServer.class);

    private final RelayConfig config;
    private final Transport transport;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final RelayContext cx;
    private final RelayConsole console;
    private Channel tcp;
    private Channel ws;

    /** A relay with the system ticker. */
    public RelayServer(RelayConfig config, Transport transport, int workerThreads) {
        this(config, transport, workerThreads, Ticker.systemTicker());
    }

    /**
     * @param ticker time for the limiters and the pair's bookkeeping (the event loops' own timers
     *        use the system ticker)
     * @throws java.io.UncheckedIOException when a list file exists but cannot be read
     */
    public RelayServer(RelayConfig config, Transport transport, int workerThreads, Ticker ticker) {
        this.config = config;
        this.transport = transport;
        IpList blacklist = IpList.load(config.workDir().resolve(IpList.BLACKLIST_FILE));
        IpList blocklist = IpList.load(config.workDir().resolve(IpList.BLOCKLIST_FILE));
        BandwidthControl bandwidth = new BandwidthControl(config.bandwidth(), ticker);
        UsageTable usage = new UsageTable();
        this.cx = new RelayContext(config,
                new ProtoParser(config.maxFirstFrame(), ProtoParser.DEFAULT_RECURSION_LIMIT),
                blacklist, blocklist, bandwidth, usage,
                new PendingRelays(config.pendingCapacity(), config.unpairedPerIp()),
                new RelayStats(), transport == Transport.EPOLL);
        this.console = new RelayConsole(blacklist, blocklist, bandwidth, usage);
        this.boss = transport.newGroup(1, "jdesk-hbbr-accept");
        this.workers = transport.newGroup(workerThreads, "jdesk-hbbr");
    }

    /** Binds both listeners; fails with a message naming the port when one cannot be bound. */
    public RelayServer start() {
        LOG.info("#blacklist({}): {}", IpList.BLACKLIST_FILE, cx.blacklist().size());
        LOG.info("#blocklist({}): {}", IpList.BLOCKLIST_FILE, cx.blocklist().size());
        Bandwidth b = config.bandwidth();
        LOG.info("DOWNGRADE_THRESHOLD: {}", Bandwidth.plain(b.downgradeThresholdHundredths() / 100.0));
        LOG.info("DOWNGRADE_START_CHECK: {}s", b.downgradeStartCheckMillis() / 1000);
        LOG.info("LIMIT_SPEED: {}Mb/s", Bandwidth.formatMbps(b.limitSpeedBitsPerSecond()));
        LOG.info("TOTAL_BANDWIDTH: {}Mb/s", Bandwidth.formatMbps(b.totalBitsPerSecond()));
        LOG.info("SINGLE_BANDWIDTH: {}Mb/s", Bandwidth.formatMbps(b.singleBitsPerSecond()));
        tcp = bind(config.tcpPort(), "TCP", tcpInitializer());
        ws = bind(config.wsPort(), "WebSocket", wsInitializer());
        LOG.info("Listening on tcp {}", Addresses.format(tcpAddress()));
        LOG.info("Listening on websocket {}", Addresses.format(wsAddress()));
        return this;
    }

    private ChannelInitializer<SocketChannel> tcpInitializer() {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ChannelPipeline p = ch.pipeline();
                p.addLast(READ_GATE, HalfClosedReadGate.INSTANCE);
                if (config.console().enabled()) {
                    p.addLast(CONSOLE, new ConsoleHandler(config.console(), console));
                }
                p.addLast(FIRST_FRAME, new FirstFrameDecoder(config.maxFirstFrame()));
                p.addLast(ACCEPT, new RelayAcceptHandler(cx, false));
            }
        };
    }

    private ChannelInitializer<SocketChannel> wsInitializer() {
        WebSocketServerProtocolConfig wsConfig = WebSocketServerProtocolConfig.newBuilder()
                .websocketPath("/").checkStartsWith(true).maxFramePayloadLength(config.maxRelayedFrame())
                .handshakeTimeoutMillis(WS_HANDSHAKE_MILLIS).build();
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ChannelPipeline p = ch.pipeline();
                p.addLast(READ_GATE, HalfClosedReadGate.INSTANCE);
                p.addLast(WS_LIMIT, new PrePairingLimit(config.maxFirstFrame()));
                p.addLast("http", new HttpServerCodec(HTTP_MAX_LINE, HTTP_MAX_HEADERS, HTTP_MAX_CHUNK));
                p.addLast("httpAggregator", new HttpObjectAggregator(HTTP_MAX_CHUNK));
                p.addLast("ws", new WebSocketServerProtocolHandler(wsConfig));
                p.addLast("notWs", NotAWebSocketRequest.INSTANCE);
                p.addLast("wsAggregator", new WebSocketFrameAggregator(config.maxRelayedFrame()));
                p.addLast("wsFrames", new RelayWsFrames());
                p.addLast(ACCEPT, new RelayAcceptHandler(cx, true));
            }
        };
    }

    private Channel bind(int port, String what, ChannelInitializer<SocketChannel> init) {
        ServerBootstrap b = new ServerBootstrap().group(boss, workers).channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024).option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.AUTO_READ, false).childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childOption(ChannelOption.RECVBUF_ALLOCATOR,
                        new AdaptiveRecvByteBufAllocator(MIN_READ, INITIAL_READ, MAX_READ))
                .childHandler(init);
        Supplier<Channel> binder = () -> b.bind(config.bind(), port).syncUninterruptibly().channel();
        try {
            return binder.get();
        } catch (Exception e) { // syncUninterruptibly rethrows the checked bind IOException as is
            close();
            throw new IllegalStateException("cannot listen on " + what + " port " + port + " at "
                    + config.bind().getHostAddress() + ": " + e.getMessage(), e);
        }
    }

    public InetSocketAddress tcpAddress() {
        return (InetSocketAddress) tcp.localAddress();
    }

    public InetSocketAddress wsAddress() {
        return (InetSocketAddress) ws.localAddress();
    }

    /** The admin commands of this server (also reachable on the TCP port when the console is on). */
    public RelayConsole console() {
        return console;
    }

    /** The live bandwidth settings. */
    public BandwidthControl bandwidth() {
        return cx.bandwidth();
    }

    /** The throttled addresses (blacklist.txt and console changes). */
    public IpList blacklist() {
        return cx.blacklist();
    }

    /** The refused addresses (blocklist.txt and console changes). */
    public IpList blocklist() {
        return cx.blocklist();
    }

    public RelayStats stats() {
        return cx.stats();
    }

    /** Connections waiting for their partner. */
    public int unpaired() {
        return cx.pending().size();
    }

    @Override
    public void close() {
        for (Channel c : new Channel[] {tcp, ws}) {
            if (c != null) {
                c.close().syncUninterruptibly();
            }
        }
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
