package io.camreasoner.app;

import io.camreasoner.stack.PipelineStack;
import io.camreasoner.worker.InferenceWorkerSettings;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * Options shared by {@code analyze} and {@code up} (a picocli mixin): the reasoner backend, and the
 * Kafka cluster and schema registry to use instead of the embedded ones.
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
        partitions,
        httpHost,
        httpPort,
        workDir,
        true);
  }
}
