package io.jdesk.peer.testing;

import io.jdesk.protocol.crypto.KeyFiles;
import io.jdesk.server.Hbbr;
import io.jdesk.server.Hbbs;
import io.jdesk.server.config.HbbrSettings;
import io.jdesk.server.config.HbbsSettings;
import io.jdesk.server.config.SettingsSources;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Our own hbbs and hbbr in process, on 127.0.0.1 with ephemeral ports, sharing one key in
 * {@code dir} (as {@code jdesk server} runs them). hbbs hands out the relay's address.
 */
public final class ServerHarness implements AutoCloseable {

    private final Hbbs hbbs;
    private final Hbbr hbbr;
    private final String key;

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
        String key = KeyFiles.loadOrGenerate(dir).publicKeyBase64();
        Map<String, String> e = new HashMap<>(env);
        e.putIfAbsent("BIND", "127.0.0.1");
        e.putIfAbsent("DB_URL", dir.resolve("db_v2.sqlite3").toString());
        HbbsSettings keySource = HbbsSettings.from(SettingsSources.builder().environment(e).build());
        Hbbr hbbr = Hbbr.start(HbbrSettings.from(SettingsSources.builder().environment(e).build()),
                keySource.key(), dir, new int[] {0, 0});
        try {
            e.put("RELAY_SERVERS", "127.0.0.1:" + hbbr.server().tcpAddress().getPort());
            Hbbs hbbs = Hbbs.start(HbbsSettings.from(SettingsSources.builder().environment(e).build()), dir,
                    new int[] {0, 0, 0, 0});
            return new ServerHarness(hbbs, hbbr, key);
        } catch (IOException | RuntimeException ex) {
            hbbr.close();
            throw ex;
        }
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
}
