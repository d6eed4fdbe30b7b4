package io.camreasoner.app;

import io.camreasoner.platform.config.ConfigException;
import io.camreasoner.platform.kafka.KafkaTopics;
import io.camreasoner.platform.kafka.acl.KafkaAccessCheck;
import io.camreasoner.platform.lifecycle.ServiceRunner;
import io.camreasoner.platform.ops.OpsServer;
import io.camreasoner.schemas.Topics;
import io.camreasoner.worker.InferenceWorker;
import io.camreasoner.worker.InferenceWorkerSettings;
import io.camreasoner.worker.config.WorkerConfig;
import io.camreasoner.worker.loop.WorkerSettings;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code camreasoner worker [--option=value...]}: one inference-worker instance against an external
 * Kafka cluster and schema registry, until Ctrl-C or SIGTERM (then the open transaction is finished
 * or aborted). Exit code 0 after a clean stop, 1 when the worker failed, 2 on bad options.
 */
@Command(
    name = "worker",
    mixinStandardHelpOptions = true,
    description = {
      "Run one inference worker: frame windows in, motion events out, exactly once.",
      "Runs against an external Kafka cluster and Confluent-compatible schema registry until Ctrl-C."
    })
final class WorkerCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(WorkerCommand.class);

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(
      paramLabel = "--option=value",
      arity = "0..*",
      description = "Worker options, e.g. --reasoner.backend=geometry --worker.threads=2 (below).")
  List<String> args = new ArrayList<>();

  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new WorkerCommand());
    cli.setUnmatchedOptionsArePositionalParams(true);
    cli.getCommandSpec()
        .usageMessage()
        .footer(
            "",
            "Options (also as environment variables):",
            InferenceWorkerSettings.GROUP.helpText());
    return cli;
  }

  @Override
  public Integer call() throws Exception {
    List<String> rest = new ArrayList<>();
    Map<String, String> values = InferenceWorkerSettings.GROUP.fromArgs(args, rest);
    if (!rest.isEmpty()) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "unknown option or argument '" + rest.get(0) + "' (see --help)");
    }
    WorkerConfig config;
    try {
      config = WorkerConfig.parse(values, System::getenv);
    } catch (ConfigException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    // the outputs must exist before the first transaction; an existing topic is left as it is
    WorkerSettings loop = config.workerSettings();
    KafkaAccessCheck.verify("worker", loop.bootstrapServers(), config.kafkaClient(), loop.acls());
    KafkaTopics.ensure(
        loop.bootstrapServers(),
        config.kafkaClient(),
        List.of(
            Topics.MOTION_EVENTS.withName(loop.outputTopic()),
            Topics.DLQ.withName(loop.dlqTopic())));
    InferenceWorker worker = InferenceWorker.create(config);
    ServiceRunner runner = new ServiceRunner("worker").installShutdownHook();
    runner.start(worker);
    Optional<OpsServer> ops = OpsServer.of(config.options(), worker.registry());
    if (ops.isPresent()) {
      runner.start(ops.get().check("worker", () -> health(worker)));
    }
    PrintWriter out = spec.commandLine().getOut();
    ops.ifPresent(o -> out.printf("metrics=http://%s:%d/metrics%n", o.host(), o.port()));
    out.flush();
    // returns when the runner's hook closed the worker (SIGTERM) or the worker failed on its own
    worker.awaitStopped(Duration.ofDays(365_000));
    runner.close();
    Throwable failure = worker.service().failure();
    if (failure != null) {
      LOG.error("inference worker failed: {}", failure.toString());
      return 1;
    }
    return 0;
  }

  private static OpsServer.HealthCheck.Result health(InferenceWorker worker) {
    if (worker.healthy()) {
      return OpsServer.HealthCheck.Result.up();
    }
    Throwable failure = worker.service().failure();
    return OpsServer.HealthCheck.Result.down(failure == null ? "stopped" : failure.toString());
  }
}
