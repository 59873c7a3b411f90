package io.jdesk.app;

import io.jdesk.server.Hbbr;
import io.jdesk.server.config.HbbrCatalogue;
import io.jdesk.server.config.HbbrSettings;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code jdesk hbbr}: the relay server with rustdesk-server's flags, {@code .env} and
 * environment (bandwidth variables included), in the current working directory (black/blocklist
 * files, {@code id_ed25519} for {@code -k _}). Runs until SIGTERM/SIGINT.
 */
@Command(name = "hbbr", mixinStandardHelpOptions = true,
        description = "Run the relay server, a drop-in for rustdesk-server's hbbr.")
final class HbbrCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path workDir = CatalogueOptions.workDir();
        HbbrSettings settings = HbbrSettings.from(CatalogueOptions.sources(spec, HbbrCatalogue.CATALOGUE));
        Hbbr hbbr = Hbbr.start(settings, settings.key(), workDir, null);
        HbbsCommand.awaitShutdown(hbbr);
        return 0;
    }
}
