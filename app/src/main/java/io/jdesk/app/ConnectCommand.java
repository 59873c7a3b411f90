package io.jdesk.app;

import io.jdesk.peer.Controller;
import io.jdesk.peer.RemoteFile;
import io.jdesk.peer.Session;
import io.jdesk.peer.SessionKind;
import io.jdesk.peer.SessionListener;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code jdesk connect}: logs in to a device and prints its PeerInfo as JSON, or runs one file or
 * clipboard action, then exits 0. Failures print the official client's text and exit 1.
 */
@Command(name = "connect", mixinStandardHelpOptions = true,
        description = "Log in to a RustDesk device; print its PeerInfo, or run one file or clipboard action.")
final class ConnectCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--server", required = true, paramLabel = "HOST[:PORT]", description = "ID server, port 21116 by default.")
    String server;

    @Option(names = "--key", required = true, paramLabel = "PUBKEY", description = "The ID server's public key.")
    String key;

    @Option(names = "--password", paramLabel = "PW", defaultValue = "${env:JDESK_PASSWORD}",
            description = "The device's password (or environment JDESK_PASSWORD).")
    String password;

    @Option(names = "--relay", description = "Force the relay.")
    boolean relay;

    @Option(names = "--insecure", description = "Go on unencrypted when the device's key does not verify.")
    boolean insecure;

    @Parameters(index = "0", paramLabel = "ID", description = "The device's ID.")
    String id;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Action action = new Action();

    static final class Action {
        @Option(names = "--info", description = "Print PeerInfo as JSON (the default).")
        boolean info;

        @Option(names = "--ls", paramLabel = "PATH", description = "List a directory of the device's shared tree.")
        String ls;

        @Option(names = "--get", arity = "2", paramLabel = "REMOTE LOCAL", description = "Copy a device file here.")
        List<String> get;

        @Option(names = "--put", arity = "2", paramLabel = "LOCAL REMOTE", description = "Copy a local file to the device.")
        List<String> put;

        @Option(names = "--clipboard", paramLabel = "TEXT", description = "Set the device's clipboard.")
        String clipboard;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Controller controller = Controller.builder().server(server).key(key).forceRelay(relay).insecure(insecure)
                .build();
        boolean files = action.ls != null || action.get != null || action.put != null;
        try (Session s = controller.connect(id, password == null ? "" : password,
                files ? SessionKind.FILE_TRANSFER : SessionKind.REMOTE_DESKTOP, new SessionListener() { })) {
            if (action.ls != null) {
                for (RemoteFile f : s.list(action.ls)) {
                    out.printf("%s %12d %s %s%n", f.directory() ? "d" : "-", f.size(), f.modified(), f.name());
                }
            } else if (action.get != null) {
                s.download(action.get.get(0), Path.of(action.get.get(1)));
                out.printf("copied %s:%s to %s%n", id, action.get.get(0), action.get.get(1));
            } else if (action.put != null) {
                s.upload(Path.of(action.put.get(0)), action.put.get(1));
                out.printf("copied %s to %s:%s%n", action.put.get(0), id, action.put.get(1));
            } else if (action.clipboard != null) {
                s.clipboard(action.clipboard);
                out.printf("clipboard of %s set (%d characters)%n", id, action.clipboard.length());
            } else {
                out.println(s.peer().json());
            }
            out.flush();
        }
        return 0;
    }
}
