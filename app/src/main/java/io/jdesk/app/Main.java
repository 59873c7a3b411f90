package io.jdesk.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the runnable jar: {@code java -jar jdesk.jar <command> ...}. */
@Command(
        name = "jdesk",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "RustDesk rendezvous server, relay server and peer tools for the JVM.",
        subcommands = {
            ServerCommand.class,
      HbbsCommand.class,
      HbbrCommand.class,
            GenKeyPairCommand.class,
            ValidateKeyPairCommand.class,
            DecodeCommand.class,
            DeviceCommand.class,
            ConnectCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main {

    public static void main(String[] args) {
        System.exit(newCommandLine().execute(args));
    }

    /** The configured command line; tests call it to run commands in-process. */
    public static CommandLine newCommandLine() {
        CommandLine cmd = new CommandLine(new Main());
        for (String hbbsLike : new String[] {"hbbs", "server"}) {
            CatalogueOptions.addTo(cmd.getSubcommands().get(hbbsLike).getCommandSpec(),
                    io.jdesk.server.config.HbbsCatalogue.CATALOGUE, true);
        }
        CatalogueOptions.addTo(cmd.getSubcommands().get("hbbr").getCommandSpec(),
                io.jdesk.server.config.HbbrCatalogue.CATALOGUE, false);
        return cmd
                // "@file" is decode's input syntax, not picocli's argument-file expansion
                .setExpandAtFiles(false)
                .setExecutionExceptionHandler(Main::reportFailure);
    }

    /**
     * Bad input and failed operations end as one line on stderr and exit code 1, never a stack
     * trace: the users of these tools are operators, not Java developers.
     */
    private static int reportFailure(
            Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        cmd.getErr().println("jdesk " + cmd.getCommandName() + ": " + message);
        return 1;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"jdesk " + (v == null ? "dev" : v)};
        }
    }
}
