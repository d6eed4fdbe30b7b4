package io.camreasoner.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.camreasoner.platform.testing.TopicRecords;
import io.camreasoner.schemas.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaClusterIT {

  private static TopicDescription describe(Admin admin, String topic) throws Exception {
    return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
  }

  @Test
  void shouldKeepEveryAcknowledgedRecordExactlyOnceWhenTheLeaderIsKilledAndRejoins()
      throws Exception {
    try (EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.start(3, null);
        Admin admin = cluster.admin()) {
      assertThat(admin.describeCluster().nodes().get()).hasSize(3);
      KafkaTopics.ensure(
          admin,
          List.of(Topics.MOTION_EVENTS.withName("it-replicated").withPartitions(2)),
          (short) 3);
      // every broker's metadata has the topic soon after one has (the admin asks any of them)
      TopicDescription topic =
          Awaitility.await()
              .atMost(Duration.ofSeconds(30))
              .ignoreExceptions()
              .until(() -> describe(admin, "it-replicated"), t -> t != null);
      assertThat(topic.partitions())
          .allSatisfy(
              p -> {
                assertThat(p.replicas()).hasSize(3);
                assertThat(p.isr()).hasSize(3);
              });
      String minIsr =
          admin
              .describeConfigs(
                  List.of(new ConfigResource(ConfigResource.Type.TOPIC, "it-replicated")))
              .all()
              .get()
              .values()
              .iterator()
              .next()
              .get("min.insync.replicas")
              .value();
      assertThat(minIsr).isEqualTo("2");

      List<String> written = new ArrayList<>();
      try (KafkaProducer<String, String> producer =
          new KafkaProducer<>(
              Map.of(
                  ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                  cluster.bootstrapServers(),
                  ProducerConfig.ACKS_CONFIG,
                  "all",
                  ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                  true,
                  ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                  120_000),
              new StringSerializer(),
              new StringSerializer())) {
        for (int i = 0; i < 40; i++) {
          producer.send(new ProducerRecord<>("it-replicated", "k" + i, "before-" + i)).get();
          written.add("before-" + i);
        }
        int leader = topic.partitions().get(0).leader().id();
        cluster.node(leader).kill();
        // acks=all with one of three replicas gone: two in sync are enough
        for (int i = 0; i < 40; i++) {
          producer.send(new ProducerRecord<>("it-replicated", "k" + i, "after-" + i)).get();
          written.add("after-" + i);
        }
        assertThat(describe(admin, "it-replicated").partitions().get(0).leader().id())
            .isNotEqualTo(leader);

        cluster.node(leader).start();
        Awaitility.await("node " + leader + " back in sync")
            .atMost(Duration.ofMinutes(1))
            .ignoreExceptions()
            .until(
                () ->
                    describe(admin, "it-replicated").partitions().stream()
                        .allMatch(p -> p.isr().size() == 3));
      }

      List<ConsumerRecord<String, String>> read =
          TopicRecords.read(
              cluster.bootstrapServers(),
              "it-replicated",
              IsolationLevel.READ_COMMITTED,
              new StringDeserializer(),
              new StringDeserializer(),
              written.size());
      assertThat(read.stream().map(ConsumerRecord::value).toList())
          .containsExactlyInAnyOrderElementsOf(written);
    }
  }
}
