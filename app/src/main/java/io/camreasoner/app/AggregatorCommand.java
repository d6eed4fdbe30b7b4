package io.camreasoner.app;

import io.camreasoner.aggregator.AggregatorService;
import io.camreasoner.aggregator.AggregatorSettings;
import io.camreasoner.platform.config.ConfigException;
import io.camreasoner.platform.config.SettingGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code camreasoner aggregator [--option=value...]}: one aggregator instance (Kafka Streams
 * timelines, query API, dashboard) against an external Kafka cluster and schema registry, until
 * Ctrl-C.
 */
@Command(
    name = "aggregator",
    mixinStandardHelpOptions = true,
    description = {
      "Run one aggregator instance: motion events in, shot timelines out, query API and live dashboard.",
      "Runs against an external Kafka cluster and Confluent-compatible schema registry until Ctrl-C."
    })
final class AggregatorCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(
      paramLabel = "--option=value",
      arity = "0..*",
      description = "Aggregator options (see below).")
  List<String> args = new ArrayList<>();

  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new AggregatorCommand());
    cli.setUnmatchedOptionsArePositionalParams(true);
    cli.getCommandSpec()
        .usageMessage()
        .footer(
            "", "Options (also as environment variables):", AggregatorSettings.GROUP.helpText());
    return cli;
  }

  @Override
  public Integer call() throws Exception {
    List<String> rest = new ArrayList<>();
    Map<String, String> values = AggregatorSettings.GROUP.fromArgs(args, rest);
    if (!rest.isEmpty()) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "unknown option or argument '" + rest.get(0) + "' (see --help)");
    }
    SettingGroup.Config cfg;
    try {
      cfg = AggregatorSettings.GROUP.parse(values, System::getenv);
    } catch (ConfigException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    AggregatorService service = new AggregatorService(AggregatorSettings.config(cfg)).start();
    spec.commandLine()
        .getOut()
        .printf(
            "dashboard=http://%s:%d/%n", cfg.get(AggregatorSettings.HTTP_HOST), service.httpPort());
    spec.commandLine().getOut().flush();
    service.awaitTermination();
    return 0;
  }
}
