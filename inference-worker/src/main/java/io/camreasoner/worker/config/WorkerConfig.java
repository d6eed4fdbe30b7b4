package io.camreasoner.worker.config;

import static io.camreasoner.worker.InferenceWorkerSettings.*;

import io.camreasoner.platform.config.ClusterSettings;
import io.camreasoner.platform.config.SettingGroup;
import io.camreasoner.worker.InferenceWorkerSettings;
import io.camreasoner.worker.backend.model.ModelSettings;
import io.camreasoner.worker.backend.vlm.VlmSettings;
import io.camreasoner.worker.loop.WorkerSettings;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The inference worker's configuration, parsed once from the options {@link
 * InferenceWorkerSettings} declares into the settings of the loop, of each backend, of the Kafka
 * clients and of the serdes. Immutable; bad options fail at parse time with one message naming
 * every bad option ({@link io.camreasoner.platform.config.ConfigException}).
 *
 * @param options the parsed options (ops endpoints, anything read directly)
 * @param backend the chosen backend: one of {@link InferenceWorkerSettings#BACKENDS}
 * @param workerSettings the consumer loop's settings
 * @param vlmSettings the vlm backend's settings (the API key read from the environment)
 * @param modelSettings the model backend's settings
 * @param kafkaClient extra properties of every Kafka client: {@code kafka.config-file} with {@code
 *     kafka.client.*} over it
 * @param serdeProperties the Avro serdes' properties: registry URL and credentials, {@code serde.*}
 */
public record WorkerConfig(
    SettingGroup.Config options,
    String backend,
    WorkerSettings workerSettings,
    VlmSettings vlmSettings,
    ModelSettings modelSettings,
    Map<String, String> kafkaClient,
    Map<String, Object> serdeProperties) {

  public WorkerConfig {
    kafkaClient = Map.copyOf(kafkaClient);
    serdeProperties = Map.copyOf(serdeProperties);
  }

  /**
   * Parses option values (command line or files, by name) over the environment ({@code
   * CAMREASONER_*}) and the defaults.
   *
   * @param env the environment: options and the variable {@code vlm.api-key-env} names
   * @throws io.camreasoner.platform.config.ConfigException naming every bad or unknown option
   */
  public static WorkerConfig parse(Map<String, String> values, Function<String, String> env) {
    return of(GROUP.parse(values, env), env);
  }

  /**
   * The configuration of options parsed with {@link InferenceWorkerSettings#GROUP}.
   *
   * @param env reads the variable {@code vlm.api-key-env} names
   * @throws io.camreasoner.platform.config.ConfigException when {@code kafka.config-file} cannot be
   *     read
   */
  public static WorkerConfig of(SettingGroup.Config c, Function<String, String> env) {
    int threads = c.get(THREADS);
    String instance = c.get(INSTANCE_ID);
    WorkerSettings loop =
        new WorkerSettings(
            c.get(ClusterSettings.BOOTSTRAP),
            c.get(GROUP_ID),
            instance,
            c.get(TOPIC_FRAME_WINDOWS),
            c.get(TOPIC_MOTION_EVENTS),
            c.get(TOPIC_DLQ),
            threads == 0 ? Runtime.getRuntime().availableProcessors() : threads,
            c.get(BATCH_MAX_SIZE),
            c.get(BATCH_MAX_WAIT),
            c.get(QUEUE_CAPACITY),
            c.get(POLL_TIMEOUT),
            c.get(RETRY_MAX),
            c.get(RETRY_BACKOFF),
            c.get(SHUTDOWN_TIMEOUT),
            "inference-worker-" + instance);
    String keyVariable = c.get(VLM_API_KEY_ENV);
    String key = keyVariable.isBlank() ? null : env.apply(keyVariable);
    VlmSettings vlm =
        new VlmSettings(
            URI.create(c.get(VLM_URL).trim()),
            c.get(VLM_MODEL),
            key == null ? "" : key,
            c.get(VLM_PROMPT_MODE),
            c.get(VLM_MAX_TOKENS),
            c.get(VLM_MAX_IMAGES),
            c.get(VLM_TIMEOUT),
            c.get(VLM_MAX_RETRIES),
            c.get(VLM_RETRY_BACKOFF),
            c.get(VLM_MAX_CONCURRENCY),
            c.get(VLM_INPUT),
            c.get(VLM_LOGPROBS));
    String path = c.get(MODEL_PATH);
    ModelSettings model =
        new ModelSettings(
            path.isBlank() ? null : Path.of(path),
            c.get(MODEL_ENGINE),
            c.get(MODEL_THRESHOLD),
            c.get(MODEL_MAX_BATCH),
            c.get(MODEL_ENSEMBLE),
            c.get(MODEL_ENSEMBLE_WEIGHT),
            c.get(MODEL_ENSEMBLE_ZOOM_DOLLY_WEIGHT));
    Map<String, Object> serdes = new LinkedHashMap<>(ClusterSettings.registryClient(c));
    serdes.putAll(c.prefixed(SERDE_PREFIX));
    return new WorkerConfig(
        c, c.get(BACKEND), loop, vlm, model, ClusterSettings.kafkaClient(c), serdes);
  }
}
