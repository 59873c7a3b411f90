package io.jdesk.server;

import io.jdesk.server.config.HbbsSettings;
import io.jdesk.server.config.SettingsSources;
import java.nio.file.Path;
import java.util.Map;

/**
 * hbbs in its own JVM for {@link HbbsKillTest}: the working directory {@code args[0]} (key and
 * {@code db_v2.sqlite3} there, as users run it), bound to 127.0.0.1 on ephemeral ports; prints
 * {@code READY <udp port> <tcp port>} once it serves, then runs until it is stopped or killed.
 */
public final class HbbsProcessMain {

    private HbbsProcessMain() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        HbbsSettings s = HbbsSettings.from(SettingsSources.builder().environment(Map.of(
                "DB_URL", dir.resolve("db_v2.sqlite3").toString(), "BIND", "127.0.0.1", "TEST_HBBS", "no")).build());
        Hbbs hbbs = Hbbs.start(s, dir, new int[] {0, 0, 0, 0});
        Runtime.getRuntime().addShutdownHook(new Thread(hbbs::close));
        System.out.println("READY " + hbbs.server().udpAddress().getPort() + " " + hbbs.server().tcpAddress().getPort());
        System.out.flush();
        Thread.currentThread().join();
    }
}
