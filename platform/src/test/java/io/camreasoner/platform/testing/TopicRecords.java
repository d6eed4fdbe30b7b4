package io.camreasoner.platform.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads a topic from the beginning with a consumer of its own (a fresh group), polling with a
 * deadline instead of sleeping.
 */
public final class TopicRecords {

  /** Longest wait for the expected records. */
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  /** The extra poll after the expected records: long enough for any surplus record to show up. */
  private static final Duration SURPLUS_POLL = Duration.ofMillis(500);

  private TopicRecords() {}

  /**
   * Reads until {@code expected} records arrived or 20 s passed, then polls once more so that
   * records beyond those expected show up in the result too: callers assert on exactly what is
   * there.
   */
  public static <K, V> List<ConsumerRecord<K, V>> read(
      String bootstrap,
      String topic,
      IsolationLevel isolation,
      Deserializer<K> keys,
      Deserializer<V> values,
      int expected) {
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ConsumerConfig.GROUP_ID_CONFIG,
            "it-" + UUID.randomUUID(),
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            "earliest",
            ConsumerConfig.ISOLATION_LEVEL_CONFIG,
            isolation.toString());
    List<ConsumerRecord<K, V>> records = new ArrayList<>();
    try (KafkaConsumer<K, V> consumer = new KafkaConsumer<>(config, keys, values)) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (records.size() < expected && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
      consumer.poll(SURPLUS_POLL).forEach(records::add);
    }
    return records;
  }
}
