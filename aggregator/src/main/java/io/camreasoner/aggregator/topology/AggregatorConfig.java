package io.camreasoner.aggregator.topology;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the aggregator's topology and server are built from. Validated on construction with a
 * message naming the bad option.
 *
 * @param applicationId Kafka Streams application id (consumer group, state and changelog prefix)
 * @param bootstrapServers Kafka bootstrap servers
 * @param motionEventsTopic input topic (key = stream id, value = MotionEvent)
 * @param shotTimelinesTopic output topic, compacted (key = ShotKey, value = ShotTimeline)
 * @param dlqTopic dead-letter topic for records that cannot be read or written
 * @param minSegmentWindows flicker threshold of {@link io.camreasoner.aggregator.fold.TimelineFold}
 * @param idleClose a stream's open shots close after this long without an event (wall clock)
 * @param punctuateInterval how often the wall-clock idle check runs
 * @param stateDir directory of the local state stores (one per instance)
 * @param httpHost interface the HTTP server binds to; loopback by default
 * @param httpPort HTTP port (0 = any free port)
 * @param advertisedHost host other instances use to reach this one's HTTP server
 * @param serviceName instance name written into dead letters
 * @param serdes topic serdes
 * @param kafkaClient extra properties for every Kafka client of the application (security settings,
 *     static membership's {@code group.instance.id}); the aggregator's own settings win
 */
public record AggregatorConfig(
    String applicationId,
    String bootstrapServers,
    String motionEventsTopic,
    String shotTimelinesTopic,
    String dlqTopic,
    int minSegmentWindows,
    Duration idleClose,
    Duration punctuateInterval,
    Path stateDir,
    String httpHost,
    int httpPort,
    String advertisedHost,
    String serviceName,
    AggregatorSerdes serdes,
    Map<String, String> kafkaClient) {

  /** Default input topic. */
  public static final String DEFAULT_MOTION_EVENTS = "camreasoner.motion-events";

  /** Default output topic. */
  public static final String DEFAULT_SHOT_TIMELINES = "camreasoner.shot-timelines";

  /** Default dead-letter topic. */
  public static final String DEFAULT_DLQ = "camreasoner.dlq";

  /** Validates every option. */
  public AggregatorConfig {
    require(
        applicationId != null && !applicationId.isBlank(), "aggregator.application-id", "is empty");
    require(
        bootstrapServers != null && !bootstrapServers.isBlank(),
        "kafka.bootstrap-servers",
        "is empty");
    require(notBlank(motionEventsTopic), "topic.motion-events", "is empty");
    require(notBlank(shotTimelinesTopic), "topic.shot-timelines", "is empty");
    require(notBlank(dlqTopic), "topic.dlq", "is empty");
    require(minSegmentWindows >= 1, "aggregator.min-segment-windows", "must be at least 1");
    require(
        idleClose != null && !idleClose.isNegative() && !idleClose.isZero(),
        "aggregator.idle-close",
        "must be positive");
    require(
        punctuateInterval != null && punctuateInterval.toMillis() >= 1,
        "aggregator.punctuate-interval",
        "must be at least 1 ms");
    require(stateDir != null, "aggregator.state-dir", "is missing");
    require(notBlank(httpHost), "aggregator.http.host", "is empty");
    require(httpPort >= 0 && httpPort <= 65535, "aggregator.http.port", "must be 0..65535");
    require(notBlank(advertisedHost), "aggregator.http.advertised-host", "is empty");
    require(notBlank(serviceName), "aggregator.service-name", "is empty");
    Objects.requireNonNull(serdes, "serdes");
    kafkaClient = Map.copyOf(kafkaClient);
  }

  /**
   * A configuration with the defaults: topics {@value #DEFAULT_MOTION_EVENTS}, {@value
   * #DEFAULT_SHOT_TIMELINES}, {@value #DEFAULT_DLQ}; flicker threshold 2 windows; idle close 30 s
   * checked every second; HTTP on 127.0.0.1:8090.
   */
  public static AggregatorConfig defaults(
      String bootstrapServers, Path stateDir, AggregatorSerdes serdes) {
    return new AggregatorConfig(
        "camreasoner-aggregator",
        bootstrapServers,
        DEFAULT_MOTION_EVENTS,
        DEFAULT_SHOT_TIMELINES,
        DEFAULT_DLQ,
        2,
        Duration.ofSeconds(30),
        Duration.ofSeconds(1),
        stateDir,
        "127.0.0.1",
        8090,
        "127.0.0.1",
        "aggregator",
        serdes,
        Map.of());
  }

  /** This config with another application id. */
  public AggregatorConfig withApplicationId(String id) {
    return copy(b -> b.applicationId = id);
  }

  /** This config with another flicker threshold. */
  public AggregatorConfig withMinSegmentWindows(int windows) {
    return copy(b -> b.minSegmentWindows = windows);
  }

  /** This config with another idle-close time and check interval. */
  public AggregatorConfig withIdleClose(Duration idle, Duration interval) {
    return copy(
        b -> {
          b.idleClose = idle;
          b.punctuateInterval = interval;
        });
  }

  /** This config with another state directory and instance name. */
  public AggregatorConfig withInstance(Path dir, String service) {
    return copy(
        b -> {
          b.stateDir = dir;
          b.serviceName = service;
        });
  }

  /** This config with another HTTP bind address, port and advertised host. */
  public AggregatorConfig withHttp(String host, int port, String advertised) {
    return copy(
        b -> {
          b.httpHost = host;
          b.httpPort = port;
          b.advertisedHost = advertised;
        });
  }

  /** This config with extra Kafka client properties (replacing any given before). */
  public AggregatorConfig withKafkaClient(Map<String, String> properties) {
    return copy(b -> b.kafkaClient = properties);
  }

  private static boolean notBlank(String s) {
    return s != null && !s.isBlank();
  }

  private static void require(boolean ok, String option, String reason) {
    if (!ok) {
      throw new IllegalArgumentException("invalid option " + option + ": " + reason);
    }
  }

  /** A copy with some fields changed (validated again). */
  private AggregatorConfig copy(java.util.function.Consumer<Fields> change) {
    Fields f = new Fields(this);
    change.accept(f);
    return new AggregatorConfig(
        f.applicationId,
        f.bootstrapServers,
        f.motionEventsTopic,
        f.shotTimelinesTopic,
        f.dlqTopic,
        f.minSegmentWindows,
        f.idleClose,
        f.punctuateInterval,
        f.stateDir,
        f.httpHost,
        f.httpPort,
        f.advertisedHost,
        f.serviceName,
        f.serdes,
        f.kafkaClient);
  }

  /** The record's fields, mutable, for {@link #copy}. */
  private static final class Fields {
    String applicationId;
    String bootstrapServers;
    String motionEventsTopic;
    String shotTimelinesTopic;
    String dlqTopic;
    int minSegmentWindows;
    Duration idleClose;
    Duration punctuateInterval;
    Path stateDir;
    String httpHost;
    int httpPort;
    String advertisedHost;
    String serviceName;
    AggregatorSerdes serdes;
    Map<String, String> kafkaClient;

    Fields(AggregatorConfig c) {
      applicationId = c.applicationId;
      bootstrapServers = c.bootstrapServers;
      motionEventsTopic = c.motionEventsTopic;
      shotTimelinesTopic = c.shotTimelinesTopic;
      dlqTopic = c.dlqTopic;
      minSegmentWindows = c.minSegmentWindows;
      idleClose = c.idleClose;
      punctuateInterval = c.punctuateInterval;
      stateDir = c.stateDir;
      httpHost = c.httpHost;
      httpPort = c.httpPort;
      advertisedHost = c.advertisedHost;
      serviceName = c.serviceName;
      serdes = c.serdes;
      kafkaClient = c.kafkaClient;
    }
  }
}
