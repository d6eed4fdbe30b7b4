package io.camreasoner.app;

import io.camreasoner.worker.WorkerMain;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code camreasoner worker [--option=value...]}: one inference-worker instance against an external
 * Kafka cluster and schema registry, until Ctrl-C or SIGTERM (then the open transaction is finished
 * or aborted). Options are the worker's declared options (inference-worker/README.md), as {@code
 * --name=value} or environment variables.
 */
@Command(
    name = "worker",
    mixinStandardHelpOptions = true,
    description = {
      "Run one inference worker: frame windows in, motion events out, exactly once.",
      "Runs against an external Kafka cluster and Confluent-compatible schema registry until Ctrl-C."
    },
    footer = {
      "",
      "Options are given as --name=value; the full table is in inference-worker/README.md."
    })
final class WorkerCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(
      paramLabel = "--option=value",
      arity = "0..*",
      description = "Worker options, e.g. --reasoner.backend=geometry --worker.threads=2.")
  List<String> args = new ArrayList<>();

  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new WorkerCommand());
    cli.setUnmatchedOptionsArePositionalParams(true);
    return cli;
  }

  @Override
  public Integer call() throws Exception {
    Map<String, String> options = new LinkedHashMap<>();
    for (String a : args) {
      int eq = a.indexOf('=');
      if (!a.startsWith("--") || eq < 3) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "expected --name=value, got '" + a + "'");
      }
      options.put(a.substring(2, eq), a.substring(eq + 1));
    }
    return WorkerMain.run(options);
  }
}
