package io.camreasoner.aggregator.api;

import io.camreasoner.schemas.avro.ShotKey;
import io.camreasoner.schemas.avro.ShotTimeline;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the shot-timelines topic from its end (all partitions, committed records only, no
 * consumer group) and publishes every update to a {@link TimelineFeed}. Each instance tails the
 * whole topic, so its SSE clients see every stream whichever instance folds it.
 */
public final class TimelineTopicTail implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TimelineTopicTail.class);

  private final KafkaConsumer<ShotKey, ShotTimeline> consumer;
  private final String topic;
  private final TimelineFeed feed;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread thread;

  /**
   * Starts tailing {@code topic} on {@code bootstrapServers}, with extra client properties
   * (security).
   */
  public TimelineTopicTail(
      String bootstrapServers,
      java.util.Map<String, String> kafkaClient,
      String topic,
      Deserializer<ShotKey> keys,
      Deserializer<ShotTimeline> values,
      TimelineFeed feed) {
    Properties p = new Properties();
    p.putAll(kafkaClient);
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    this.consumer = new KafkaConsumer<>(p, keys, values);
    this.topic = topic;
    this.feed = feed;
    this.thread = new Thread(this::run, "timeline-tail");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    try {
      List<TopicPartition> partitions = List.of();
      while (running.get() && partitions.isEmpty()) {
        partitions =
            consumer.partitionsFor(topic, Duration.ofSeconds(5)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
      }
      consumer.assign(partitions);
      consumer.seekToEnd(partitions);
      while (running.get()) {
        try {
          for (ConsumerRecord<ShotKey, ShotTimeline> r : consumer.poll(Duration.ofMillis(500))) {
            if (r.value() != null) {
              feed.publish(r.value());
            }
          }
        } catch (RecordDeserializationException e) {
          LOG.warn(
              "timeline tail skips unreadable record {}@{}: {}",
              e.topicPartition(),
              e.offset(),
              e.getMessage());
          consumer.seek(e.topicPartition(), e.offset() + 1);
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      LOG.error("timeline tail of {} stopped: {}", topic, e.getMessage());
    } finally {
      consumer.close(Duration.ofSeconds(2));
    }
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    consumer.wakeup();
    thread.join(5000);
  }
}
