package io.jdesk.bench;

import io.jdesk.peer.Controller;
import io.jdesk.peer.Device;
import io.jdesk.peer.Session;
import io.jdesk.peer.internal.PeerLink;
import io.jdesk.peer.internal.rendezvous.Dialer;
import io.jdesk.peer.internal.rendezvous.DialerConfig;
import io.jdesk.peer.testing.ServerHarness;
import io.jdesk.protocol.proto.ConnType;
import java.io.IOException;
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
        // both ends share 127.0.0.1: without JDESK_SAME_IP_LAN=N hbbs takes the LAN shortcut,
        // whose FetchLocalAddr carries no force_relay, so the device would wait 18 s on a LAN
        // listener per connect while the controller asks for a relay
        Map<String, String> env = path.equals("lan") ? Map.of() : Map.of("JDESK_SAME_IP_LAN", "N");
        String password = "bench-password";
        try (ServerHarness servers = ServerHarness.start(dir, env);
                Device device = Device.builder().server(servers.rendezvous()).key(servers.key())
                        .identityDirectory(dir.resolve("device")).permanentPassword(password).build().start()) {
            while (!device.registered()) {
                Thread.sleep(20);
            }
            boolean relay = path.equals("relay");
            Controller controller = Controller.builder().server(servers.rendezvous()).key(servers.key())
                    .forceRelay(relay).build();
            Dialer dialer = new Dialer(DialerConfig.of(servers.rendezvous(), servers.key()).withForceRelay(relay));
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
}
