package io.camreasoner.worker;

import io.camreasoner.platform.config.ClusterSettings;
import io.camreasoner.platform.config.Setting;
import io.camreasoner.platform.config.SettingGroup;
import io.camreasoner.platform.ops.OpsServer;
import io.camreasoner.schemas.Topics;
import io.camreasoner.worker.backend.model.ModelEnsemble;
import io.camreasoner.worker.backend.vlm.FrameInput;
import io.camreasoner.worker.backend.vlm.PromptMode;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * Every option of the inference worker, declared once (name, default, doc, validation): the README
 * table, {@code camreasoner worker --help} and the deployment checks come from here, and {@link
 * io.camreasoner.worker.config.WorkerConfig} parses them once into the settings of the loop and the
 * backends.
 */
public final class InferenceWorkerSettings {
  private InferenceWorkerSettings() {}

  /** The accepted values of {@code reasoner.backend}. */
  public static final List<String> BACKENDS = List.of("geometry", "model", "vlm");

  /** Prefix of options passed to the Avro serdes, e.g. {@code serde.basic.auth.user.info}. */
  public static final String SERDE_PREFIX = "serde.";

  public static final Setting<String> TOPIC_FRAME_WINDOWS =
      Setting.string(
              "topics.frame-windows", Topics.FRAME_WINDOWS.name(), "Input topic of frame windows.")
          .notBlank();
  public static final Setting<String> TOPIC_MOTION_EVENTS =
      Setting.string(
              "topics.motion-events", Topics.MOTION_EVENTS.name(), "Output topic of motion events.")
          .notBlank();
  public static final Setting<String> TOPIC_DLQ =
      Setting.string("topics.dlq", Topics.DLQ.name(), "Dead-letter topic.").notBlank();
  public static final Setting<String> GROUP_ID =
      Setting.string(
              "worker.group-id",
              "camreasoner-worker",
              "Consumer group shared by all worker instances.")
          .notBlank();
  public static final Setting<String> INSTANCE_ID =
      Setting.string(
              "worker.instance-id",
              "0",
              "Id of this instance, unique in the group and stable across restarts (part of the"
                  + " transactional id: a restart aborts what the previous run left open).")
          .notBlank();
  public static final Setting<Integer> THREADS =
      Setting.integer(
              "worker.threads", 0, "Processing threads, one backend each; 0 = number of cores.")
          .range(0, 1024);
  public static final Setting<Integer> BATCH_MAX_SIZE =
      Setting.integer("worker.batch.max-size", 8, "Most windows per backend call.").range(1, 4096);
  public static final Setting<Duration> BATCH_MAX_WAIT =
      Setting.positiveDuration(
          "worker.batch.max-wait",
          "20ms",
          "How long a thread waits to fill a batch once it has a window.");
  public static final Setting<Integer> QUEUE_CAPACITY =
      Setting.integer(
              "worker.queue.capacity",
              16,
              "Queued windows per partition before the partition is paused.")
          .range(1, 1_000_000);
  public static final Setting<Duration> POLL_TIMEOUT =
      Setting.positiveDuration(
          "worker.poll-timeout",
          "100ms",
          "Consumer poll timeout; also the longest time between transaction commits.");
  public static final Setting<Integer> RETRY_MAX =
      Setting.integer(
              "worker.retry.max",
              3,
              "Retries of a retriable backend failure before the window is dead-lettered.")
          .range(0, 1000);
  public static final Setting<Duration> RETRY_BACKOFF =
      Setting.positiveDuration(
          "worker.retry.backoff", "200ms", "First back-off between retries, doubled each time.");
  public static final Setting<Duration> SHUTDOWN_TIMEOUT =
      Setting.positiveDuration(
          "worker.shutdown-timeout",
          "30s",
          "How long shutdown waits for in-flight batches before aborting.");
  public static final Setting<String> BACKEND =
      Setting.choice(
          "reasoner.backend", "geometry", BACKENDS, "Reasoner backend: geometry, model or vlm.");
  public static final Setting<String> VLM_URL =
      Setting.string(
              "vlm.url",
              "http://localhost:8000/v1/chat/completions",
              "OpenAI-compatible chat-completions endpoint.")
          .validate(InferenceWorkerSettings::isHttpUrl, "must be an http(s) URL");
  public static final Setting<String> VLM_MODEL =
      Setting.string("vlm.model", "CamReasoner-7B", "Served model name sent as `model`.")
          .notBlank();
  public static final Setting<String> VLM_API_KEY_ENV =
      Setting.variableName(
          "vlm.api-key-env",
          "CAMREASONER_VLM_API_KEY",
          "Name of the environment variable holding the API key (unset or empty = no key).");
  public static final Setting<PromptMode> VLM_PROMPT_MODE =
      Setting.choice(
          "vlm.prompt.mode",
          PromptMode.MULTIPLE_CHOICE,
          PromptMode::configValue,
          "multiple-choice (one call per window) or per-primitive (14 yes/no calls).");
  public static final Setting<Integer> VLM_MAX_IMAGES =
      Setting.integer("vlm.max-images", 8, "Most frames sent per window (evenly sub-sampled).")
          .range(1, 256);
  public static final Setting<Integer> VLM_MAX_TOKENS =
      Setting.integer("vlm.max-tokens", 1024, "`max_tokens` of each request.").range(1, 1_000_000);
  public static final Setting<Duration> VLM_TIMEOUT =
      Setting.positiveDuration("vlm.timeout", "60s", "Timeout of one request.");
  public static final Setting<Integer> VLM_MAX_RETRIES =
      Setting.integer("vlm.max-retries", 3, "Retries on 429, 5xx, timeouts and I/O errors.")
          .range(0, 1000);
  public static final Setting<Duration> VLM_RETRY_BACKOFF =
      Setting.positiveDuration(
          "vlm.retry-backoff", "500ms", "First back-off between retries, doubled each time.");
  public static final Setting<Integer> VLM_MAX_CONCURRENCY =
      Setting.integer("vlm.max-concurrency", 16, "Requests in flight at once over all threads.")
          .range(1, 100_000);
  public static final Setting<FrameInput> VLM_INPUT =
      Setting.choice(
          "vlm.input",
          FrameInput.IMAGES,
          FrameInput::configValue,
          "How the frames are sent: images (one image_url part each) or video (one MP4 video_url"
              + " part, as CamReasoner was trained; vLLM serves it for Qwen2.5-VL models).");
  public static final Setting<Boolean> VLM_LOGPROBS =
      Setting.bool(
          "vlm.logprobs",
          true,
          "Ask for token log probabilities and score each answer by the probability of its option"
              + " letter (false: fixed scores, for servers that refuse logprobs).");
  public static final Setting<String> MODEL_PATH =
      Setting.string(
          "model.path",
          "",
          "The motion classifier (.onnx, or a TensorRT engine); empty = the shipped model"
              + " (training/README.md).");
  public static final Setting<String> MODEL_ENGINE =
      Setting.string(
              "model.engine", "OnnxRuntime", "DJL engine: OnnxRuntime, or TensorRT on GPU hosts.")
          .notBlank();
  public static final Setting<Double> MODEL_THRESHOLD =
      Setting.decimal("model.threshold", 0.5, "Score at or above which a motion label is chosen.")
          .validate(v -> v > 0 && v < 1, "must be a number in (0, 1)");
  public static final Setting<Integer> MODEL_MAX_BATCH =
      Setting.integer("model.max-batch", 32, "Most windows per model call.").range(1, 4096);
  public static final Setting<ModelEnsemble> MODEL_ENSEMBLE =
      Setting.choice(
          "model.ensemble",
          ModelEnsemble.GEOMETRY,
          ModelEnsemble::configName,
          "geometry (blend in the geometric reasoner's scores: best measured) or none (the model"
              + " alone).");
  public static final Setting<Double> MODEL_ENSEMBLE_WEIGHT =
      Setting.decimal(
              "model.ensemble.weight",
              0.5,
              "The model's weight in the blend with geometry, in (0, 1].")
          .validate(v -> v > 0 && v <= 1, "must be a number in (0, 1]");
  public static final Setting<Double> MODEL_ENSEMBLE_ZOOM_DOLLY_WEIGHT =
      Setting.decimal(
              "model.ensemble.zoom-dolly-weight",
              0.7,
              "The model's weight in the blend for the zoom and dolly labels, in (0, 1]: the model"
                  + " tells a dolly from a zoom better than the geometry.")
          .validate(v -> v > 0 && v <= 1, "must be a number in (0, 1]");

  /** {@code ops.port} with the worker's own default (the port its images expose). */
  public static final Setting<Integer> OPS_PORT = OpsServer.PORT.withDefault(8082);

  /** The worker group, with the shared cluster options and the ops endpoint settings. */
  public static final SettingGroup GROUP =
      SettingGroup.of(
              "worker",
              ClusterSettings.BOOTSTRAP,
              ClusterSettings.KAFKA_CONFIG_FILE,
              ClusterSettings.REGISTRY_URL,
              ClusterSettings.REGISTRY_AUTH,
              TOPIC_FRAME_WINDOWS,
              TOPIC_MOTION_EVENTS,
              TOPIC_DLQ,
              GROUP_ID,
              INSTANCE_ID,
              THREADS,
              BATCH_MAX_SIZE,
              BATCH_MAX_WAIT,
              QUEUE_CAPACITY,
              POLL_TIMEOUT,
              RETRY_MAX,
              RETRY_BACKOFF,
              SHUTDOWN_TIMEOUT,
              BACKEND,
              VLM_URL,
              VLM_MODEL,
              VLM_API_KEY_ENV,
              VLM_PROMPT_MODE,
              VLM_MAX_IMAGES,
              VLM_MAX_TOKENS,
              VLM_TIMEOUT,
              VLM_MAX_RETRIES,
              VLM_RETRY_BACKOFF,
              VLM_MAX_CONCURRENCY,
              VLM_INPUT,
              VLM_LOGPROBS,
              MODEL_PATH,
              MODEL_ENGINE,
              MODEL_THRESHOLD,
              MODEL_MAX_BATCH,
              MODEL_ENSEMBLE,
              MODEL_ENSEMBLE_WEIGHT,
              MODEL_ENSEMBLE_ZOOM_DOLLY_WEIGHT,
              OPS_PORT)
          .with(ClusterSettings.GROUP, OpsServer.SETTINGS)
          .withPrefix(
              SERDE_PREFIX,
              "One property for the Avro serdes, e.g. serde.basic.auth.user.info=user:password"
                  + " (wins over schema.registry.basic-auth).");

  private static boolean isHttpUrl(String text) {
    try {
      String scheme = URI.create(text.trim()).getScheme();
      return scheme != null && (scheme.equals("http") || scheme.equals("https"));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
