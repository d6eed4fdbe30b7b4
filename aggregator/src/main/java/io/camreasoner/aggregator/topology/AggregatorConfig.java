package io.camreasoner.aggregator.topology;

import static org.apache.kafka.common.acl.AclOperation.CREATE;
import static org.apache.kafka.common.acl.AclOperation.DELETE;
import static org.apache.kafka.common.acl.AclOperation.DESCRIBE;
import static org.apache.kafka.common.acl.AclOperation.DESCRIBE_CONFIGS;
import static org.apache.kafka.common.acl.AclOperation.READ;
import static org.apache.kafka.common.acl.AclOperation.WRITE;

import io.camreasoner.platform.http.HttpAccess;
import io.camreasoner.platform.kafka.acl.AclRequirement;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the aggregator's topology and server are built from, as typed values. Made from the
 * options of {@link io.camreasoner.aggregator.AggregatorSettings}, which declare each option's
 * name, default and validation once; this record only refuses missing values.
 *
 * @param applicationId Kafka Streams application id (consumer group, state and changelog prefix)
 * @param bootstrapServers Kafka bootstrap servers
 * @param motionEventsTopic input topic (key = stream id, value = MotionEvent)
 * @param shotTimelinesTopic output topic, compacted (key = ShotKey, value = ShotTimeline)
 * @param dlqTopic dead-letter topic for records that cannot be read or written
 * @param minSegmentWindows flicker threshold of {@link io.camreasoner.aggregator.fold.TimelineFold}
 * @param idleClose a stream's open shots close after this long without an event (wall clock)
 * @param stateDir directory of the local state stores (one per instance)
 * @param httpHost interface the HTTP server binds to
 * @param httpPort HTTP port (0 = any free port)
 * @param advertisedHost host other instances use to reach this one's HTTP server
 * @param serviceName instance name written into dead letters
 * @param serdes topic serdes
 * @param kafkaClient extra properties for every Kafka client of the application (security settings,
 *     static membership's {@code group.instance.id}); the aggregator's own settings win
 * @param httpAccess who may use the query API and dashboard
 */
public record AggregatorConfig(
    String applicationId,
    String bootstrapServers,
    String motionEventsTopic,
    String shotTimelinesTopic,
    String dlqTopic,
    int minSegmentWindows,
    Duration idleClose,
    Path stateDir,
    String httpHost,
    int httpPort,
    String advertisedHost,
    String serviceName,
    AggregatorSerdes serdes,
    Map<String, String> kafkaClient,
    HttpAccess httpAccess) {

  /** Instance name written into dead letters; not an option, {@link #withInstance} changes it. */
  public static final String SERVICE_NAME = "aggregator";

  /** Refuses missing values (option values were validated where they were parsed). */
  public AggregatorConfig {
    Objects.requireNonNull(applicationId, "applicationId");
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(motionEventsTopic, "motionEventsTopic");
    Objects.requireNonNull(shotTimelinesTopic, "shotTimelinesTopic");
    Objects.requireNonNull(dlqTopic, "dlqTopic");
    Objects.requireNonNull(idleClose, "idleClose");
    Objects.requireNonNull(stateDir, "stateDir");
    Objects.requireNonNull(httpHost, "httpHost");
    Objects.requireNonNull(advertisedHost, "advertisedHost");
    Objects.requireNonNull(serviceName, "serviceName");
    Objects.requireNonNull(serdes, "serdes");
    kafkaClient = Map.copyOf(kafkaClient);
    Objects.requireNonNull(httpAccess, "httpAccess");
  }

  /** This config for one of several instances in one process: own state directory and name. */
  public AggregatorConfig withInstance(Path dir, String service) {
    return with(dir, service, httpPort, httpAccess);
  }

  /** This config with the HTTP port actually bound (when 0 asked for any free one). */
  public AggregatorConfig withHttpPort(int port) {
    return with(stateDir, serviceName, port, httpAccess);
  }

  private AggregatorConfig with(Path dir, String service, int port, HttpAccess access) {
    return new AggregatorConfig(
        applicationId,
        bootstrapServers,
        motionEventsTopic,
        shotTimelinesTopic,
        dlqTopic,
        minSegmentWindows,
        idleClose,
        dir,
        httpHost,
        port,
        advertisedHost,
        service,
        serdes,
        kafkaClient,
        access);
  }

  /** This config with another access to the query API and dashboard. */
  public AggregatorConfig withHttpAccess(HttpAccess access) {
    return with(stateDir, serviceName, httpPort, access);
  }

  /**
   * What the aggregator's principal must be allowed on a secured cluster (checked at start-up,
   * printed by {@code camreasoner acls}): read events, write and tail timelines, write dead
   * letters, and everything Kafka Streams does under its application id (internal topics, group,
   * transactions).
   */
  public List<AclRequirement> acls() {
    return List.of(
        AclRequirement.topic(motionEventsTopic, "reads motion events", READ, DESCRIBE),
        AclRequirement.topic(
            shotTimelinesTopic,
            "writes timelines and tails them for the dashboard",
            READ,
            WRITE,
            DESCRIBE),
        AclRequirement.topic(dlqTopic, "writes dead letters", WRITE, DESCRIBE),
        AclRequirement.topicPrefix(
            applicationId + "-",
            "Kafka Streams changelog and repartition topics",
            CREATE,
            DELETE,
            DESCRIBE,
            DESCRIBE_CONFIGS,
            READ,
            WRITE),
        AclRequirement.group(applicationId, "the Streams consumer group", READ, DESCRIBE),
        AclRequirement.transactionalIdPrefix(
            applicationId + "-",
            "exactly-once v2 transactions of each stream thread",
            WRITE,
            DESCRIBE));
  }
}
