package io.camreasoner.aggregator;

import io.camreasoner.aggregator.topology.AggregatorConfig;
import io.camreasoner.aggregator.topology.AggregatorSerdes;
import io.camreasoner.platform.config.ClusterSettings;
import io.camreasoner.platform.config.ConfigException;
import io.camreasoner.platform.config.Setting;
import io.camreasoner.platform.config.SettingGroup;
import io.camreasoner.platform.http.HttpAccess;
import io.camreasoner.platform.ops.OpsServer;
import io.camreasoner.schemas.Topics;
import io.camreasoner.schemas.serde.AvroSerdeConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Every option of the aggregator service, declared once (name, default, documentation, validation),
 * and the {@link AggregatorConfig} they make: topic defaults from the topic registry,
 * Confluent-wire-format serdes through the schema registry. Configs are made here, from parsed
 * options or from an option map, so every default and every validation message (naming the option
 * as users write it) comes from these declarations.
 */
public final class AggregatorSettings {
  private AggregatorSettings() {}

  public static final Setting<String> BOOTSTRAP = ClusterSettings.BOOTSTRAP;
  public static final Setting<String> REGISTRY_URL = ClusterSettings.REGISTRY_URL;
  public static final Setting<String> REGISTRY_AUTH = ClusterSettings.REGISTRY_AUTH;
  public static final Setting<String> MOTION_EVENTS =
      Setting.string(
              "topics.motion-events", Topics.MOTION_EVENTS.name(), "Input topic of motion events.")
          .notBlank();
  public static final Setting<String> SHOT_TIMELINES =
      Setting.string(
              "topics.shot-timelines",
              Topics.SHOT_TIMELINES.name(),
              "Output topic of shot timelines (compacted).")
          .notBlank();
  public static final Setting<String> DLQ =
      Setting.string("topics.dlq", Topics.DLQ.name(), "Dead-letter topic.").notBlank();
  public static final Setting<String> APPLICATION_ID =
      Setting.string(
              "aggregator.application-id",
              "camreasoner-aggregator",
              "Kafka Streams application id (shared by all instances).")
          .notBlank();
  public static final Setting<String> STATE_DIR =
      Setting.string(
              "aggregator.state-dir",
              "state/aggregator",
              "Directory of the persistent state stores (one per instance).")
          .notBlank();
  public static final Setting<Integer> MIN_SEGMENT_WINDOWS =
      Setting.integer(
              "aggregator.min-segment-windows",
              2,
              "Runs shorter than this many windows are absorbed: between equal labels always (flicker), at a shot's edge or between different labels when their windows still score the longer neighbour's labels at half their own or more (hysteresis).")
          .range(1, 100);
  public static final Setting<Duration> IDLE_CLOSE =
      Setting.positiveDuration(
          "aggregator.idle-close",
          "30s",
          "Close a shot when its stream sent nothing for this long (wall clock).");
  public static final Setting<String> HTTP_HOST =
      Setting.string(
              "http.host",
              "127.0.0.1",
              "Address of the query API and dashboard (0.0.0.0 opens it up).")
          .notBlank();
  public static final Setting<Integer> HTTP_PORT =
      Setting.integer("http.port", 8090, "Port of the query API and dashboard; 0 = any free port.")
          .range(0, 65535);
  public static final Setting<String> ADVERTISED_HOST =
      Setting.string(
              "http.advertised-host",
              "127.0.0.1",
              "Host other aggregator instances use to reach this one's API.")
          .notBlank();

  /** The aggregator group, with the shared cluster options and the ops endpoint settings. */
  public static final SettingGroup GROUP =
      SettingGroup.of(
              "aggregator",
              BOOTSTRAP,
              ClusterSettings.KAFKA_CONFIG_FILE,
              REGISTRY_URL,
              REGISTRY_AUTH,
              MOTION_EVENTS,
              SHOT_TIMELINES,
              DLQ,
              APPLICATION_ID,
              STATE_DIR,
              MIN_SEGMENT_WINDOWS,
              IDLE_CLOSE,
              HTTP_HOST,
              HTTP_PORT,
              ADVERTISED_HOST)
          .with(ClusterSettings.GROUP, OpsServer.SETTINGS, HttpAccess.GROUP);

  /** The service configuration of parsed settings, with registry serdes. */
  public static AggregatorConfig config(SettingGroup.Config c) {
    return config(c, serdes(ClusterSettings.serdes(c)), httpAccess(c));
  }

  /**
   * The access to the query API and dashboard a configuration asks for: the credentials in the
   * environment variables its {@code http.auth.*-env} options name.
   *
   * @throws io.camreasoner.platform.config.ConfigException when a basic-auth value is malformed
   */
  static HttpAccess httpAccess(SettingGroup.Config c) {
    try {
      return HttpAccess.of(c, System::getenv);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("aggregator", List.of(e.getMessage()));
    }
  }

  /**
   * The configuration of these option values (by option name, e.g. {@code http.port}) over the
   * declared defaults, with the given serdes: how a process that embeds the aggregator (or a test)
   * configures it. The environment is not read.
   *
   * @throws io.camreasoner.platform.config.ConfigException naming every bad option
   */
  public static AggregatorConfig config(Map<String, String> options, AggregatorSerdes serdes) {
    return config(GROUP.parse(options, name -> null), serdes, HttpAccess.OPEN);
  }

  private static AggregatorConfig config(
      SettingGroup.Config c, AggregatorSerdes serdes, HttpAccess access) {
    return new AggregatorConfig(
        c.get(APPLICATION_ID),
        c.get(BOOTSTRAP),
        c.get(MOTION_EVENTS),
        c.get(SHOT_TIMELINES),
        c.get(DLQ),
        c.get(MIN_SEGMENT_WINDOWS),
        c.get(IDLE_CLOSE),
        Path.of(c.get(STATE_DIR)),
        c.get(HTTP_HOST),
        c.get(HTTP_PORT),
        c.get(ADVERTISED_HOST),
        AggregatorConfig.SERVICE_NAME,
        serdes,
        ClusterSettings.kafkaClient(c),
        access);
  }

  /** The aggregator's serdes: the topic registry's Confluent-wire-format serdes over a registry. */
  public static AggregatorSerdes serdes(AvroSerdeConfig serdes) {
    return new AggregatorSerdes(
        Topics.MOTION_EVENTS.valueSerde(serdes),
        Topics.SHOT_TIMELINES.keySerde(serdes),
        Topics.SHOT_TIMELINES.valueSerde(serdes),
        Topics.DLQ.valueSerde(serdes).serializer());
  }
}
