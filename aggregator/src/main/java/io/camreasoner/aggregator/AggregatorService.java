package io.camreasoner.aggregator;

import io.camreasoner.aggregator.api.AggregatorHttpServer;
import io.camreasoner.aggregator.api.StreamsTimelineDirectory;
import io.camreasoner.aggregator.api.TimelineFeed;
import io.camreasoner.aggregator.api.TimelineTopicTail;
import io.camreasoner.aggregator.topology.AggregatorConfig;
import io.camreasoner.aggregator.topology.AggregatorTopology;
import io.camreasoner.platform.kafka.KafkaTopics;
import io.camreasoner.platform.kafka.acl.KafkaAccessCheck;
import io.camreasoner.platform.lifecycle.Service;
import io.camreasoner.schemas.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running aggregator instance: the Kafka Streams application built by {@link
 * AggregatorTopology#build}, its HTTP server (query API, SSE, dashboard) and the timeline tail that
 * feeds the SSE clients. A {@link Service}: {@link #start()} returns once the HTTP server listens;
 * {@link #close()} (from the process's {@link io.camreasoner.platform.lifecycle.ServiceRunner})
 * stops everything.
 */
public final class AggregatorService implements Service {

  private static final Logger LOG = LoggerFactory.getLogger(AggregatorService.class);

  private final AggregatorConfig cfg;
  private boolean closed;
  private KafkaStreams streams;
  private AggregatorHttpServer http;
  private TimelineTopicTail tail;
  private volatile String failure;

  /** An instance for {@code cfg}; nothing runs before {@link #start()}. */
  public AggregatorService(AggregatorConfig cfg) {
    this.cfg = cfg;
  }

  /**
   * Starts HTTP first (so {@code application.server} is reachable, and the port is known when 0 was
   * asked), then Streams and the tail.
   */
  @Override
  public void start() {
    ensureTopics();
    TimelineFeed feed = new TimelineFeed();
    DeferredDirectory directory = new DeferredDirectory();
    http =
        AggregatorHttpServer.start(
            directory, feed, cfg.httpHost(), cfg.httpPort(), cfg.httpAccess());
    AggregatorConfig effective = cfg.withHttpPort(http.port());
    Properties props = AggregatorTopology.streamsProperties(effective);
    streams = new KafkaStreams(AggregatorTopology.build(effective), props);
    streams.setUncaughtExceptionHandler(this::onStreamThreadFailure);
    directory.delegate =
        new StreamsTimelineDirectory(
            streams,
            new HostInfo(effective.advertisedHost(), http.port()),
            effective.minSegmentWindows());
    streams.start();
    tail =
        new TimelineTopicTail(
            cfg.bootstrapServers(),
            cfg.kafkaClient(),
            cfg.shotTimelinesTopic(),
            cfg.serdes().shotKeys().deserializer(),
            cfg.serdes().shotTimelines().deserializer(),
            feed);
  }

  @Override
  public String name() {
    return "aggregator";
  }

  /** Up while the Streams client runs or rebalances. */
  @Override
  public boolean healthy() {
    return streams != null && serving(streams.state());
  }

  /**
   * True for the Streams states in which an instance does its work (running, rebalancing); false
   * while it starts, and once it failed or closed.
   */
  public static boolean serving(KafkaStreams.State state) {
    return state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING;
  }

  /**
   * Creates the output topic (compacted: one final timeline per shot) and the DLQ when they do not
   * exist yet, with the partitions and configs of the topic registry; existing topics are left as
   * they are.
   */
  private void ensureTopics() {
    List<String> created =
        KafkaTopics.ensure(
            cfg.bootstrapServers(),
            cfg.kafkaClient(),
            List.of(
                Topics.SHOT_TIMELINES.withName(cfg.shotTimelinesTopic()),
                Topics.DLQ.withName(cfg.dlqTopic())));
    if (!created.isEmpty()) {
      LOG.info("created topics {}", created);
    }
  }

  /**
   * The one decision on a failed stream thread: Kafka refusing the principal (a missing ACL, a
   * wrong password) ends the instance, as no retry can fix it; anything else replaces the thread,
   * which resumes from the last commit.
   */
  private StreamThreadExceptionResponse onStreamThreadFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof AuthorizationException || t instanceof AuthenticationException) {
        failure =
            "aggregator: Kafka refused principal "
                + KafkaAccessCheck.principalOf(cfg.kafkaClient())
                + ": "
                + t.getMessage();
        LOG.error("{}; stopping (fix the ACLs or credentials and restart)", failure);
        return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
      }
    }
    LOG.error("aggregator stream thread failed, replacing it: {}", e.toString());
    return StreamThreadExceptionResponse.REPLACE_THREAD;
  }

  /** Why the instance stopped on its own (Kafka refused it), or null while it has not. */
  public String failure() {
    return failure;
  }

  /** The HTTP port actually bound. */
  public int httpPort() {
    return http.port();
  }

  /** The Streams application (for state checks). */
  public KafkaStreams streams() {
    return streams;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (tail != null) {
        tail.close();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (streams != null) {
      // Leave the group on a deliberate stop so the partitions move to the other instances now,
      // not after the session timeout.
      streams.close(
          CloseOptions.timeout(Duration.ofSeconds(30))
              .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
    }
    if (http != null) {
      http.close();
    }
  }

  /** Lets the HTTP server start before the Streams instance its directory reads from exists. */
  private static final class DeferredDirectory
      implements io.camreasoner.aggregator.api.TimelineDirectory {
    volatile io.camreasoner.aggregator.api.TimelineDirectory delegate;

    private io.camreasoner.aggregator.api.TimelineDirectory d() {
      if (delegate == null) {
        throw new IllegalStateException("aggregator still starting");
      }
      return delegate;
    }

    @Override
    public java.util.List<io.camreasoner.aggregator.api.StreamSummary> localStreams() {
      return d().localStreams();
    }

    @Override
    public java.util.List<io.camreasoner.schemas.avro.ShotTimeline> localShots(String id) {
      return d().localShots(id);
    }

    @Override
    public java.util.List<io.camreasoner.aggregator.curve.CurvePoint> localCurve(
        io.camreasoner.aggregator.fold.TimelineId timeline) {
      return d().localCurve(timeline);
    }

    @Override
    public java.util.Optional<String> ownerElsewhere(String id) {
      return d().ownerElsewhere(id);
    }

    @Override
    public java.util.List<String> otherInstances() {
      return d().otherInstances();
    }
  }
}
