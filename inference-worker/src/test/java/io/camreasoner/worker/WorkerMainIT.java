package io.camreasoner.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.camreasoner.schemas.Topics;
import io.camreasoner.schemas.avro.FrameWindow;
import io.camreasoner.schemas.registry.RestSchemaRegistryClient;
import io.camreasoner.schemas.registry.server.EmbeddedSchemaRegistry;
import io.camreasoner.schemas.serde.AvroSerdeConfig;
import io.camreasoner.worker.testing.KraftBroker;
import io.camreasoner.worker.testing.SyntheticWindows;
import io.camreasoner.worker.testing.TopicReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The worker process as deployed: {@link WorkerMain} in its own JVM with {@code key=value} options,
 * stopped with SIGTERM; it must have processed the windows and shut down cleanly.
 */
class WorkerMainIT {

  @Test
  void shouldProcessWindowsAndStopCleanlyOnSigterm() throws Exception {
    Path dir = Files.createTempDirectory("worker-main-it");
    try (KraftBroker broker = KraftBroker.start(dir);
        EmbeddedSchemaRegistry registry =
            EmbeddedSchemaRegistry.builder().inMemory().port(0).build().start()) {
      AvroSerdeConfig serdes = AvroSerdeConfig.of(RestSchemaRegistryClient.forUrl(registry.url()));
      broker.createTopics(Map.of("main-frames", 1, "main-events", 1, "main-dlq", 1));
      try (KafkaProducer<String, FrameWindow> p =
          new KafkaProducer<>(
              Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap()),
              new StringSerializer(),
              Topics.FRAME_WINDOWS.valueSerde(serdes).serializer())) {
        for (int i = 0; i < 3; i++) {
          FrameWindow w = SyntheticWindows.panning("cam", i, 5, 160, 96, 3, i);
          p.send(new ProducerRecord<>("main-frames", "cam", w)).get();
        }
      }

      Process worker =
          KraftBroker.java(
              dir,
              "worker-main.log",
              List.of("-Dorg.bytedeco.javacpp.cachedir=" + dir.resolve("javacpp")),
              WorkerMain.class.getName(),
              "kafka.bootstrap=" + broker.bootstrap(),
              "schema.registry.url=" + registry.url(),
              "topics.frame-windows=main-frames",
              "topics.motion-events=main-events",
              "topics.dlq=main-dlq",
              "worker.threads=1",
              "ops.port=-1",
              "kafka.client.session.timeout.ms=10000");
      try {
        assertThat(
                TopicReader.readCommitted(
                    broker.bootstrap(), "main-events", 3, Duration.ofSeconds(90)))
            .hasSize(3);
      } finally {
        worker.destroy(); // SIGTERM: the shutdown hook closes the worker
        assertThat(worker.waitFor(60, TimeUnit.SECONDS)).as("worker exited").isTrue();
      }
      String log = Files.readString(dir.resolve("worker-main.log"));
      assertThat(log).contains("shutting down the inference worker");
      assertThat(log).contains("worker 0 finished its open work and committed");
      assertThat(worker.exitValue()).isEqualTo(143); // 128 + SIGTERM, after the hook completed
    }
  }
}
