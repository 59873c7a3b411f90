package io.jdesk.app;

import io.jdesk.server.Hbbr;
import io.jdesk.server.Hbbs;
import io.jdesk.server.config.HbbrSettings;
import io.jdesk.server.config.HbbsCatalogue;
import io.jdesk.server.config.HbbsSettings;
import io.jdesk.server.config.SettingsSources;
import io.jdesk.server.relay.RelayConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code jdesk server}: the main job — hbbs on P (default 21116) and the relay on P+1 (WS P+3)
 * in one process, with keys and the SQLite peer database in the current working directory.
 * Takes hbbs's flags and settings plus hbbr's environment settings (bandwidth); both share
 * hbbs's key, so the relay checks the same {@code licence_key} clients already send (OSS hbbr
 * checks none by default). Prints the ports and the public key users paste into the client's
 * "Key" field, then runs until SIGTERM/SIGINT.
 */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = "Run the main job: rendezvous (hbbs) and relay (hbbr) servers in the working directory.")
final class ServerCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path workDir = CatalogueOptions.workDir();
        SettingsSources sources = CatalogueOptions.sources(spec, HbbsCatalogue.CATALOGUE);
        HbbsSettings hbbsSettings = HbbsSettings.from(sources);
        HbbrSettings hbbrSettings = HbbrSettings.from(sources);
        Hbbs hbbs = Hbbs.start(hbbsSettings, workDir, null);
        Hbbr hbbr;
        try {
            hbbr = Hbbr.start(hbbrSettings, hbbsSettings.key(), workDir,
                    RelayConfig.standardPorts(hbbsSettings.port() + 1));
        } catch (Exception e) {
            hbbs.close();
            throw e;
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf("jdesk server running in %s%n", workDir);
        out.printf("  hbbs: udp+tcp %d, tcp %d (NAT test/online), websocket %d%n",
                hbbs.server().udpAddress().getPort(), hbbs.server().natAddress().getPort(),
                hbbs.server().wsAddress().getPort());
        out.printf("  hbbr: tcp %d, websocket %d%n", hbbr.server().tcpAddress().getPort(),
                hbbr.server().wsAddress().getPort());
        out.printf("  Key (paste into the client's \"Key\" field): %s%n", hbbs.publicKey().orElse("(none)"));
        out.flush();
        HbbsCommand.awaitShutdown(() -> {
            hbbr.close();
            hbbs.close();
        });
        return 0;
    }
}
