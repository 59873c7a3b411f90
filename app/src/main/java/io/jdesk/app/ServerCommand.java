package io.jdesk.app;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code jdesk server}: hbbs and hbbr in one process. Lands with the server issues. */
@Command(
        name = "server",
        description = "Run hbbs and hbbr in one process (rendezvous + relay; not yet implemented).")
final class ServerCommand implements Callable<Integer> {

    /** Exit code for "this command exists but is not implemented yet". */
    static final int NOT_YET = 3;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println(
                "jdesk server: not yet implemented. The rendezvous (hbbs) and relay (hbbr) servers are"
                        + " being built; this build has the protocol foundation and the tools"
                        + " genkeypair, validatekeypair and decode.");
        return NOT_YET;
    }
}
