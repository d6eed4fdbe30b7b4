package io.camreasoner.app;

import io.camreasoner.aggregator.AggregatorService;
import io.camreasoner.aggregator.AggregatorSettings;
import io.camreasoner.platform.config.ConfigException;
import io.camreasoner.platform.config.SettingGroup;
import io.camreasoner.platform.kafka.acl.KafkaAccessCheck;
import io.camreasoner.platform.lifecycle.ServiceRunner;
import io.camreasoner.platform.ops.OpsServer;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;
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
    io.camreasoner.aggregator.topology.AggregatorConfig config;
    try {
      cfg = AggregatorSettings.GROUP.parse(values, System::getenv);
      config = AggregatorSettings.config(cfg);
    } catch (ConfigException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    KafkaAccessCheck.verify(
        "aggregator", config.bootstrapServers(), config.kafkaClient(), config.acls());
    AggregatorService service = new AggregatorService(config);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Optional<OpsServer> ops = OpsServer.of(cfg, registry);
    ServiceRunner runner = new ServiceRunner("aggregator").installShutdownHook();
    runner.start(service);
    new KafkaStreamsMetrics(service.streams()).bindTo(registry);
    if (ops.isPresent()) {
      runner.start(ops.get().check("streams", () -> streamsHealth(service.streams().state())));
    }
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        "dashboard=http://%s:%d/%n", cfg.get(AggregatorSettings.HTTP_HOST), service.httpPort());
    ops.ifPresent(o -> out.printf("metrics=http://%s:%d/metrics%n", o.host(), o.port()));
    out.flush();
    // returns on SIGTERM (the runner's hook), or when Kafka refused the instance
    while (!runner.awaitShutdown(1, TimeUnit.SECONDS)) {
      if (service.failure() != null) {
        runner.close();
        throw new IllegalStateException(service.failure());
      }
    }
    return 0;
  }

  /** Up while the Streams client runs or rebalances; down when it is starting, failed or closed. */
  static OpsServer.HealthCheck.Result streamsHealth(KafkaStreams.State state) {
    return AggregatorService.serving(state)
        ? OpsServer.HealthCheck.Result.up()
        : OpsServer.HealthCheck.Result.down("kafka streams " + state);
  }
}
