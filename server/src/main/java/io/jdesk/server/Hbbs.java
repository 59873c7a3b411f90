package io.jdesk.server;

import io.jdesk.protocol.crypto.ServerKey;
import io.jdesk.server.config.HbbsSettings;
import io.jdesk.server.config.JdeskSettings;
import io.jdesk.server.console.ConsolePolicy;
import io.jdesk.server.rendezvous.MonotonicClock;
import io.jdesk.server.rendezvous.PeerRegistry;
import io.jdesk.server.rendezvous.RegistryBridge;
import io.jdesk.server.rendezvous.RendezvousConfig;
import io.jdesk.server.rendezvous.RendezvousServer;
import io.jdesk.server.store.SqlitePeerStore;
import io.jdesk.server.store.StoreExecutor;
import io.jdesk.server.transport.Transport;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running hbbs: settings resolved into the key, the SQLite peer store, the registry and the
 * rendezvous listeners, and stopped in the reverse order. What {@code jdesk hbbs} and
 * {@code jdesk server} start; tests start it in-process on port 0.
 */
public final class Hbbs implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Hbbs.class);

    /** How often long-offline peers and expired rate-limit entries are dropped from memory. */
    static final Duration PRUNE_INTERVAL = Duration.ofMinutes(1);

    private final SqlitePeerStore store;
    private final StoreExecutor storeExecutor;
    private final RendezvousServer server;
    private final ScheduledExecutorService housekeeping;
    private final ServerKey key;
    private volatile UdpSelfTest selfTest;

    private Hbbs(SqlitePeerStore store, StoreExecutor storeExecutor, RendezvousServer server,
            ScheduledExecutorService housekeeping, ServerKey key) {
        this.store = store;
        this.storeExecutor = storeExecutor;
        this.server = server;
        this.housekeeping = housekeeping;
        this.key = key;
    }

    /**
     * Starts hbbs with {@code settings} in {@code workDir} (where {@code id_ed25519} lives).
     *
     * @param ports UDP/TCP P, TCP P-1, WS P+2 to bind; {@code null} for the settings' layout
     */
    public static Hbbs start(HbbsSettings settings, Path workDir, int[] ports) throws IOException {
        settings.report().lines().forEach(LOG::info);
        settings.report().warnings().forEach(w -> LOG.warn("{}", w));
        ServerKey key = ServerKey.forRendezvous(settings.key().value(), workDir);
        LOG.info("Key: {}", key.validationKey().orElse(""));
        LOG.info("ALWAYS_USE_RELAY={}", settings.alwaysUseRelay() ? "Y" : "N");
        LOG.info("relay-servers={}", settings.relayServers());
        LOG.info("DB_URL={}", settings.dbUrl());
        SqlitePeerStore store = SqlitePeerStore.open(settings.dbUrl());
        StoreExecutor storeExecutor = new StoreExecutor(store);
        PeerRegistry registry = new PeerRegistry(store, MonotonicClock.SYSTEM);
        RegistryBridge bridge = new RegistryBridge(registry, MonotonicClock.SYSTEM);
        int[] p = ports != null ? ports
                : RendezvousConfig.standardPorts(settings.port());
        RendezvousServer server;
        try {
            server = new RendezvousServer(config(settings, key, p), bridge, bridge,
                    executor(storeExecutor), MonotonicClock.SYSTEM, Transport.best(),
                    Runtime.getRuntime().availableProcessors(), registry::consoleCommand).start();
        } catch (RuntimeException e) {
            storeExecutor.close();
            store.close();
            throw e;
        }
        ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "jdesk-hbbs-housekeeping");
            t.setDaemon(true);
            return t;
        });
        housekeeping.scheduleAtFixedRate(() -> storeExecutor.submit(registry::prune),
                PRUNE_INTERVAL.toSeconds(), PRUNE_INTERVAL.toSeconds(), TimeUnit.SECONDS);
        Hbbs hbbs = new Hbbs(store, storeExecutor, server, housekeeping, key);
        selfTestTarget(settings, server).ifPresent(target -> hbbs.selfTest =
                new UdpSelfTest(target, UdpSelfTest.DEADLINE, () -> System.exit(1)).start());
        return hbbs;
    }

    /** {@code TEST_HBBS}: the own UDP listener (an unspecified bind is reached on loopback), an address, or none. */
    static Optional<InetSocketAddress> selfTestTarget(HbbsSettings s, RendezvousServer server) {
        return switch (s.testHbbs().mode()) {
            case DISABLED -> Optional.empty();
            case ADDRESS -> s.testHbbs().address();
            case AUTO -> {
                InetSocketAddress own = server.udpAddress();
                yield Optional.of(own.getAddress().isAnyLocalAddress()
                        ? new InetSocketAddress(InetAddress.getLoopbackAddress(), own.getPort()) : own);
            }
        };
    }

    static RendezvousConfig config(HbbsSettings s, ServerKey key, int[] ports) throws IOException {
        JdeskSettings j = s.jdesk();
        InetAddress bind = s.bind().orElse(InetAddress.getByName("::"));
        ConsolePolicy console = j.consolePolicy();
        return new RendezvousConfig(bind, ports[0], ports[1], ports[2], ports[3], key, s.relayServers(),
                s.alwaysUseRelay(), a -> s.mask().map(m -> m.contains(a)).orElse(false),
                s.localIp().orElse(""), s.serial(), s.rendezvousServers(), j::isTrustedProxy, j.maxFrame(),
                RendezvousConfig.DEFAULT_IDLE, console, s.rmem(), s.sameIpLan());
    }

    /** The store executor as an {@link Executor} that refuses (throws) when its queue is full. */
    static Executor executor(StoreExecutor store) {
        return task -> {
            CompletableFuture<?> f = store.submit(Executors.callable(task));
            if (f.isCompletedExceptionally()) {
                throw new RejectedExecutionException("store queue full");
            }
        };
    }

    public RendezvousServer server() {
        return server;
    }

    /** The server's public key as clients paste it into "Key", if it has one. */
    public Optional<String> publicKey() {
        return key.signingKey().map(k -> k.publicKeyBase64());
    }

    @Override
    public void close() {
        if (selfTest != null) {
            selfTest.close();
        }
        housekeeping.shutdownNow();
        server.close();
        storeExecutor.close();
        store.close();
    }
}
