package io.jdesk.peer.testing;

import io.jdesk.protocol.crypto.KeyFiles;
import io.jdesk.server.Hbbr;
import io.jdesk.server.Hbbs;
import io.jdesk.server.config.HbbrSettings;
import io.jdesk.server.config.HbbsSettings;
import io.jdesk.server.config.SettingsSources;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Our own hbbs and hbbr in process, on 127.0.0.1 with ephemeral ports, sharing one key in
 * {@code dir} (as {@code jdesk server} runs them). hbbs hands out the relay's address.
 *
 * <p>hbbs gets the OSS layout a peer relies on: UDP and TCP on one port P, the NAT-test port on
 * P−1 (peer.md §1.1). P is found by binding port 0 and reading it back, then checking that UDP P
 * and TCP P−1 are free too; if another process takes one in between, the start is retried.
 */
public final class ServerHarness implements AutoCloseable {

    private volatile Hbbs hbbs;
    private HbbsSettings settings;
    private Path dir;
    private final Hbbr hbbr;
    private final String key;

    /** Starts tried when a chosen port is taken between the check and the bind. */
    private static final int BIND_ATTEMPTS = 5;

    private ServerHarness(Hbbs hbbs, Hbbr hbbr, String key) {
        this.hbbs = hbbs;
        this.hbbr = hbbr;
        this.key = key;
    }

    /** hbbs + hbbr with default settings. */
    public static ServerHarness start(Path dir) throws IOException {
        return start(dir, Map.of());
    }

    /** hbbs + hbbr; {@code env} adds hbbs/hbbr environment settings (e.g. ALWAYS_USE_RELAY). */
    public static ServerHarness start(Path dir, Map<String, String> env) throws IOException {
        java.nio.file.Files.createDirectories(dir);
        String key = KeyFiles.loadOrGenerate(dir).publicKeyBase64();
        Map<String, String> e = new HashMap<>(env);
        e.putIfAbsent("BIND", "127.0.0.1");
        e.putIfAbsent("TEST_HBBS", "no"); // a loaded test machine must not make hbbs exit the test JVM
        e.putIfAbsent("DB_URL", dir.resolve("db_v2.sqlite3").toString());
        HbbsSettings keySource = HbbsSettings.from(SettingsSources.builder().environment(e).build());
        Hbbr hbbr = Hbbr.start(HbbrSettings.from(SettingsSources.builder().environment(e).build()),
                keySource.key(), dir, new int[] {0, 0});
        try {
            e.put("RELAY_SERVERS", "127.0.0.1:" + hbbr.server().tcpAddress().getPort());
            HbbsSettings settings = HbbsSettings.from(SettingsSources.builder().environment(e).build());
            for (int attempt = 1; ; attempt++) {
                int port = freeMainPort();
                try {
                    ServerHarness h = new ServerHarness(Hbbs.start(settings, dir, new int[] {port, port, port - 1, 0}),
                            hbbr, key);
                    h.settings = settings;
                    h.dir = dir;
                    return h;
                } catch (IllegalStateException taken) {
                    if (attempt == BIND_ATTEMPTS) {
                        throw taken;
                    }
                }
            }
        } catch (IOException | RuntimeException ex) {
            hbbr.close();
            throw ex;
        }
    }

    /**
     * Stops hbbs and starts it again on the same ports with the same directory (keys, database),
     * as an operator's restart does; the relay keeps running.
     */
    public void restartHbbs() throws IOException {
        int port = hbbs.server().udpAddress().getPort();
        hbbs.close();
        hbbs = Hbbs.start(settings, dir, new int[] {port, port, port - 1, 0});
    }

    /** The server's public key, as a user pastes it into the client's "Key" field. */
    public String key() {
        return key;
    }

    /** "127.0.0.1:port" of hbbs's UDP/TCP port. */
    public String rendezvous() {
        return "127.0.0.1:" + hbbs.server().udpAddress().getPort();
    }

    public InetSocketAddress rendezvousAddress() {
        return new InetSocketAddress("127.0.0.1", hbbs.server().udpAddress().getPort());
    }

    /** "127.0.0.1:port" of the relay's TCP port. */
    public String relay() {
        return "127.0.0.1:" + hbbr.server().tcpAddress().getPort();
    }

    public Hbbs hbbs() {
        return hbbs;
    }

    public Hbbr hbbr() {
        return hbbr;
    }

    @Override
    public void close() {
        hbbs.close();
        hbbr.close();
    }

    /** A port P with TCP P, UDP P and TCP P−1 free on 127.0.0.1 just now. */
    private static int freeMainPort() throws IOException {
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        while (true) {
            try (ServerSocket tcp = new ServerSocket(0, 1, lo);
                    DatagramSocket udp = new DatagramSocket(new InetSocketAddress(lo, tcp.getLocalPort()));
                    ServerSocket nat = new ServerSocket(tcp.getLocalPort() - 1, 1, lo)) {
                return tcp.getLocalPort();
            } catch (IOException taken) {
                // one of the three is in use: try another port
            }
        }
    }
}
