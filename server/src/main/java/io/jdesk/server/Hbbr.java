package io.jdesk.server;

import io.jdesk.protocol.crypto.KeyFiles;
import io.jdesk.protocol.crypto.ServerKey;
import io.jdesk.server.config.HbbrSettings;
import io.jdesk.server.config.JdeskSettings;
import io.jdesk.server.config.KeyOption;
import io.jdesk.server.console.ConsolePolicy;
import io.jdesk.server.relay.Bandwidth;
import io.jdesk.server.relay.RelayConfig;
import io.jdesk.server.relay.RelayServer;
import io.jdesk.server.transport.Transport;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running hbbr: settings resolved into the relay key and the relay listeners. What
 * {@code jdesk hbbr} and {@code jdesk server} start.
 */
public final class Hbbr implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Hbbr.class);

    private final RelayServer server;

    private Hbbr(RelayServer server) {
        this.server = server;
    }

    /**
     * Starts hbbr.
     *
     * @param keyValue the {@code -k} value to use (hbbr's own, or hbbs's when both run together)
     * @param ports TCP R and WS R+2 to bind; {@code null} for the settings' layout
     */
    public static Hbbr start(HbbrSettings settings, KeyOption keyValue, Path workDir, int[] ports)
            throws IOException {
        if (ports == null) { // standalone: the settings' own values are the ones in force
            settings.report().lines().forEach(LOG::info);
            settings.report().warnings().forEach(w -> LOG.warn("{}", w));
        }
        String k = keyValue.value();
        if ((k.equals("-") || k.equals("_")) && !Files.exists(workDir.resolve(KeyFiles.SECRET_KEY_FILE))) {
            sleep(ServerKey.RELAY_KEY_FILE_WAIT.toMillis()); // OSS: give a co-located hbbs time to create it
        }
        ServerKey key = ServerKey.forRelay(k, workDir);
        LOG.info("Key: {}", key.validationKey().orElse(""));
        int[] p = ports != null ? ports : RelayConfig.standardPorts(settings.port());
        return new Hbbr(new RelayServer(config(settings, key, workDir, p), Transport.best(),
                Runtime.getRuntime().availableProcessors()).start());
    }

    static RelayConfig config(HbbrSettings s, ServerKey key, Path workDir, int[] ports) throws IOException {
        JdeskSettings j = s.jdesk();
        InetAddress bind = s.bind().orElse(InetAddress.getByName("::"));
        ConsolePolicy console = j.consolePolicy();
        Bandwidth bandwidth = new Bandwidth(s.totalBandwidth().bitsPerSecond(),
                s.singleBandwidth().bitsPerSecond(), s.limitSpeed().bitsPerSecond(),
                (int) Math.round(s.downgradeThreshold() * 100), s.downgradeStartCheck().toMillis());
        return RelayConfig.defaults(bind, ports[0], ports[1], key, workDir).withConsole(console)
                .withTrustedProxy(j::isTrustedProxy).withBandwidth(bandwidth).withUnpairedPerIp(s.unpairedPerIp());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public RelayServer server() {
        return server;
    }

    @Override
    public void close() {
        server.close();
    }
}
