package io.camreasoner.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.camreasoner.schemas.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerIT {
  @TempDir Path dir;

  private static KafkaProducer<String, String> producer(String bootstrap, String txId) {
    Map<String, Object> p =
        new java.util.HashMap<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.ACKS_CONFIG,
                "all"));
    if (txId != null) {
      p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, txId);
    }
    return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
  }

  private static List<String> readAll(
      String bootstrap, String topic, String isolation, int expected) {
    Map<String, Object> c =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ConsumerConfig.GROUP_ID_CONFIG,
            "it-" + UUID.randomUUID(),
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            "earliest",
            ConsumerConfig.ISOLATION_LEVEL_CONFIG,
            isolation);
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (values.size() < expected && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
          values.add(r.value());
        }
      }
      // one more poll: nothing beyond what was expected may show up
      consumer.poll(Duration.ofMillis(500)).forEach(r -> values.add(r.value()));
    }
    return values;
  }

  @Test
  void shouldKeepCommittedDataWhenKilledAndRestartedOnSameDataDir() throws Exception {
    try (EmbeddedKafkaBroker broker =
        EmbeddedKafkaBroker.builder().dataDir(dir.resolve("kafka")).build()) {
      long t0 = System.nanoTime();
      broker.start();
      System.out.printf("embedded broker start-up: %d ms%n", (System.nanoTime() - t0) / 1_000_000);
      String bootstrap = broker.bootstrapServers();
      try (var admin = broker.admin()) {
        assertThat(
                KafkaTopics.ensure(
                    admin,
                    List.of(Topics.MOTION_EVENTS.withName("it-events").withPartitions(2)),
                    (short) 1))
            .containsExactly("it-events");
        assertThat(
                KafkaTopics.ensure(
                    admin, List.of(Topics.MOTION_EVENTS.withName("it-events")), (short) 1))
            .isEmpty();
      }
      try (var p = producer(bootstrap, null)) {
        for (int i = 0; i < 10; i++) {
          p.send(new ProducerRecord<>("it-events", "k" + i, "v" + i)).get();
        }
      }
      long pid = broker.pid();
      broker.kill();
      assertThat(broker.isRunning()).isFalse();
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
      broker.restart();
      assertThat(broker.bootstrapServers()).isEqualTo(bootstrap);
      assertThat(readAll(bootstrap, "it-events", "read_uncommitted", 10))
          .hasSize(10)
          .contains("v0", "v9");
    }
    assertThat(Files.exists(dir.resolve("kafka").resolve("server.properties"))).isTrue();
  }

  @Test
  void shouldShowOnlyCommittedTransactionsToReadCommittedConsumers() throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build().start()) {
      String bootstrap = broker.bootstrapServers();
      try (var admin = broker.admin()) {
        KafkaTopics.ensure(
            admin,
            List.of(Topics.MOTION_EVENTS.withName("tx-events").withPartitions(1)),
            (short) 1);
      }
      try (var p = producer(bootstrap, "it-tx")) {
        p.initTransactions();
        p.beginTransaction();
        p.send(new ProducerRecord<>("tx-events", "a", "aborted"));
        p.abortTransaction();
        p.beginTransaction();
        p.send(new ProducerRecord<>("tx-events", "c", "committed"));
        p.commitTransaction();
      }
      assertThat(readAll(bootstrap, "tx-events", "read_committed", 1)).containsExactly("committed");
      Path data = broker.dataDir();
      broker.close();
      assertThat(Files.exists(data)).isFalse();
    }
  }

  @Test
  void shouldAcceptFrameSizedMessagesWhenTopicAllowsThem() throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build().start();
        var admin = broker.admin()) {
      KafkaTopics.ensure(
          admin, List.of(Topics.FRAME_WINDOWS.withName("big").withPartitions(1)), (short) 1);
      Map<String, Object> p =
          Map.of(
              ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
              broker.bootstrapServers(),
              ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
              12 * 1024 * 1024);
      try (var producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
        producer.send(new ProducerRecord<>("big", "k", "x".repeat(5 * 1024 * 1024))).get();
      }
    }
  }
}
