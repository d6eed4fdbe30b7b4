package io.camreasoner.app;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Subcommands whose service is owned by a later issue: each is registered so {@code --help} shows
 * the whole launcher, and says plainly that it is not available in this build (exit code 1) instead
 * of pretending to work.
 */
enum PendingCommand {
  UP("up", "Run the embedded stack (broker, registry, services, dashboard) until Ctrl-C.");

  private final String name;
  private final String description;

  PendingCommand(String name, String description) {
    this.name = name;
    this.description = description;
  }

  String commandName() {
    return name;
  }

  /** A picocli command that accepts any arguments and reports that the command is not available. */
  CommandLine command() {
    NotYetAvailable behaviour = new NotYetAvailable(name);
    CommandSpec spec = CommandSpec.wrapWithoutInspection(behaviour);
    spec.name(name);
    spec.usageMessage().description(description + " (not yet available in this build)");
    spec.addPositional(
        CommandLine.Model.PositionalParamSpec.builder()
            .arity("0..*")
            .paramLabel("ARGS")
            .description("Ignored until the command is available.")
            .build());
    spec.mixinStandardHelpOptions(true);
    behaviour.commandLine = new CommandLine(spec);
    return behaviour.commandLine;
  }

  /** The behaviour of a pending command: one clear line on stderr and exit code 1. */
  static final class NotYetAvailable implements Callable<Integer> {
    private final String name;
    private CommandLine commandLine;

    NotYetAvailable(String name) {
      this.name = name;
    }

    @Override
    public Integer call() {
      commandLine
          .getErr()
          .println(
              "camreasoner "
                  + name
                  + ": not yet available in this build (see the issues in README.md)");
      return 1;
    }
  }
}
