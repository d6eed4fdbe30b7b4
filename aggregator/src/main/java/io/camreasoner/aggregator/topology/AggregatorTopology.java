package io.camreasoner.aggregator.topology;

import io.camreasoner.aggregator.fold.ShotState;
import io.camreasoner.aggregator.fold.TimelineId;
import io.camreasoner.aggregator.fold.WindowRecord;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds the aggregator's Kafka Streams topology as a pure function of its config: motion events
 * (key = stream id) → per-shot fold with persistent, changelogged state → shot timelines (key =
 * ShotKey, compacted). Production and tests ({@code TopologyTestDriver}) use this same builder.
 */
public final class AggregatorTopology {

  /** State store of each shot's fold, keyed by {@link #shotStoreKey}. */
  public static final String SHOTS_STORE = "shot-folds";

  /**
   * State store of every folded window, keyed by {@link #windowStoreKey}: one small record per
   * window, so a long shot (a live camera that never cuts) never makes one huge store value or
   * changelog record.
   */
  public static final String WINDOWS_STORE = "shot-windows";

  /** State store of each stream's state, keyed by stream id. */
  public static final String STREAMS_STORE = "stream-states";

  /**
   * How often the wall-clock check for idle shots runs; not an option: a second is fine enough next
   * to idle-close times of seconds to minutes, and cheap (one scan of the stream states).
   */
  static final Duration IDLE_CHECK_INTERVAL = Duration.ofSeconds(1);

  static final String SOURCE = "motion-events";
  static final String FOLD = "shot-timeline-fold";
  static final String SINK = "shot-timelines";

  private AggregatorTopology() {}

  /** The topology for {@code cfg}. */
  public static Topology build(AggregatorConfig cfg) {
    AggregatorSerdes serdes = cfg.serdes();
    Topology topology = new Topology();
    topology.addSource(
        SOURCE,
        Serdes.String().deserializer(),
        serdes.motionEvents().deserializer(),
        cfg.motionEventsTopic());
    topology.addProcessor(
        FOLD,
        () ->
            new ShotTimelineProcessor(
                cfg.minSegmentWindows(), cfg.idleClose(), IDLE_CHECK_INTERVAL),
        SOURCE);
    topology.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(SHOTS_STORE),
            Serdes.String(),
            new JsonSerde<>(ShotState.class)),
        FOLD);
    topology.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(WINDOWS_STORE),
            Serdes.String(),
            new JsonSerde<>(WindowRecord.class)),
        FOLD);
    topology.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(STREAMS_STORE),
            Serdes.String(),
            new JsonSerde<>(StreamState.class)),
        FOLD);
    topology.addSink(
        SINK,
        cfg.shotTimelinesTopic(),
        serdes.shotKeys().serializer(),
        serdes.shotTimelines().serializer(),
        FOLD);
    return topology;
  }

  /**
   * The Streams properties for {@code cfg}: exactly-once v2, the instance's state directory, its
   * {@code application.server} for interactive queries, and the dead-letter handlers for
   * deserialization, processing and production errors.
   */
  public static Properties streamsProperties(AggregatorConfig cfg) {
    Properties p = new Properties();
    p.putAll(cfg.kafkaClient());
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, cfg.applicationId());
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, cfg.bootstrapServers());
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    p.put(StreamsConfig.STATE_DIR_CONFIG, cfg.stateDir().toString());
    p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, cfg.advertisedHost() + ":" + cfg.httpPort());
    p.put(
        StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
        DeadLetterHandlers.Deserialization.class);
    p.put(
        StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
        DeadLetterHandlers.Processing.class);
    p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
    p.put(
        StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG,
        DeadLetterHandlers.Production.class);
    p.put(DeadLetterHandlers.TOPIC_CONFIG, cfg.dlqTopic());
    p.put(DeadLetterHandlers.SERIALIZER_CONFIG, cfg.serdes().deadLetters());
    p.put(DeadLetterHandlers.SERVICE_CONFIG, cfg.serviceName());
    return p;
  }

  /**
   * Key of a timeline in {@link #STREAMS_STORE}: stream id, session and producer, separated by NUL,
   * so a prefix scan with {@link #streamPrefix} finds every timeline of a stream.
   */
  public static String timelineKey(TimelineId id) {
    return streamPrefix(id.streamId())
        + String.format("%019d", id.session())
        + '\u0000'
        + id.producer()
        + '\u0000';
  }

  /**
   * Key of a shot in {@link #SHOTS_STORE}: its timeline's key and the zero-padded shot index, so a
   * prefix scan with {@link #streamPrefix} lists a stream's shots by session, producer and shot.
   */
  public static String shotStoreKey(TimelineId id, int shotIndex) {
    return timelineKey(id) + String.format("%09d", shotIndex);
  }

  /** Key of a window in {@link #WINDOWS_STORE}, ordered by shot, then sequence. */
  public static String windowStoreKey(TimelineId id, int shotIndex, long windowSeq) {
    return shotWindowsPrefix(id, shotIndex) + String.format("%019d", windowSeq);
  }

  /** Prefix of all {@link #windowStoreKey}s of one shot. */
  public static String shotWindowsPrefix(TimelineId id, int shotIndex) {
    return shotStoreKey(id, shotIndex) + '\u0000';
  }

  /** Prefix of every key of a stream in any of the stores. */
  public static String streamPrefix(String streamId) {
    return streamId + '\u0000';
  }
}
