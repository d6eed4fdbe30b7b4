package io.camreasoner.app;

import io.camreasoner.ingest.IngestProgress;
import io.camreasoner.ingest.IngestService;
import io.camreasoner.ingest.IngestSettings;
import io.camreasoner.ingest.pipeline.IngestMetrics;
import io.camreasoner.ingest.pipeline.IngestResult;
import io.camreasoner.ingest.publish.KafkaWindowSink;
import io.camreasoner.ingest.source.Source;
import io.camreasoner.ingest.source.Sources;
import io.camreasoner.platform.config.ClusterSettings;
import io.camreasoner.platform.config.ConfigException;
import io.camreasoner.platform.config.SettingGroup;
import io.camreasoner.platform.kafka.KafkaTopics;
import io.camreasoner.platform.kafka.acl.KafkaAccessCheck;
import io.camreasoner.platform.lifecycle.Service;
import io.camreasoner.platform.lifecycle.ServiceRunner;
import io.camreasoner.platform.ops.OpsServer;
import io.camreasoner.schemas.Topic;
import io.camreasoner.schemas.Topics;
import io.camreasoner.schemas.avro.FrameWindow;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code camreasoner ingest [--option=value...] VIDEO|DIR|URL...}: the ingest service alone against
 * an external Kafka cluster and schema registry. Exit code 0 when every input was ingested, 1 when
 * some failed (the others still were), 2 on usage errors.
 */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description = {
      "Decode videos, directories or live URLs, detect hard cuts and publish frame windows to Kafka.",
      "Runs against an external Kafka cluster and Confluent-compatible schema registry."
    })
final class IngestCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(
      paramLabel = "INPUT",
      arity = "0..*",
      description =
          "Files, directories (recursive) or live URLs; options as --name=value (see below).")
  List<String> args = new ArrayList<>();

  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new IngestCommand());
    cli.setUnmatchedOptionsArePositionalParams(true);
    cli.getCommandSpec()
        .usageMessage()
        .footer("", "Options (also as environment variables):", IngestSettings.GROUP.helpText());
    return cli;
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    List<String> inputs = new ArrayList<>();
    Map<String, String> values = IngestSettings.GROUP.fromArgs(args, inputs);
    for (String input : inputs) {
      if (input.startsWith("--")) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "unknown option '" + input + "' (see --help)");
      }
    }
    if (inputs.isEmpty()) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "no input: name at least one video, directory or URL");
    }
    SettingGroup.Config cfg;
    Map<String, String> kafkaClient;
    try {
      cfg = IngestSettings.GROUP.parse(values, System::getenv);
      kafkaClient = ClusterSettings.kafkaClient(cfg);
    } catch (ConfigException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    String live = cfg.get(IngestSettings.LIVE);
    String streamId = cfg.get(IngestSettings.STREAM_ID);
    List<Source> sources =
        Sources.expand(
            inputs,
            streamId.isBlank() ? null : streamId,
            "auto".equals(live) ? null : Boolean.valueOf(live));
    Topic<String, FrameWindow> topic = Topics.FRAME_WINDOWS.withName(cfg.get(IngestSettings.TOPIC));
    String bootstrap = cfg.get(IngestSettings.BOOTSTRAP);
    KafkaAccessCheck.verify("ingest", bootstrap, kafkaClient, IngestSettings.acls(cfg));
    KafkaTopics.ensure(bootstrap, kafkaClient, List.of(topic));
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    List<IngestResult> results;
    try (ServiceRunner runner = new ServiceRunner("ingest").installShutdownHook();
        IngestProgress progress =
            new IngestProgress(
                sources.size(), IngestProgress.onTerminal(), Duration.ofSeconds(10))) {
      KafkaWindowSink sink =
          new KafkaWindowSink(
              bootstrap, topic, ClusterSettings.serdes(cfg), Map.copyOf(kafkaClient));
      runner.start(Service.of("window producer", () -> {}, sink));
      IngestService service =
          runner.start(
              new IngestService(
                  IngestSettings.pipeline(cfg),
                  sink,
                  new IngestMetrics(registry),
                  cfg.get(IngestSettings.THREADS)));
      Optional<OpsServer> ops = OpsServer.of(cfg, registry);
      if (ops.isPresent()) {
        runner.start(ops.get().check("ingest", OpsServer.HealthCheck.Result::up));
      }
      results = service.ingestAll(sources, progress);
    }
    int failed = 0;
    for (IngestResult r : results) {
      if (r.ok()) {
        out.printf(
            "ok     %s  stream=%s frames=%d windows=%d cuts=%d%s%n",
            r.source(),
            r.streamId(),
            r.frames(),
            r.windows(),
            r.cuts().size(),
            r.decodeErrors() > 0 ? " skipped-packets=" + r.decodeErrors() : "");
      } else {
        failed++;
        out.printf("FAILED %s  %s%n", r.source(), r.error());
      }
    }
    out.flush();
    return failed == 0 ? 0 : 1;
  }
}
