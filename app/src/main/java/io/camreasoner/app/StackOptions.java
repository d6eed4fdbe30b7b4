package io.camreasoner.app;

import io.camreasoner.ingest.IngestSettings;
import io.camreasoner.ingest.pipeline.StreamIngestor;
import io.camreasoner.ingest.window.WindowSettings;
import io.camreasoner.platform.config.ClusterSettings;
import io.camreasoner.platform.config.ConfigException;
import io.camreasoner.platform.http.HttpAccess;
import io.camreasoner.stack.PipelineStack;
import io.camreasoner.worker.InferenceWorkerSettings;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * Options shared by {@code analyze}, {@code up} and {@code reprocess} (a picocli mixin): the
 * reasoner backend, how the inputs are read, and the Kafka cluster and schema registry to use
 * instead of the embedded ones, with their security (the services' {@code kafka.config-file},
 * {@code kafka.client.*} and {@code schema.registry.basic-auth}, read from the same {@code
 * CAMREASONER_*} variables).
 */
final class StackOptions {
  @Option(
      names = "--backend",
      defaultValue = "geometry",
      description = "Reasoner backend: geometry, model or vlm (default ${DEFAULT-VALUE}).")
  String backend;

  @Option(
      names = "--bootstrap",
      paramLabel = "HOST:PORT",
      description = "Use this Kafka cluster instead of an embedded broker.")
  String bootstrap;

  @Option(
      names = "--registry",
      paramLabel = "URL",
      description = "Use this schema registry instead of the embedded one.")
  String registryUrl;

  @Option(
      names = "--kafka-config-file",
      paramLabel = "FILE",
      defaultValue = "${env:CAMREASONER_KAFKA_CONFIG_FILE:-}",
      description =
          "With --bootstrap: Kafka client properties file (security.protocol, sasl.*, ssl.*) for"
              + " every Kafka client, as Kafka's own tools take it (default"
              + " $CAMREASONER_KAFKA_CONFIG_FILE).")
  String kafkaConfigFile;

  @Option(
      names = "--kafka-client",
      paramLabel = "NAME=VALUE",
      description =
          "With --bootstrap: one Kafka client property for every Kafka client (repeatable; wins"
              + " over --kafka-config-file), e.g. security.protocol=SASL_SSL.")
  Map<String, String> kafkaClient = new LinkedHashMap<>();

  @Option(
      names = "--registry-basic-auth",
      paramLabel = "USER:PASSWORD",
      defaultValue = "${env:CAMREASONER_SCHEMA_REGISTRY_BASIC_AUTH:-}",
      description =
          "With --registry: basic-auth credentials of the registry (default"
              + " $CAMREASONER_SCHEMA_REGISTRY_BASIC_AUTH).")
  String registryAuth;

  @Option(
      names = "--ingest-option",
      paramLabel = "NAME=VALUE",
      description =
          "How the inputs are read (repeatable): a source.*, window.* or cuts.* option of"
              + " camreasoner ingest, e.g. source.max-reconnects=10 or source.hls-start=first.")
  Map<String, String> ingestOptions = new LinkedHashMap<>();

  /**
   * The ingest settings of {@code --ingest-option}s, every frame in colour for the vlm backend
   * unless {@code window.colour} is given; a usage error names a bad one.
   */
  StreamIngestor.Settings ingestSettings(CommandLine cli) {
    Map<String, String> options = new LinkedHashMap<>(ingestOptions);
    if ("vlm".equals(backend)) {
      // the vlm backend shows the frames to a model that sees colour; the others read grey
      options.putIfAbsent(IngestSettings.COLOUR.name(), WindowSettings.Colour.ALL.optionValue());
    }
    try {
      return IngestSettings.readingOptions(options);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(cli, "--ingest-option " + e.getMessage());
    }
  }

  /** Fails as a usage error on an unknown backend. */
  void validate(CommandLine cli) {
    if (!InferenceWorkerSettings.BACKENDS.contains(backend)) {
      throw new CommandLine.ParameterException(
          cli,
          "--backend must be one of "
              + InferenceWorkerSettings.BACKENDS
              + ", got '"
              + backend
              + "'");
    }
  }

  /** The stack options these choices make; fails as a usage error on an unknown backend. */
  PipelineStack.Options toOptions(
      CommandLine cli,
      Map<String, String> workerOptions,
      int partitions,
      String httpHost,
      int httpPort,
      java.nio.file.Path workDir) {
    return toOptions(cli, workerOptions, partitions, httpHost, httpPort, workDir, false);
  }

  /**
   * The stack options these choices make.
   *
   * @param clusterServices leave inference and timelines to the cluster's own workers and
   *     aggregator (only with {@code --bootstrap})
   */
  PipelineStack.Options toOptions(
      CommandLine cli,
      Map<String, String> workerOptions,
      int partitions,
      String httpHost,
      int httpPort,
      java.nio.file.Path workDir,
      boolean clusterServices) {
    validate(cli);
    if (clusterServices && bootstrap == null) {
      throw new CommandLine.ParameterException(
          cli, "--cluster-services needs --bootstrap (the cluster whose services do the work)");
    }
    return new PipelineStack.Options(
        bootstrap,
        registryUrl,
        backend,
        workerOptions,
        ingestSettings(cli),
        partitions,
        httpHost,
        httpPort,
        workDir,
        !clusterServices,
        !clusterServices,
        kafkaClient(cli),
        registryUrl == null ? null : registryAuth,
        httpAccess(cli));
  }

  /**
   * Who may use the stack's dashboard and APIs: the credentials in {@code $CAMREASONER_HTTP_TOKEN}
   * and {@code $CAMREASONER_HTTP_BASIC_AUTH} (none when unset).
   */
  static HttpAccess httpAccess(CommandLine cli) {
    try {
      return HttpAccess.fromEnvironment(System::getenv);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(cli, e.getMessage());
    }
  }

  /**
   * The Kafka client properties of {@code --kafka-config-file} and {@code --kafka-client} (none
   * with the embedded broker); a usage error names an unreadable file.
   */
  Map<String, String> kafkaClient(CommandLine cli) {
    if (bootstrap == null) {
      return Map.of();
    }
    try {
      return ClusterSettings.kafkaClient(kafkaConfigFile, kafkaClient);
    } catch (ConfigException e) {
      throw new CommandLine.ParameterException(cli, "--kafka-config-file: " + e.getMessage());
    }
  }
}
