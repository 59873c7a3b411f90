package io.jdesk.app;

import io.jdesk.server.Hbbs;
import io.jdesk.server.config.HbbsCatalogue;
import io.jdesk.server.config.HbbsSettings;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code jdesk hbbs}: the rendezvous server with rustdesk-server's flags, config file,
 * {@code .env} and environment, in the current working directory. Runs until SIGTERM/SIGINT.
 */
@Command(name = "hbbs", mixinStandardHelpOptions = true, description = "Run the rendezvous (ID) server, a drop-in for rustdesk-server's hbbs.")
final class HbbsCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path workDir = CatalogueOptions.workDir();
        HbbsSettings settings = HbbsSettings.from(CatalogueOptions.sources(spec, HbbsCatalogue.CATALOGUE));
        Hbbs hbbs = Hbbs.start(settings, workDir, null);
        awaitShutdown(hbbs);
        return 0;
    }

    /** Blocks until the JVM is asked to stop, then closes {@code server} before it exits. */
    static void awaitShutdown(AutoCloseable server) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception e) {
                System.err.println("jdesk: error while stopping: " + e);
            } finally {
                stopped.countDown();
            }
        }, "jdesk-shutdown"));
        stopped.await();
    }
}
