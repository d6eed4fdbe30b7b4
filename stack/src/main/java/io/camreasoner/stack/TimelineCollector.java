package io.camreasoner.stack;

import io.camreasoner.aggregator.api.TimelineSelection;
import io.camreasoner.aggregator.curve.CurvePoint;
import io.camreasoner.aggregator.fold.TimelineId;
import io.camreasoner.schemas.Topic;
import io.camreasoner.schemas.Topics;
import io.camreasoner.schemas.avro.MotionEvent;
import io.camreasoner.schemas.avro.ShotKey;
import io.camreasoner.schemas.avro.ShotStatus;
import io.camreasoner.schemas.avro.ShotTimeline;
import io.camreasoner.schemas.serde.AvroSerdeConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Follows the shot-timelines topic ({@code read_committed}, from the beginning) and keeps the
 * latest timeline of every shot of every stream, session and producer, so {@code analyze} can tell
 * when the last shot of what it ingested (its session, its worker's producer) has closed. It also
 * follows the motion-events topic for the {@link CurvePoint} of every window, so {@code analyze}
 * can write each video's motion curves.
 */
public final class TimelineCollector implements AutoCloseable {
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final String timelineTopic;
  private final Deserializer<ShotKey> keys;
  private final Deserializer<ShotTimeline> values;
  private final Deserializer<MotionEvent> events;
  private final Map<String, Map<ShotKey, ShotTimeline>> byStream = new ConcurrentHashMap<>();

  /** Curve points by stream id, then session and producer, then window sequence. */
  private final Map<String, Map<TimelineId, NavigableMap<Long, CurvePoint>>> curves =
      new ConcurrentHashMap<>();

  private final Thread thread;
  private volatile boolean running = true;

  public TimelineCollector(
      String bootstrap, Topic<ShotKey, ShotTimeline> topic, AvroSerdeConfig serdes) {
    this(bootstrap, Map.of(), topic, serdes);
  }

  /**
   * @param kafkaClient extra Kafka client properties (security), as {@link
   *     PipelineStack#kafkaClient()} gives them
   */
  public TimelineCollector(
      String bootstrap,
      Map<String, String> kafkaClient,
      Topic<ShotKey, ShotTimeline> topic,
      AvroSerdeConfig serdes) {
    Map<String, Object> props = new java.util.HashMap<>(kafkaClient);
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "camreasoner-analyze-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    timelineTopic = topic.name();
    keys = topic.keySerde(serdes).deserializer();
    values = topic.valueSerde(serdes).deserializer();
    events = Topics.MOTION_EVENTS.valueSerde(serdes).deserializer();
    consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    consumer.subscribe(List.of(timelineTopic, Topics.MOTION_EVENTS.name()));
    thread = new Thread(this::run, "analyze-timelines");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    try {
      while (running) {
        boolean newPoints = false;
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (r.value() == null) {
            continue;
          }
          if (r.topic().equals(timelineTopic)) {
            ShotKey key = keys.deserialize(r.topic(), r.headers(), r.key());
            byStream
                .computeIfAbsent(key.getStreamId(), k -> new ConcurrentHashMap<>())
                .put(key, values.deserialize(r.topic(), r.headers(), r.value()));
          } else {
            newPoints = true;
            MotionEvent e = events.deserialize(r.topic(), r.headers(), r.value());
            CurvePoint.of(e)
                .ifPresent(
                    p ->
                        curves
                            .computeIfAbsent(e.getStreamId(), k -> new ConcurrentHashMap<>())
                            .computeIfAbsent(TimelineId.of(e), k -> new ConcurrentSkipListMap<>())
                            .put(e.getWindowSeq(), p));
          }
        }
        if (newPoints) {
          synchronized (curves) {
            curves.notifyAll();
          }
        }
      }
    } catch (WakeupException e) {
      // closing
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  /**
   * True once the timeline's last shot, and every shot before it, is closed.
   *
   * @param session the ingest session ({@code IngestResult.session()})
   * @param producer the producer of the events, null for the one that wrote last
   */
  public boolean finished(String streamId, long session, String producer) {
    List<ShotTimeline> shots = selected(streamId, session, producer);
    for (ShotTimeline t : shots) {
      if (t.getLastShot() && t.getStatus() == ShotStatus.CLOSED) {
        for (int i = 0; i <= t.getShotIndex(); i++) {
          if (i >= shots.size()
              || shots.get(i).getShotIndex() != i
              || shots.get(i).getStatus() != ShotStatus.CLOSED) {
            return false;
          }
        }
        return true;
      }
    }
    return false;
  }

  /**
   * The timeline's shots in order (only those up to and including the last shot).
   *
   * @param session the ingest session ({@code IngestResult.session()})
   * @param producer the producer of the events, null for the one that wrote last
   */
  public List<ShotTimeline> shots(String streamId, long session, String producer) {
    List<ShotTimeline> out = new ArrayList<>();
    for (ShotTimeline t : selected(streamId, session, producer)) {
      out.add(t);
      if (t.getLastShot()) {
        break;
      }
    }
    return out;
  }

  /** Windows folded so far into the timeline's shots (failed ones included). */
  public long windowsFolded(String streamId, long session, String producer) {
    return selected(streamId, session, producer).stream()
        .mapToLong(ShotTimeline::getWindowCount)
        .sum();
  }

  /**
   * The motion curves of one timeline once {@code expected} points are in (its timeline's reasoned
   * windows: the events may be read a little after the timeline that folded them), or what is in
   * after {@code wait}.
   */
  public List<CurvePoint> curve(
      String streamId, long session, String producer, int expected, Duration wait)
      throws InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    synchronized (curves) {
      while (curve(streamId, session, producer).size() < expected) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        curves.wait(Math.max(1, left / 1_000_000));
      }
    }
    return curve(streamId, session, producer);
  }

  /**
   * The motion curves of one timeline: a point per reasoned window seen so far, in time order.
   *
   * @param session the ingest session ({@code IngestResult.session()})
   * @param producer the producer of the events
   */
  public List<CurvePoint> curve(String streamId, long session, String producer) {
    NavigableMap<Long, CurvePoint> points =
        curves
            .getOrDefault(streamId, Map.of())
            .get(new TimelineId(streamId, session, producer == null ? "" : producer));
    if (points == null) {
      return List.of();
    }
    return points.values().stream().sorted(CurvePoint.IN_TIME_ORDER).toList();
  }

  /** The producers with a timeline of this stream and session, in name order. */
  public List<String> producers(String streamId, long session) {
    return byStream.getOrDefault(streamId, Map.of()).keySet().stream()
        .filter(k -> k.getSession() == session)
        .map(ShotKey::getProducer)
        .distinct()
        .sorted()
        .toList();
  }

  private List<ShotTimeline> selected(String streamId, long session, String producer) {
    List<ShotTimeline> all = List.copyOf(byStream.getOrDefault(streamId, Map.of()).values());
    return new TimelineSelection(String.valueOf(session), producer).select(all);
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
