package io.camreasoner.stack;

import io.camreasoner.schemas.Topic;
import io.camreasoner.schemas.avro.ShotKey;
import io.camreasoner.schemas.avro.ShotStatus;
import io.camreasoner.schemas.avro.ShotTimeline;
import io.camreasoner.schemas.serde.AvroSerdeConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Follows the shot-timelines topic ({@code read_committed}, from the beginning) and keeps the
 * latest timeline of every shot, so {@code analyze} can tell when each stream's last shot has
 * closed.
 */
public final class TimelineCollector implements AutoCloseable {
  private final KafkaConsumer<ShotKey, ShotTimeline> consumer;
  private final Map<String, Map<Integer, ShotTimeline>> byStream = new ConcurrentHashMap<>();
  private final Thread thread;
  private volatile boolean running = true;

  public TimelineCollector(
      String bootstrap, Topic<ShotKey, ShotTimeline> topic, AvroSerdeConfig serdes) {
    consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG,
                "camreasoner-analyze-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed"),
            topic.keySerde(serdes).deserializer(),
            topic.valueSerde(serdes).deserializer());
    consumer.subscribe(List.of(topic.name()));
    thread = new Thread(this::run, "analyze-timelines");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    try {
      while (running) {
        for (ConsumerRecord<ShotKey, ShotTimeline> r : consumer.poll(Duration.ofMillis(200))) {
          if (r.value() != null) {
            byStream
                .computeIfAbsent(r.key().getStreamId(), k -> new ConcurrentHashMap<>())
                .put(r.key().getShotIndex(), r.value());
          }
        }
      }
    } catch (WakeupException e) {
      // closing
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  /** True once the stream's last shot, and every shot before it, is closed. */
  public boolean finished(String streamId) {
    Map<Integer, ShotTimeline> shots = byStream.get(streamId);
    if (shots == null) {
      return false;
    }
    for (ShotTimeline t : shots.values()) {
      if (t.getLastShot() && t.getStatus() == ShotStatus.CLOSED) {
        for (int i = 0; i <= t.getShotIndex(); i++) {
          ShotTimeline s = shots.get(i);
          if (s == null || s.getStatus() != ShotStatus.CLOSED) {
            return false;
          }
        }
        return true;
      }
    }
    return false;
  }

  /** True once every stream has finished. */
  public boolean finished(Collection<String> streamIds) {
    return streamIds.stream().allMatch(this::finished);
  }

  /** The stream's shots in order (only those up to and including the last shot). */
  public List<ShotTimeline> shots(String streamId) {
    Map<Integer, ShotTimeline> shots = new TreeMap<>(byStream.getOrDefault(streamId, Map.of()));
    List<ShotTimeline> out = new ArrayList<>();
    for (ShotTimeline t : shots.values()) {
      out.add(t);
      if (t.getLastShot()) {
        break;
      }
    }
    return out;
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
