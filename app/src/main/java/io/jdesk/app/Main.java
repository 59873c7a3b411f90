package io.jdesk.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the runnable jar: {@code java -jar jdesk.jar <command> ...}. */
@Command(
    name = "jdesk",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "RustDesk rendezvous server, relay server and peer tools for the JVM.",
    subcommands = {CommandLine.HelpCommand.class})
public final class Main {

  public static void main(String[] args) {
    System.exit(newCommandLine().execute(args));
  }

  /** The configured command line; tests call it to run commands in-process. */
  public static CommandLine newCommandLine() {
    return new CommandLine(new Main());
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"jdesk " + (v == null ? "dev" : v)};
    }
  }
}
