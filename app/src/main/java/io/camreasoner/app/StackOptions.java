package io.camreasoner.app;

import io.camreasoner.ingest.IngestSettings;
import io.camreasoner.ingest.pipeline.StreamIngestor;
import io.camreasoner.stack.PipelineStack;
import io.camreasoner.worker.InferenceWorkerSettings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * Options shared by {@code analyze} and {@code up} (a picocli mixin): the reasoner backend, how the
 * inputs are read, and the Kafka cluster and schema registry to use instead of the embedded ones.
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
      names = "--ingest-option",
      paramLabel = "NAME=VALUE",
      description =
          "How the inputs are read (repeatable): a source.*, window.* or cuts.* option of"
              + " camreasoner ingest, e.g. source.max-reconnects=10 or source.hls-start=first.")
  Map<String, String> ingestOptions = new LinkedHashMap<>();

  /** The prefixes of the ingest options that shape how inputs are read. */
  private static final List<String> INGEST_PREFIXES = List.of("source.", "window.", "cuts.");

  /** The ingest settings of {@code --ingest-option}s; a usage error names a bad one. */
  StreamIngestor.Settings ingestSettings(CommandLine cli) {
    for (String name : ingestOptions.keySet()) {
      if (INGEST_PREFIXES.stream().noneMatch(name::startsWith)) {
        throw new CommandLine.ParameterException(
            cli, "--ingest-option " + name + ": only " + INGEST_PREFIXES + " options are taken");
      }
    }
    try {
      return IngestSettings.pipeline(IngestSettings.GROUP.parse(ingestOptions, name -> null));
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(cli, "--ingest-option: " + e.getMessage());
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
    validate(cli);
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
        true);
  }
}
