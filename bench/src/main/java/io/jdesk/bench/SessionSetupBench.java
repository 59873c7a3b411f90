package io.jdesk.bench;

import io.jdesk.peer.Controller;
import io.jdesk.peer.Device;
import io.jdesk.peer.Session;
import io.jdesk.peer.internal.PeerLink;
import io.jdesk.peer.internal.rendezvous.Dialer;
import io.jdesk.peer.internal.rendezvous.DialerConfig;
import io.jdesk.protocol.crypto.KeyFiles;
import io.jdesk.protocol.proto.ConnType;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Session setup time (issue 6): {@code Controller.connect} until PeerInfo has arrived, through
 * the relay (or another path) on loopback, against jdesk hbbs + hbbr and a {@code Device} in this
 * process. The baseline in the same run is {@code Dialer.dial} alone — rendezvous plus relay
 * pairing without the handshake and login — so the ratio shows what the handshake and login add.
 *
 * <pre>
 * java -cp bench/target/jdesk-bench.jar io.jdesk.bench.SessionSetupBench [--connects 200] [--warmup 20]
 *      [--path relay|lan|direct]
 * </pre>
 */
public final class SessionSetupBench {

    private SessionSetupBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int connects = Integer.parseInt(o.getOrDefault("connects", "200"));
        int warmup = Integer.parseInt(o.getOrDefault("warmup", "20"));
        String path = o.getOrDefault("path", "relay");
        Path dir = Files.createTempDirectory("jdesk-session-bench");
        String key = KeyFiles.loadOrGenerate(dir).publicKeyBase64();
        Map<String, String> env = new HashMap<>(Map.of("BIND", "127.0.0.1", "TEST_HBBS", "no",
                "DB_URL", dir.resolve("db_v2.sqlite3").toString()));
        if (!path.equals("lan")) {
            // both ends share 127.0.0.1: without this hbbs takes the LAN shortcut, whose
            // FetchLocalAddr carries no force_relay, so the device would wait 18 s on a LAN
            // listener per connect while the controller asks for a relay
            env.put("JDESK_SAME_IP_LAN", "N");
        }
        HbbsSettings keySource = HbbsSettings.from(SettingsSources.builder().environment(env).build());
        try (Hbbr hbbr = Hbbr.start(HbbrSettings.from(SettingsSources.builder().environment(env).build()),
                keySource.key(), dir, new int[] {0, 0})) {
            env.put("RELAY_SERVERS", "127.0.0.1:" + hbbr.server().tcpAddress().getPort());
            HbbsSettings settings = HbbsSettings.from(SettingsSources.builder().environment(env).build());
            int port = freeMainPort();
            Hbbs started = null;
            for (int attempt = 0; started == null; attempt++) {
                try {
                    started = Hbbs.start(settings, dir, new int[] {port, port, port - 1, 0});
                } catch (IllegalStateException taken) { // the port went to someone else meanwhile
                    if (attempt == 5) {
                        throw taken;
                    }
                    port = freeMainPort();
                }
            }
            try (Hbbs hbbs = started) {
                String server = "127.0.0.1:" + port;
                String password = "bench-password";
                try (Device device = Device.builder().server(server).key(key).identityDirectory(dir.resolve("device"))
                        .permanentPassword(password).build().start()) {
                    while (!device.registered()) {
                        Thread.sleep(20);
                    }
                    boolean relay = path.equals("relay");
                    Controller controller = Controller.builder().server(server).key(key).forceRelay(relay).build();
                    Dialer dialer = new Dialer(DialerConfig.of(server, key).withForceRelay(relay));
                    for (int i = 0; i < warmup; i++) {
                        connectOnce(controller, device.id(), password);
                        dialOnce(dialer, device.id());
                    }
                    long[] full = new long[connects];
                    long[] dial = new long[connects];
                    for (int i = 0; i < connects; i++) { // interleaved, so drift hits both alike
                        full[i] = connectOnce(controller, device.id(), password);
                        dial[i] = dialOnce(dialer, device.id());
                    }
                    report(path, connects, full, dial);
                }
            }
        }
        System.exit(0);
    }

    static long connectOnce(Controller controller, String id, String password) throws IOException {
        long t0 = System.nanoTime();
        try (Session s = controller.connect(id, password)) {
            long t = System.nanoTime() - t0;
            if (s.peer().displays().isEmpty()) {
                throw new IllegalStateException("no PeerInfo");
            }
            return t;
        }
    }

    static long dialOnce(Dialer dialer, String id) throws IOException {
        long t0 = System.nanoTime();
        PeerLink link = dialer.dial(id, ConnType.DEFAULT_CONN);
        long t = System.nanoTime() - t0;
        link.socket().close();
        return t;
    }

    static void report(String path, int n, long[] full, long[] dial) {
        Arrays.sort(full);
        Arrays.sort(dial);
        System.out.printf("session setup via %s, %d connects: connect->PeerInfo median %.1f ms, p99 %.1f ms, max %.1f ms%n",
                path, n, ms(full[n / 2]), ms(full[(int) Math.min(n - 1, Math.ceil(n * 0.99) - 1)]), ms(full[n - 1]));
        System.out.printf("baseline Dialer.dial (rendezvous + %s, no handshake/login): median %.1f ms, p99 %.1f ms%n",
                path, ms(dial[n / 2]), ms(dial[(int) Math.min(n - 1, Math.ceil(n * 0.99) - 1)]));
        System.out.printf("ratio connect/dial (medians): %.2f%n", (double) full[n / 2] / dial[n / 2]);
    }

    static double ms(long nanos) {
        return nanos / 1e6;
    }

    /** A port P free for TCP and UDP with P-1 free too (hbbs's NAT-test port). */
    static int freeMainPort() throws IOException {
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        while (true) {
            try (ServerSocket tcp = new ServerSocket(0, 1, lo);
                    DatagramSocket udp = new DatagramSocket(new InetSocketAddress(lo, tcp.getLocalPort()));
                    ServerSocket nat = new ServerSocket(tcp.getLocalPort() - 1, 1, lo)) {
                return tcp.getLocalPort();
            } catch (IOException taken) {
                // try another
            }
        }
    }
}
