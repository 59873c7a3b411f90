package io.jdesk.server.fuzz;

import io.jdesk.protocol.crypto.ServerKey;
import io.jdesk.server.Hbbs;
import io.jdesk.server.config.HbbsSettings;
import io.jdesk.server.config.SettingsSources;
import io.jdesk.server.relay.RelayConfig;
import io.jdesk.server.relay.RelayServer;
import io.jdesk.server.transport.Transport;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * hbbs and hbbr as {@code jdesk hbbs} / {@code jdesk hbbr} assemble them (settings, a generated key
 * and a fresh SQLite database in {@code dir}, OSS relay defaults without a relay key), bound to
 * 127.0.0.1 on ephemeral ports, in this JVM.
 */
public final class InProcessServers implements AutoCloseable {

    private final Hbbs hbbs;
    private final RelayServer relay;

    private InProcessServers(Hbbs hbbs, RelayServer relay) {
        this.hbbs = hbbs;
        this.relay = relay;
    }

    /** @param environment extra hbbs settings by environment name (e.g. {@code RMEM}) */
    public static InProcessServers start(Path dir, Map<String, String> environment) throws IOException {
        return start(dir, environment, RelayConfig.DEFAULT_UNPAIRED_TIMEOUT);
    }

    /**
     * @param relayUnpaired how long the relay keeps an unpaired connection (OSS: 30 s); a short test
     *        shortens it so that waiters a fuzz input left behind are gone when resources are measured
     */
    public static InProcessServers start(Path dir, Map<String, String> environment, Duration relayUnpaired)
            throws IOException {
        Map<String, String> env = new HashMap<>(Map.of("DB_URL", dir.resolve("db_v2.sqlite3").toString(),
                "BIND", "127.0.0.1", "TEST_HBBS", "no"));
        env.putAll(environment);
        Hbbs hbbs = Hbbs.start(HbbsSettings.from(SettingsSources.builder().environment(env).build()), dir,
                new int[] {0, 0, 0, 0});
        try {
            RelayConfig config = RelayConfig.defaults(InetAddress.getLoopbackAddress(), 0, 0,
                    ServerKey.forRelay(null, dir), dir);
            config = config.withTimeouts(config.firstFrameTimeout(), relayUnpaired, config.idleTimeout())
                    // every fuzz client and the probe share 127.0.0.1, which stands for many addresses here:
                    // only the table's total cap applies (PendingRelaysTest covers the per-address one)
                    .withUnpairedPerIp(config.pendingCapacity());
            RelayServer relay = new RelayServer(config, Transport.best(), Runtime.getRuntime().availableProcessors())
                    .start();
            return new InProcessServers(hbbs, relay);
        } catch (RuntimeException e) {
            hbbs.close();
            throw e;
        }
    }

    public Targets targets() {
        return new Targets(hbbs.server().udpAddress(), hbbs.server().tcpAddress(), hbbs.server().natAddress(),
                hbbs.server().wsAddress(), relay.tcpAddress(), relay.wsAddress(), hbbs.publicKey().orElse(""));
    }

    /** Server-side tables that must drain after the campaign. */
    public String gauges() {
        return "hbbs waiting requesters " + hbbs.server().pendingRequests() + ", relay unpaired " + relay.unpaired()
                + ", relay active pairs " + relay.stats().activePairs();
    }

    public RelayServer relay() {
        return relay;
    }

    public Hbbs hbbs() {
        return hbbs;
    }

    @Override
    public void close() {
        relay.close();
        hbbs.close();
    }
}
