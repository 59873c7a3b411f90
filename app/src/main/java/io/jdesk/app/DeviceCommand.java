package io.jdesk.app;

import io.jdesk.peer.Device;
import io.jdesk.peer.DeviceListener;
import io.jdesk.peer.SessionInfo;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code jdesk device}: a headless RustDesk device. Registers its ID, accepts logins from official
 * clients and logs the session events; serves file transfer from {@code --share-dir}.
 */
@Command(name = "device", mixinStandardHelpOptions = true,
        description = {"Run a headless RustDesk device: register an ID, accept logins, serve files.",
            "The identity (ID, key pair, password hash) is kept in --identity-dir."})
final class DeviceCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--server", required = true, paramLabel = "HOST[:PORT]",
            description = "ID server (hbbs or jdesk server), port 21116 by default.")
    String server;

    @Option(names = "--key", required = true, paramLabel = "PUBKEY",
            description = "The ID server's public key (the client's \"Key\").")
    String key;

    @Option(names = "--id", paramLabel = "ID", description = "Use this ID (at least 6 characters); default: a random nine-digit ID kept in the identity directory.")
    String id;

    @Option(names = "--password", paramLabel = "PW", defaultValue = "${env:JDESK_DEVICE_PASSWORD}",
            description = "Permanent password (or environment JDESK_DEVICE_PASSWORD); without one a temporary password is printed.")
    String password;

    @Option(names = "--share-dir", paramLabel = "DIR", description = "Serve file transfer from this directory (read-only).")
    Path shareDir;

    @Option(names = "--share-writable", description = "Let controllers write into --share-dir.")
    boolean shareWritable;

    @Option(names = "--identity-dir", paramLabel = "DIR", defaultValue = "jdesk-device",
            description = "Where the identity lives (default: ${DEFAULT-VALUE} in the working directory).")
    Path identityDir;

    @Option(names = "--relay-server", paramLabel = "HOST[:PORT]", description = "Join relays here instead of where the ID server says.")
    String relayServer;

    @Option(names = "--tcp", description = "Register over TCP with KeyExchange instead of UDP.")
    boolean tcp;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Device.Builder b = Device.builder().server(server).key(key).identityDirectory(identityDir).id(id)
                .relayServer(relayServer).tcpRegistration(tcp).listener(new Events(out));
        if (password != null && !password.isEmpty()) {
            b.permanentPassword(password);
        }
        if (shareDir != null) {
            b.shareDirectory(shareDir.toAbsolutePath(), shareWritable);
        }
        Device device = b.build().start();
        out.printf("jdesk device ID %s, server %s%n", device.id(), server);
        device.temporaryPassword().ifPresent(p -> out.printf("  temporary password: %s%n", p));
        if (shareDir != null) {
            out.printf("  sharing %s (%s)%n", shareDir.toAbsolutePath(), shareWritable ? "read-write" : "read-only");
        }
        out.flush();
        HbbsCommand.awaitShutdown(device);
        return 0;
    }

    private static final class Events implements DeviceListener {
        private final PrintWriter out;

        Events(PrintWriter out) {
            this.out = out;
        }

        private void line(String format, Object... args) {
            synchronized (out) {
                out.printf(format + "%n", args);
                out.flush();
            }
        }

        @Override
        public void registered(String id) {
            line("registered as %s", id);
        }

        @Override
        public void sessionStarted(SessionInfo s) {
            line("session started: %s (%s) from %s via %s, %s", s.peerId(), s.peerName(), s.address(), s.path(),
                    s.kind());
        }

        @Override
        public void sessionEnded(SessionInfo s, String reason) {
            line("session ended: %s: %s", s.peerId(), reason);
        }

        @Override
        public void loginRefused(InetSocketAddress from, String reason) {
            line("login refused from %s: %s", from, reason);
        }

        @Override
        public void clipboard(SessionInfo from, String text) {
            line("clipboard from %s: %d characters", from.peerId(), text.length());
        }
    }
}
