package io.camreasoner.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camreasoner.platform.testing.TopicRecords;
import io.camreasoner.schemas.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerIT {
  @TempDir Path dir;

  private static <V> KafkaProducer<String, V> producer(
      String bootstrap, Serializer<V> values, Map<String, Object> extra) {
    Map<String, Object> p = new HashMap<>(extra);
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    return new KafkaProducer<>(p, new StringSerializer(), values);
  }

  private static List<ConsumerRecord<String, String>> readStrings(
      String bootstrap, String topic, IsolationLevel isolation, int expected) {
    return TopicRecords.read(
        bootstrap, topic, isolation, new StringDeserializer(), new StringDeserializer(), expected);
  }

  /** A record as "partition@offset key=value", to compare what was written with what is read. */
  private static String where(int partition, long offset, String key, String value) {
    return partition + "@" + offset + " " + key + "=" + value;
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  @Test
  void shouldKeepCommittedDataWhenKilledAndRestartedOnSameDataDir() throws Exception {
    try (EmbeddedKafkaBroker broker =
        EmbeddedKafkaBroker.builder().dataDir(dir.resolve("kafka")).build()) {
      broker.start();
      String bootstrap = broker.bootstrapServers();
      try (var admin = broker.admin()) {
        assertThat(
                KafkaTopics.ensure(
                    admin,
                    List.of(Topics.MOTION_EVENTS.withName("it-events").withPartitions(2)),
                    (short) 1))
            .containsExactly("it-events");
        // ensure returns once a broker describes the new topic, not just once it is created
        assertThat(admin.describeTopics(List.of("it-events")).allTopicNames().get())
            .containsOnlyKeys("it-events");
        assertThat(
                KafkaTopics.ensure(
                    admin, List.of(Topics.MOTION_EVENTS.withName("it-events")), (short) 1))
            .isEmpty();
      }
      List<String> written = new ArrayList<>();
      try (var p = producer(bootstrap, new StringSerializer(), Map.of())) {
        for (int i = 0; i < 10; i++) {
          RecordMetadata m = p.send(new ProducerRecord<>("it-events", "k" + i, "v" + i)).get();
          written.add(where(m.partition(), m.offset(), "k" + i, "v" + i));
        }
      }
      long pid = broker.pid();
      broker.kill();
      assertThat(broker.isRunning()).isFalse();
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();

      broker.restart();

      assertThat(broker.pid()).isNotEqualTo(pid).isPositive();
      assertThat(broker.bootstrapServers()).isEqualTo(bootstrap);
      try (var admin = broker.admin()) {
        assertThat(
                admin
                    .describeTopics(List.of("it-events"))
                    .allTopicNames()
                    .get()
                    .get("it-events")
                    .partitions())
            .hasSize(2);
      }
      List<String> read =
          readStrings(bootstrap, "it-events", IsolationLevel.READ_UNCOMMITTED, 10).stream()
              .map(r -> where(r.partition(), r.offset(), r.key(), r.value()))
              .toList();
      assertThat(read).containsExactlyInAnyOrderElementsOf(written);
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
      try (var p =
          producer(
              bootstrap,
              new StringSerializer(),
              Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "it-tx"))) {
        p.initTransactions();
        p.beginTransaction();
        // waiting for the acks puts the aborted records in the log before the abort
        p.send(new ProducerRecord<>("tx-events", "a", "aborted-1")).get();
        p.send(new ProducerRecord<>("tx-events", "a", "aborted-2")).get();
        p.abortTransaction();
        p.beginTransaction();
        p.send(new ProducerRecord<>("tx-events", "c", "committed"));
        p.commitTransaction();
      }

      assertThat(readStrings(bootstrap, "tx-events", IsolationLevel.READ_UNCOMMITTED, 3))
          .extracting(ConsumerRecord::value)
          .containsExactly("aborted-1", "aborted-2", "committed");
      assertThat(readStrings(bootstrap, "tx-events", IsolationLevel.READ_COMMITTED, 1))
          .extracting(ConsumerRecord::value)
          .containsExactly("committed");
      Path data = broker.dataDir();
      assertThat(Files.isDirectory(data)).isTrue();
      broker.close();
      assertThat(Files.exists(data)).isFalse();
    }
  }

  @Test
  void shouldCarryFrameSizedMessagesIntactAndRefuseThoseOverTheTopicLimit() throws Exception {
    int frameSized = 5 * 1024 * 1024;
    int overLimit = Topics.MAX_FRAME_WINDOW_BYTES + 128 * 1024;
    byte[] payload = new byte[frameSized];
    new Random(42).nextBytes(payload); // incompressible, and any corruption shows in the digest
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build().start()) {
      try (var admin = broker.admin()) {
        KafkaTopics.ensure(
            admin, List.of(Topics.FRAME_WINDOWS.withName("big").withPartitions(1)), (short) 1);
      }
      try (var producer =
          producer(
              broker.bootstrapServers(),
              new ByteArraySerializer(),
              Map.of(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 12 * 1024 * 1024))) {
        RecordMetadata sent = producer.send(new ProducerRecord<>("big", "k", payload)).get();
        assertThat(sent.serializedValueSize()).isEqualTo(frameSized);
        assertThatThrownBy(
                () -> producer.send(new ProducerRecord<>("big", "k", new byte[overLimit])).get())
            .isInstanceOf(ExecutionException.class)
            .hasCauseInstanceOf(RecordTooLargeException.class);
      }

      List<ConsumerRecord<String, byte[]>> read =
          TopicRecords.read(
              broker.bootstrapServers(),
              "big",
              IsolationLevel.READ_UNCOMMITTED,
              new StringDeserializer(),
              new ByteArrayDeserializer(),
              1);

      assertThat(read).hasSize(1);
      assertThat(read.get(0).key()).isEqualTo("k");
      assertThat(read.get(0).value().length).isEqualTo(frameSized);
      assertThat(sha256(read.get(0).value())).isEqualTo(sha256(payload));
    }
  }
}
