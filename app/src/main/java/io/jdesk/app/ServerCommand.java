package io.jdesk.app;

import io.jdesk.server.Hbbs;
import io.jdesk.server.config.HbbsCatalogue;
import io.jdesk.server.config.HbbsSettings;
import io.jdesk.server.config.SettingsSources;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code jdesk server}: the main job — hbbs (and, when it lands, hbbr on P+1) in one process,
 * with keys and the SQLite peer database in the current working directory. Takes hbbs's flags
 * and settings. Prints the listening ports and the public key users paste into the client's
 * "Key" field, then runs until SIGTERM/SIGINT.
 */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = "Run the main job: rendezvous server (hbbs) in the working directory; relay to follow.")
final class ServerCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path workDir = Path.of("").toAbsolutePath();
        HbbsSettings settings = HbbsSettings.from(SettingsSources.load(
                CatalogueOptions.given(spec.commandLine().getParseResult(), HbbsCatalogue.CATALOGUE),
                System.getenv(), workDir));
        Hbbs hbbs = Hbbs.start(settings, workDir, null);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("jdesk server running in %s%n", workDir);
        out.printf("  hbbs: udp+tcp %d, tcp %d (NAT test/online), websocket %d%n",
                hbbs.server().udpAddress().getPort(), hbbs.server().natAddress().getPort(),
                hbbs.server().wsAddress().getPort());
        out.printf("  Key (paste into the client's \"Key\" field): %s%n", hbbs.publicKey().orElse("(none)"));
        out.flush();
        HbbsCommand.awaitShutdown(hbbs);
        return 0;
    }
}
