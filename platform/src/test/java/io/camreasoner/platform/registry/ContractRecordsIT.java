package io.camreasoner.platform.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.camreasoner.platform.kafka.KafkaTopics;
import io.camreasoner.platform.testing.SharedKafka;
import io.camreasoner.platform.testing.TopicRecords;
import io.camreasoner.schemas.Topic;
import io.camreasoner.schemas.Topics;
import io.camreasoner.schemas.avro.DeadLetter;
import io.camreasoner.schemas.avro.FrameWindow;
import io.camreasoner.schemas.avro.MotionCues;
import io.camreasoner.schemas.avro.MotionEvent;
import io.camreasoner.schemas.avro.SampledFrame;
import io.camreasoner.schemas.avro.ShotKey;
import io.camreasoner.schemas.avro.ShotStatus;
import io.camreasoner.schemas.avro.ShotTimeline;
import io.camreasoner.schemas.registry.RestSchemaRegistryClient;
import io.camreasoner.schemas.registry.server.EmbeddedSchemaRegistry;
import io.camreasoner.schemas.serde.AvroSerdeConfig;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every contract record through a real broker and registry with the topic registry's serdes. */
class ContractRecordsIT {
  static EmbeddedSchemaRegistry registry;
  static AvroSerdeConfig serdes;
  static String bootstrap;
  static final String PREFIX = "it-" + UUID.randomUUID().toString().substring(0, 8) + ".";

  @BeforeAll
  static void start() throws Exception {
    bootstrap = SharedKafka.broker().bootstrapServers();
    registry =
        EmbeddedSchemaRegistry.builder()
            .kafka(bootstrap, PREFIX + "_schemas", Map.of())
            .build()
            .start();
    serdes = AvroSerdeConfig.of(RestSchemaRegistryClient.forUrl(registry.url()));
  }

  @AfterAll
  static void stop() {
    registry.close();
  }

  private <K, V> List<org.apache.kafka.clients.consumer.ConsumerRecord<K, V>> roundTrip(
      Topic<K, V> base, K key, V value) throws Exception {
    Topic<K, V> topic = base.withName(PREFIX + base.name()).withPartitions(1);
    try (var admin = SharedKafka.broker().admin()) {
      KafkaTopics.ensure(admin, List.of(topic), (short) 1);
    }
    try (KafkaProducer<K, V> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true),
            topic.keySerde(serdes).serializer(),
            topic.valueSerde(serdes).serializer())) {
      producer.send(new ProducerRecord<>(topic.name(), key, value)).get();
    }
    return TopicRecords.read(
        bootstrap,
        topic.name(),
        IsolationLevel.READ_COMMITTED,
        topic.keySerde(serdes).deserializer(),
        topic.valueSerde(serdes).deserializer(),
        1);
  }

  @Test
  void shouldProduceAndConsumeEveryRecordTypeThroughBrokerAndRegistry() throws Exception {
    FrameWindow window =
        FrameWindow.newBuilder()
            .setStreamId("s")
            .setSource("a.mp4")
            .setWindowSeq(3)
            .setShotIndex(0)
            .setFirstFrame(0)
            .setLastFrame(24)
            .setStartMicros(0)
            .setEndMicros(960_000)
            .setFps(25)
            .setWidth(320)
            .setHeight(180)
            .setFrames(
                List.of(
                    new SampledFrame(
                        0L, 0L, ByteBuffer.wrap(new byte[] {(byte) 0xFF, (byte) 0xD8}))))
            .build();
    MotionEvent event =
        MotionEvent.newBuilder()
            .setStreamId("s")
            .setSource("a.mp4")
            .setWindowSeq(3)
            .setShotIndex(0)
            .setFirstFrame(0)
            .setLastFrame(24)
            .setStartMicros(0)
            .setEndMicros(960_000)
            .setFps(25)
            .setLabels(List.of("zoom-in"))
            .setScores(Map.of("zoom-in", 0.9))
            .setObservation("o")
            .setThinking("t")
            .setAnswer("zoom-in")
            .setCues(MotionCues.newBuilder().setScaleRate(0.12).build())
            .setBackend("geometry")
            .setModelVersion("v")
            .build();
    ShotTimeline timeline =
        ShotTimeline.newBuilder()
            .setStreamId("s")
            .setSource("a.mp4")
            .setShotIndex(0)
            .setStartFrame(0)
            .setEndFrame(25)
            .setStartSec(0)
            .setEndSec(1)
            .setFps(25)
            .setStatus(ShotStatus.CLOSED)
            .setSegments(List.of())
            .setWindowCount(1)
            .setLastWindowSeq(3)
            .build();
    DeadLetter dead =
        DeadLetter.newBuilder()
            .setOriginTopic("t")
            .setOriginPartition(0)
            .setOriginOffset(5)
            .setStage("worker.reason")
            .setReason("boom")
            .setService("w-0")
            .setFailedAtMs(1)
            .build();

    var w = roundTrip(Topics.FRAME_WINDOWS, "s", window);
    assertThat(w)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.key()).isEqualTo("s");
              assertThat(r.value()).isEqualTo(window);
            });
    assertThat(roundTrip(Topics.MOTION_EVENTS, "s", event))
        .singleElement()
        .satisfies(r -> assertThat(r.value()).isEqualTo(event));
    assertThat(roundTrip(Topics.SHOT_TIMELINES, new ShotKey("s", 0, 0L, ""), timeline))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.key()).isEqualTo(new ShotKey("s", 0, 0L, ""));
              assertThat(r.value()).isEqualTo(timeline);
            });
    assertThat(roundTrip(Topics.DLQ, new byte[] {1}, dead))
        .singleElement()
        .satisfies(r -> assertThat(r.value()).isEqualTo(dead));
    assertThat(serdes.client().subjects())
        .contains(
            PREFIX + "camreasoner.frame-windows-value",
            PREFIX + "camreasoner.shot-timelines-key",
            PREFIX + "camreasoner.dlq-value");
  }
}
