package io.camreasoner.worker.config;

import io.camreasoner.platform.config.ClusterSettings;
import io.camreasoner.platform.config.ConfigException;
import io.camreasoner.schemas.serde.AvroSerdeConfig;
import io.camreasoner.worker.backend.model.ModelEnsemble;
import io.camreasoner.worker.backend.model.ModelSettings;
import io.camreasoner.worker.backend.vlm.PromptMode;
import io.camreasoner.worker.backend.vlm.VlmSettings;
import io.camreasoner.worker.loop.WorkerSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Validated worker configuration: values for every {@link WorkerOption} (defaults filled in),
 * parsed into the settings of the loop and the backends. Unknown options and bad values fail at
 * start-up with a message naming the option.
 */
public final class WorkerConfig {

  /** The accepted values of {@code reasoner.backend}. */
  public static final List<String> BACKENDS = List.of("geometry", "model", "vlm");

  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");

  /**
   * Prefix of options passed to both Kafka clients, e.g. {@code kafka.client.security.protocol}.
   */
  public static final String KAFKA_CLIENT_PREFIX = "kafka.client.";

  /** Prefix of options passed to the Avro serdes, e.g. {@code serde.basic.auth.user.info}. */
  public static final String SERDE_PREFIX = "serde.";

  private final Map<WorkerOption, String> values;
  private final Map<String, String> props;
  private final Function<String, String> env;

  private WorkerConfig(
      Map<WorkerOption, String> values, Map<String, String> props, Function<String, String> env) {
    this.values = values;
    this.props = Map.copyOf(props);
    this.env = env;
  }

  /**
   * Extra Kafka client properties: those of {@code kafka.config-file}, with the {@code
   * kafka.client.}-prefixed options (prefix removed) over them.
   */
  public Map<String, Object> kafkaClientOverrides() {
    Map<String, String> given = new java.util.HashMap<>();
    withoutPrefix(KAFKA_CLIENT_PREFIX).forEach((k, v) -> given.put(k, String.valueOf(v)));
    try {
      return Map.copyOf(ClusterSettings.kafkaClient(text(WorkerOption.KAFKA_CONFIG_FILE), given));
    } catch (ConfigException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /**
   * Properties for the Avro serdes: the registry URL, {@code schema.registry.basic-auth} and the
   * {@code serde.}-prefixed options (which win).
   */
  public Map<String, Object> serdeProperties() {
    Map<String, Object> out = new java.util.HashMap<>();
    String auth = text(WorkerOption.REGISTRY_AUTH);
    if (!auth.isEmpty()) {
      out.put(AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE, "USER_INFO");
      out.put(AvroSerdeConfig.BASIC_AUTH_USER_INFO, auth);
    }
    out.putAll(withoutPrefix(SERDE_PREFIX));
    out.put("schema.registry.url", text(WorkerOption.SCHEMA_REGISTRY_URL));
    return out;
  }

  private Map<String, Object> withoutPrefix(String prefix) {
    Map<String, Object> out = new java.util.HashMap<>();
    props.forEach(
        (k, v) -> {
          if (k.startsWith(prefix) && k.length() > prefix.length()) {
            out.put(k.substring(prefix.length()), v);
          }
        });
    return out;
  }

  /**
   * Reads options from {@code props}, then from the environment ({@code CAMREASONER_<NAME>}, dots
   * and dashes as {@code _}), then the defaults (other keys, e.g. {@code kafka.*} client overrides
   * or other services' options, are ignored unless they use a worker prefix and are unknown).
   *
   * @param env reads environment variables (options, the VLM API key)
   * @throws IllegalArgumentException naming the first bad option
   */
  public static WorkerConfig from(Map<String, String> props, Function<String, String> env) {
    Map<String, WorkerOption> byKey =
        java.util.Arrays.stream(WorkerOption.values())
            .collect(Collectors.toMap(WorkerOption::key, o -> o));
    Set<String> ownPrefixes = Set.of("worker.", "vlm.", "model.", "reasoner.");
    for (String k : props.keySet()) {
      if (!byKey.containsKey(k) && ownPrefixes.stream().anyMatch(k::startsWith)) {
        throw new IllegalArgumentException("unknown option " + k);
      }
    }
    Map<WorkerOption, String> values = new EnumMap<>(WorkerOption.class);
    for (WorkerOption o : WorkerOption.values()) {
      String v = props.get(o.key());
      if (v == null) {
        v = env.apply(o.envName());
      }
      values.put(o, (v == null ? o.defaultValue() : v).trim());
    }
    WorkerConfig c = new WorkerConfig(values, props, env);
    c.validate();
    c.kafkaClientOverrides();
    return c;
  }

  private void validate() {
    workerSettings();
    String b = backend();
    if (!BACKENDS.contains(b)) {
      throw bad(WorkerOption.BACKEND, "must be one of " + BACKENDS);
    }
    if (b.equals("vlm")) {
      vlmSettings();
    }
    if (b.equals("model")) {
      modelSettings();
    }
    intValue(WorkerOption.OPS_PORT, -1);
  }

  /** The chosen backend name. */
  public String backend() {
    return text(WorkerOption.BACKEND).toLowerCase(Locale.ROOT);
  }

  /** Port of the ops endpoints; -1 = off, 0 = any free port. */
  public int opsPort() {
    return intValue(WorkerOption.OPS_PORT, -1);
  }

  /** The raw value of an option. */
  public String text(WorkerOption o) {
    return values.get(o);
  }

  /** Settings of the consumer loop. */
  public WorkerSettings workerSettings() {
    int threads = intValue(WorkerOption.THREADS, 0);
    return new WorkerSettings(
        text(WorkerOption.KAFKA_BOOTSTRAP),
        nonEmpty(WorkerOption.GROUP_ID),
        nonEmpty(WorkerOption.INSTANCE_ID),
        nonEmpty(WorkerOption.TOPIC_FRAME_WINDOWS),
        nonEmpty(WorkerOption.TOPIC_MOTION_EVENTS),
        nonEmpty(WorkerOption.TOPIC_DLQ),
        threads == 0 ? Runtime.getRuntime().availableProcessors() : threads,
        intValue(WorkerOption.BATCH_MAX_SIZE, 1),
        duration(WorkerOption.BATCH_MAX_WAIT),
        intValue(WorkerOption.QUEUE_CAPACITY, 1),
        duration(WorkerOption.POLL_TIMEOUT),
        intValue(WorkerOption.RETRY_MAX, 0),
        duration(WorkerOption.RETRY_BACKOFF),
        duration(WorkerOption.SHUTDOWN_TIMEOUT),
        "inference-worker-" + text(WorkerOption.INSTANCE_ID));
  }

  /** Settings of the vlm backend (API key read from the environment). */
  public VlmSettings vlmSettings() {
    URI url;
    try {
      url = URI.create(nonEmpty(WorkerOption.VLM_URL));
      if (url.getScheme() == null || !url.getScheme().startsWith("http")) {
        throw new IllegalArgumentException("not http(s)");
      }
    } catch (IllegalArgumentException e) {
      throw bad(WorkerOption.VLM_URL, "must be an http(s) URL");
    }
    PromptMode mode;
    try {
      mode = PromptMode.fromConfig(text(WorkerOption.VLM_PROMPT_MODE));
    } catch (IllegalArgumentException e) {
      throw bad(WorkerOption.VLM_PROMPT_MODE, "must be multiple-choice or per-primitive");
    }
    String keyVar = text(WorkerOption.VLM_API_KEY_ENV);
    String key = keyVar.isEmpty() ? "" : env.apply(keyVar);
    return new VlmSettings(
        url,
        nonEmpty(WorkerOption.VLM_MODEL),
        key == null ? "" : key,
        mode,
        intValue(WorkerOption.VLM_MAX_TOKENS, 1),
        intValue(WorkerOption.VLM_MAX_IMAGES, 1),
        duration(WorkerOption.VLM_TIMEOUT),
        intValue(WorkerOption.VLM_MAX_RETRIES, 0),
        duration(WorkerOption.VLM_RETRY_BACKOFF),
        intValue(WorkerOption.VLM_MAX_CONCURRENCY, 1));
  }

  /** Settings of the model backend. */
  public ModelSettings modelSettings() {
    String path = text(WorkerOption.MODEL_PATH);
    double threshold = fraction(WorkerOption.MODEL_THRESHOLD, false);
    ModelEnsemble ensemble;
    try {
      ensemble = ModelEnsemble.fromConfig(text(WorkerOption.MODEL_ENSEMBLE));
    } catch (IllegalArgumentException e) {
      throw bad(WorkerOption.MODEL_ENSEMBLE, "must be none or geometry");
    }
    return new ModelSettings(
        path.isEmpty() ? null : Path.of(path),
        nonEmpty(WorkerOption.MODEL_ENGINE),
        threshold,
        intValue(WorkerOption.MODEL_MAX_BATCH, 1),
        ensemble,
        fraction(WorkerOption.MODEL_ENSEMBLE_WEIGHT, true));
  }

  /** A number in (0, 1), or (0, 1] with {@code oneAllowed}. */
  private double fraction(WorkerOption o, boolean oneAllowed) {
    String rule = oneAllowed ? "must be a number in (0, 1]" : "must be a number in (0, 1)";
    double v;
    try {
      v = Double.parseDouble(text(o));
    } catch (NumberFormatException e) {
      throw bad(o, rule);
    }
    if (!(v > 0 && (v < 1 || oneAllowed && v == 1))) {
      throw bad(o, rule);
    }
    return v;
  }

  private String nonEmpty(WorkerOption o) {
    String v = text(o);
    if (v.isEmpty()) {
      throw bad(o, "must not be empty");
    }
    return v;
  }

  private int intValue(WorkerOption o, int min) {
    try {
      int v = Integer.parseInt(text(o));
      if (v < min) {
        throw bad(o, "must be an integer >= " + min);
      }
      return v;
    } catch (NumberFormatException e) {
      throw bad(o, "must be an integer >= " + min);
    }
  }

  /** Parses {@code 250ms}, {@code 30s}, {@code 2m}, {@code 1h} or an ISO-8601 duration. */
  private Duration duration(WorkerOption o) {
    String v = text(o).toLowerCase(Locale.ROOT);
    Matcher m = DURATION.matcher(v);
    Duration d;
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      d =
          switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
          };
    } else {
      try {
        d = Duration.parse(text(o));
      } catch (RuntimeException e) {
        throw bad(o, "must be a duration such as 250ms, 30s, 2m");
      }
    }
    if (d.isNegative() || d.isZero()) {
      throw bad(o, "must be a positive duration");
    }
    return d;
  }

  private IllegalArgumentException bad(WorkerOption o, String why) {
    return new IllegalArgumentException(
        "invalid value '" + text(o) + "' for option " + o.key() + ": " + why);
  }
}
