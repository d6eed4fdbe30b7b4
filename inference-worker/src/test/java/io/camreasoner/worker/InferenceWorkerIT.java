package io.camreasoner.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.camreasoner.schemas.Topics;
import io.camreasoner.schemas.avro.FrameWindow;
import io.camreasoner.schemas.avro.MotionEvent;
import io.camreasoner.schemas.registry.RestSchemaRegistryClient;
import io.camreasoner.schemas.registry.server.EmbeddedSchemaRegistry;
import io.camreasoner.schemas.serde.AvroSerdeConfig;
import io.camreasoner.worker.config.WorkerConfig;
import io.camreasoner.worker.testing.KraftBroker;
import io.camreasoner.worker.testing.SyntheticWindows;
import io.camreasoner.worker.testing.TopicReader;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The worker as production runs it, end to end: default configuration (geometry backend), the topic
 * registry's Confluent-format serdes against the embedded schema registry, a real broker, and the
 * worker's health and meters (served by {@code camreasoner worker}'s ops server).
 */
class InferenceWorkerIT {

  @Test
  void shouldReasonAboutFrameWindowsWithTheDefaultConfiguration() throws Exception {
    try (KraftBroker broker = KraftBroker.start(Files.createTempDirectory("inference-worker-it"));
        EmbeddedSchemaRegistry registry =
            EmbeddedSchemaRegistry.builder().inMemory().port(0).build().start()) {
      AvroSerdeConfig serdes =
          AvroSerdeConfig.of(RestSchemaRegistryClient.forUrl(registry.url()))
              .withAutoRegister(true);
      String frames = Topics.FRAME_WINDOWS.name();
      String events = Topics.MOTION_EVENTS.name();
      broker.createTopics(Map.of(frames, 2, events, 2, Topics.DLQ.name(), 1));
      WorkerConfig config =
          WorkerConfig.parse(
              Map.of("kafka.bootstrap", broker.bootstrap(), "worker.threads", "2"), k -> null);
      Serializer<FrameWindow> windowSerializer =
          Topics.FRAME_WINDOWS.valueSerde(serdes).serializer();
      try (KafkaProducer<String, FrameWindow> p =
          new KafkaProducer<>(
              Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap()),
              new StringSerializer(),
              windowSerializer)) {
        for (int i = 0; i < 4; i++) {
          for (FrameWindow w :
              List.of(
                  SyntheticWindows.panning("still", i, 6, 320, 180, 0, i),
                  SyntheticWindows.panning("pan", i, 6, 320, 180, 6, 100 + i))) {
            p.send(new ProducerRecord<>(frames, w.getStreamId(), w)).get();
          }
        }
      }

      try (InferenceWorker worker = InferenceWorker.create(config, serdes)) {
        worker.start();
        List<ConsumerRecord<byte[], byte[]>> records =
            TopicReader.readCommitted(broker.bootstrap(), events, 8, Duration.ofSeconds(90));

        assertThat(records).hasSize(8);
        Deserializer<MotionEvent> eventDeserializer =
            Topics.MOTION_EVENTS.valueSerde(serdes).deserializer();
        for (ConsumerRecord<byte[], byte[]> r : records) {
          MotionEvent e = eventDeserializer.deserialize(r.topic(), r.headers(), r.value());
          assertThat(e.getBackend()).isEqualTo("geometry");
          assertThat(e.getModelVersion()).startsWith("geometric/");
          assertThat(e.getObservation()).isNotBlank();
          assertThat(e.getThinking()).isNotBlank();
          assertThat(e.getScores()).hasSize(15);
          if (e.getStreamId().equals("still")) {
            assertThat(e.getLabels()).containsExactly("static");
          } else {
            assertThat(e.getLabels()).isNotEmpty().doesNotContain("static");
            assertThat(e.getCues().getTranslationX()).isNegative();
          }
        }
        assertThat(worker.healthy()).isTrue();
        String metrics = worker.registry().scrape();
        assertThat(metrics)
            .contains(
                "camreasoner_worker_windows_total{backend=\"geometry\",outcome=\"event\"} 8.0")
            .contains("camreasoner_worker_window_latency_seconds_bucket");
      }
    }
  }
}
