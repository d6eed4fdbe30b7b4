package io.camreasoner.aggregator.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.awaitility.Awaitility;

/**
 * Reads a topic read-committed from the beginning (all partitions, no group) and keeps every record
 * and the latest value per key, polling with a deadline until a condition holds.
 */
public final class TopicWatcher<K, V> implements AutoCloseable {

  private final KafkaConsumer<K, V> consumer;
  private final List<ConsumerRecord<K, V>> records = new ArrayList<>();
  private final Map<K, V> latest = new LinkedHashMap<>();

  /** Watches {@code topic} on {@code bootstrap}. */
  public TopicWatcher(
      String bootstrap, String topic, Deserializer<K> keys, Deserializer<V> values) {
    consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false),
            keys,
            values);
    List<TopicPartition> partitions =
        consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
            .map(p -> new TopicPartition(topic, p.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }

  /** Polls until {@code condition} holds on the latest value per key; returns that map. */
  public Map<K, V> awaitLatest(Predicate<Map<K, V>> condition, Duration timeout) {
    Awaitility.await("records on the watched topic")
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              for (ConsumerRecord<K, V> r : consumer.poll(Duration.ofMillis(200))) {
                records.add(r);
                latest.put(r.key(), r.value());
              }
              return condition.test(latest);
            });
    return new LinkedHashMap<>(latest);
  }

  /** Every record read so far. */
  public List<ConsumerRecord<K, V>> records() {
    return List.copyOf(records);
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(2));
  }
}
