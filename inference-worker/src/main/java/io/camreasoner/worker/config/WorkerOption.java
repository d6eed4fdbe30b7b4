package io.camreasoner.worker.config;

import io.camreasoner.platform.config.ClusterSettings;
import io.camreasoner.schemas.Topics;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Every option of the inference worker: name, default and description, declared once. */
public enum WorkerOption {
  KAFKA_BOOTSTRAP("kafka.bootstrap", "localhost:9092", "Kafka bootstrap servers."),
  KAFKA_CONFIG_FILE(
      ClusterSettings.KAFKA_CONFIG_FILE.name(),
      ClusterSettings.KAFKA_CONFIG_FILE.defaultText(),
      ClusterSettings.KAFKA_CONFIG_FILE.doc()),
  SCHEMA_REGISTRY_URL(
      "schema.registry.url",
      "http://localhost:8081",
      "Schema registry (Confluent REST API) of the Avro serdes; options prefixed `serde.` (e.g. `serde.basic.auth.user.info`) go to the serdes, options prefixed `kafka.client.` (e.g. `kafka.client.security.protocol`) to both Kafka clients."),
  REGISTRY_AUTH(
      ClusterSettings.REGISTRY_AUTH.name(),
      ClusterSettings.REGISTRY_AUTH.defaultText(),
      ClusterSettings.REGISTRY_AUTH.doc()),
  TOPIC_FRAME_WINDOWS(
      "topics.frame-windows", Topics.FRAME_WINDOWS.name(), "Input topic of frame windows."),
  TOPIC_MOTION_EVENTS(
      "topics.motion-events", Topics.MOTION_EVENTS.name(), "Output topic of motion events."),
  TOPIC_DLQ("topics.dlq", Topics.DLQ.name(), "Dead-letter topic."),
  GROUP_ID(
      "worker.group-id", "camreasoner-worker", "Consumer group shared by all worker instances."),
  INSTANCE_ID(
      "worker.instance-id",
      "0",
      "Id of this instance, unique in the group and stable across restarts (part of the transactional id: a restart aborts what the previous run left open)."),
  THREADS("worker.threads", "0", "Processing threads, one backend each; 0 = number of cores."),
  BATCH_MAX_SIZE("worker.batch.max-size", "8", "Most windows per backend call."),
  BATCH_MAX_WAIT(
      "worker.batch.max-wait",
      "20ms",
      "How long a thread waits to fill a batch once it has a window."),
  QUEUE_CAPACITY(
      "worker.queue.capacity",
      "16",
      "Queued windows per partition before the partition is paused."),
  POLL_TIMEOUT(
      "worker.poll-timeout",
      "100ms",
      "Consumer poll timeout; also the longest time between transaction commits."),
  RETRY_MAX(
      "worker.retry.max",
      "3",
      "Retries of a retriable backend failure before the window is dead-lettered."),
  RETRY_BACKOFF(
      "worker.retry.backoff", "200ms", "First back-off between retries, doubled each time."),
  SHUTDOWN_TIMEOUT(
      "worker.shutdown-timeout",
      "30s",
      "How long shutdown waits for in-flight batches before aborting."),
  BACKEND("reasoner.backend", "geometry", "Reasoner backend: geometry, model or vlm."),
  VLM_URL(
      "vlm.url",
      "http://localhost:8000/v1/chat/completions",
      "OpenAI-compatible chat-completions endpoint."),
  VLM_MODEL("vlm.model", "CamReasoner-7B", "Served model name sent as `model`."),
  VLM_API_KEY_ENV(
      "vlm.api-key-env",
      "CAMREASONER_VLM_API_KEY",
      "Name of the environment variable holding the API key (unset or empty = no key)."),
  VLM_PROMPT_MODE(
      "vlm.prompt.mode",
      "multiple-choice",
      "multiple-choice (one call per window) or per-primitive (14 yes/no calls)."),
  VLM_MAX_IMAGES("vlm.max-images", "8", "Most frames sent per window (evenly sub-sampled)."),
  VLM_MAX_TOKENS("vlm.max-tokens", "1024", "`max_tokens` of each request."),
  VLM_TIMEOUT("vlm.timeout", "60s", "Timeout of one request."),
  VLM_MAX_RETRIES("vlm.max-retries", "3", "Retries on 429, 5xx, timeouts and I/O errors."),
  VLM_RETRY_BACKOFF(
      "vlm.retry-backoff", "500ms", "First back-off between retries, doubled each time."),
  VLM_MAX_CONCURRENCY("vlm.max-concurrency", "16", "Requests in flight at once over all threads."),
  MODEL_PATH(
      "model.path",
      "",
      "The motion classifier (.onnx, or a TensorRT engine); empty = the shipped model"
          + " (training/README.md)."),
  MODEL_ENGINE("model.engine", "OnnxRuntime", "DJL engine: OnnxRuntime, or TensorRT on GPU hosts."),
  MODEL_THRESHOLD("model.threshold", "0.5", "Score at or above which a motion label is chosen."),
  MODEL_MAX_BATCH("model.max-batch", "32", "Most windows per model call."),
  MODEL_ENSEMBLE(
      "model.ensemble",
      "geometry",
      "geometry (blend in the geometric reasoner's scores: best measured) or none (the model"
          + " alone)."),
  MODEL_ENSEMBLE_WEIGHT(
      "model.ensemble.weight", "0.5", "The model's weight in the blend with geometry, in (0, 1]."),
  OPS_PORT(
      "ops.port",
      "8082",
      "Port of the health and Prometheus endpoints (/health, /metrics); 0 = any free port, -1 = off.");

  private final String key;
  private final String defaultValue;
  private final String description;

  WorkerOption(String key, String defaultValue, String description) {
    this.key = key;
    this.defaultValue = defaultValue;
    this.description = description;
  }

  /** The option's name in configuration. */
  public String key() {
    return key;
  }

  /** The environment variable that sets this option: {@code CAMREASONER_<NAME>}. */
  public String envName() {
    return "CAMREASONER_"
        + key.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /** The default, as text. */
  public String defaultValue() {
    return defaultValue;
  }

  /** What the option does. */
  public String description() {
    return description;
  }

  /** The options as a Markdown table (name, default, description), for the README. */
  public static String markdownTable() {
    return "| option | default | description |\n|---|---|---|\n"
        + Arrays.stream(values())
            .map(o -> "| `" + o.key + "` | `" + o.defaultValue + "` | " + o.description + " |")
            .collect(Collectors.joining("\n"))
        + "\n";
  }
}
