package io.camreasoner.worker.loop;

import static org.assertj.core.api.Assertions.assertThat;

import io.camreasoner.schemas.DeadLetterHeaders;
import io.camreasoner.schemas.avro.DeadLetter;
import io.camreasoner.schemas.avro.FrameWindow;
import io.camreasoner.schemas.avro.MotionEvent;
import io.camreasoner.worker.testing.KraftBroker;
import io.camreasoner.worker.testing.PixelBackends;
import io.camreasoner.worker.testing.PlainAvro;
import io.camreasoner.worker.testing.TestWindows;
import io.camreasoner.worker.testing.TopicReader;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The worker loop against a real KRaft broker: exactly one event per window, DLQ, rebalance. */
class WorkerServiceIT {

  private static KraftBroker broker;

  @BeforeAll
  static void startBroker() throws Exception {
    Path dir = Files.createTempDirectory("worker-it-broker");
    broker = KraftBroker.start(dir);
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  private static WorkerSettings settings(String prefix, String instance, int threads) {
    return new WorkerSettings(
        broker.bootstrap(),
        prefix + "-group",
        instance,
        prefix + "-frames",
        prefix + "-events",
        prefix + "-dlq",
        threads,
        3,
        Duration.ofMillis(10),
        2,
        Duration.ofMillis(50),
        2,
        Duration.ofMillis(10),
        Duration.ofSeconds(20),
        "worker-it");
  }

  private static WorkerService worker(WorkerSettings s, PixelBackends backends) {
    return worker(s, backends, Map.of(), new SimpleMeterRegistry());
  }

  private static WorkerService worker(
      WorkerSettings s,
      PixelBackends backends,
      Map<String, Object> overrides,
      MeterRegistry meters) {
    return new WorkerService(
        s,
        backends,
        PlainAvro.deserializer(FrameWindow.class),
        PlainAvro.serializer(MotionEvent.class),
        PlainAvro.serializer(DeadLetter.class),
        meters,
        overrides);
  }

  /** Windows the worker turned into events so far, as its meter counts them. */
  private static double events(MeterRegistry meters) {
    return meters.get("camreasoner.worker.windows").tag("outcome", "event").counter().count();
  }

  private static void produce(String topic, List<ProducerRecord<byte[], byte[]>> records)
      throws Exception {
    try (KafkaProducer<byte[], byte[]> p =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap()),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      for (ProducerRecord<byte[], byte[]> r : records) {
        p.send(r).get();
      }
    }
  }

  private static ProducerRecord<byte[], byte[]> window(String topic, FrameWindow w) {
    return new ProducerRecord<>(
        topic,
        w.getStreamId().getBytes(StandardCharsets.UTF_8),
        PlainAvro.serializer(FrameWindow.class).serialize(topic, w));
  }

  /** Streams s0..s{streams-1}, each {@code perStream} windows then an end-of-stream marker. */
  private static List<ProducerRecord<byte[], byte[]>> streams(
      String topic, int streams, int perStream) {
    List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
    for (int i = 0; i < perStream + 1; i++) {
      for (int s = 0; s < streams; s++) {
        FrameWindow w = TestWindows.window("s" + s, i, 3, (i + s) % 2 == 0 ? 0 : 4);
        if (i == perStream) {
          w.setFrames(List.of());
          w.setEndOfStream(true);
          w.setCuts(List.of(5L));
        }
        out.add(window(topic, w));
      }
    }
    return out;
  }

  /** Events by stream, in the order read; asserts one event per window in window order. */
  private static Map<String, List<MotionEvent>> byStream(
      List<ConsumerRecord<byte[], byte[]>> records) {
    Map<String, List<MotionEvent>> out = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> r : records) {
      MotionEvent e = PlainAvro.deserializer(MotionEvent.class).deserialize(r.topic(), r.value());
      assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(e.getStreamId());
      out.computeIfAbsent(e.getStreamId(), k -> new ArrayList<>()).add(e);
    }
    return out;
  }

  private static void assertOneEventPerWindowInOrder(
      Map<String, List<MotionEvent>> events, int streams, int perStream) {
    for (int s = 0; s < streams; s++) {
      List<MotionEvent> list = events.get("s" + s);
      assertThat(list).as("events of s%d", s).hasSize(perStream + 1);
      for (int i = 0; i < perStream; i++) {
        MotionEvent e = list.get(i);
        assertThat(e.getWindowSeq()).isEqualTo(i);
        assertThat(e.getLabels()).containsExactly((i + s) % 2 == 0 ? "static" : "pan-left");
      }
      MotionEvent eos = list.get(perStream);
      assertThat(eos.getEndOfStream()).isTrue();
      assertThat(eos.getCuts()).containsExactly(5L);
      assertThat(eos.getLabels()).isEmpty();
    }
  }

  @Test
  void shouldWriteOneEventPerWindowInOrderAndDeadLetterWhatCannotBeProcessed() throws Exception {
    String prefix = "basic";
    WorkerSettings s = settings(prefix, "a", 2);
    broker.createTopics(Map.of(s.inputTopic(), 3, s.outputTopic(), 3, s.dlqTopic(), 1));
    List<ProducerRecord<byte[], byte[]>> input = new ArrayList<>(streams(s.inputTopic(), 4, 6));
    FrameWindow corrupt = TestWindows.window("broken", 0, 3, 1);
    corrupt.getFrames().get(1).setJpeg(ByteBuffer.wrap(new byte[] {(byte) 0xff, (byte) 0xd8, 0}));
    input.add(window(s.inputTopic(), corrupt));
    input.add(window(s.inputTopic(), TestWindows.window("poison", 0, 3, 1)));
    input.add(
        new ProducerRecord<>(
            s.inputTopic(), "junk".getBytes(StandardCharsets.UTF_8), new byte[] {9, 9, 9}));
    produce(s.inputTopic(), input);

    MeterRegistry meters = new SimpleMeterRegistry();
    try (WorkerService w = worker(s, new PixelBackends(3), Map.of(), meters)) {
      w.start();
      List<ConsumerRecord<byte[], byte[]>> events =
          TopicReader.readCommitted(
              broker.bootstrap(), s.outputTopic(), 30, Duration.ofSeconds(60));
      List<ConsumerRecord<byte[], byte[]>> dead =
          TopicReader.readCommitted(broker.bootstrap(), s.dlqTopic(), 3, Duration.ofSeconds(30));

      // 24 windows + 4 end markers, and one failure event for each window that failed (the
      // undecodable JPEG, the poisoned window), beside their dead letters
      assertThat(events).hasSize(30);
      Map<String, List<MotionEvent>> byStream = byStream(events);
      assertOneEventPerWindowInOrder(byStream, 4, 6);
      assertThat(byStream.get("broken"))
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.getFailure()).contains("not a decodable JPEG");
                assertThat(e.getLabels()).isEmpty();
              });
      assertThat(byStream.get("poison"))
          .singleElement()
          .satisfies(e -> assertThat(e.getFailure()).contains("failed on window poison#0"));
      assertThat(dead).hasSize(3);
      List<String> stages =
          dead.stream()
              .map(r -> PlainAvro.deserializer(DeadLetter.class).deserialize(r.topic(), r.value()))
              .map(DeadLetter::getStage)
              .sorted()
              .toList();
      assertThat(stages)
          .containsExactly("worker.decode-jpeg", "worker.deserialize", "worker.reason");
      assertThat(dead)
          .allSatisfy(
              r -> {
                DeadLetter letter =
                    PlainAvro.deserializer(DeadLetter.class).deserialize(r.topic(), r.value());
                assertThat(DeadLetterHeaders.read(r.headers()))
                    .isEqualTo(DeadLetterHeaders.of(letter));
                assertThat(letter.getOriginTopic()).isEqualTo(s.inputTopic());
              });
      assertThat(w.healthy()).isTrue();
      assertThat(events(meters)).isEqualTo(24);
    }
  }

  @Test
  void shouldSpreadOnePartitionOverEveryThreadAndStillWriteEventsInOrderWhenTheyFinishOutOfOrder()
      throws Exception {
    String prefix = "reorder";
    WorkerSettings s = settings(prefix, "a", 3);
    broker.createTopics(Map.of(s.inputTopic(), 1, s.outputTopic(), 1, s.dlqTopic(), 1));
    produce(s.inputTopic(), streams(s.inputTopic(), 2, 30));
    PixelBackends backends = new PixelBackends(1).withJitter();

    try (WorkerService w = worker(s, backends)) {
      w.start();
      List<ConsumerRecord<byte[], byte[]>> events =
          TopicReader.readCommitted(
              broker.bootstrap(), s.outputTopic(), 62, Duration.ofSeconds(60));

      assertThat(events).hasSize(62);
      assertOneEventPerWindowInOrder(byStream(events), 2, 30);
      // offsets on the single output partition follow the input order exactly
      for (int i = 1; i < events.size(); i++) {
        assertThat(events.get(i).offset()).isGreaterThan(events.get(i - 1).offset());
      }
      assertThat(backends.threads()).as("threads that reasoned").hasSizeGreaterThanOrEqualTo(2);
    }
  }

  @Test
  void shouldKeepExactlyOneEventPerWindowWhenASecondWorkerJoinsAndTheFirstLeaves()
      throws Exception {
    String prefix = "rebalance";
    WorkerSettings first = settings(prefix, "a", 2);
    broker.createTopics(Map.of(first.inputTopic(), 4, first.outputTopic(), 4, first.dlqTopic(), 1));
    int streams = 8;
    int perStream = 12;
    produce(first.inputTopic(), streams(first.inputTopic(), streams, perStream));

    MeterRegistry meters = new SimpleMeterRegistry();
    WorkerService a = worker(first, new PixelBackends(3, 15), Map.of(), meters);
    WorkerService b = worker(settings(prefix, "b", 2), new PixelBackends(3, 15));
    try {
      a.start();
      Awaitility.await("first worker made progress")
          .atMost(Duration.ofSeconds(60))
          .until(() -> events(meters) >= 10);
      b.start();
      Awaitility.await("second worker got partitions")
          .atMost(Duration.ofSeconds(60))
          .until(b::assigned);
      a.close(); // graceful: finishes in-flight windows, commits, leaves the group
      List<ConsumerRecord<byte[], byte[]>> events =
          TopicReader.readCommitted(
              broker.bootstrap(),
              first.outputTopic(),
              streams * (perStream + 1),
              Duration.ofSeconds(90));

      assertThat(events).hasSize(streams * (perStream + 1));
      assertOneEventPerWindowInOrder(byStream(events), streams, perStream);
      assertThat(a.failure()).isNull();
      assertThat(b.healthy()).isTrue();
    } finally {
      a.close();
      b.close();
    }
  }

  @Test
  void shouldPauseFullPartitionsAndKeepPollingWhenInferenceOutlastsMaxPollInterval()
      throws Exception {
    String prefix = "slow";
    WorkerSettings s = settings(prefix, "a", 1);
    broker.createTopics(Map.of(s.inputTopic(), 1, s.outputTopic(), 1, s.dlqTopic(), 1));
    int perStream = 40;
    produce(s.inputTopic(), streams(s.inputTopic(), 1, perStream));

    // 40 windows x 100 ms of inference = 4 s of work, max.poll.interval.ms = 2 s: only a loop that
    // keeps polling while the backend works stays in the group
    MeterRegistry meters = new SimpleMeterRegistry();
    try (WorkerService w =
        worker(
            s,
            new PixelBackends(3, 100),
            Map.of("max.poll.interval.ms", 2000, "max.poll.records", 4),
            meters)) {
      w.start();
      List<ConsumerRecord<byte[], byte[]>> events =
          TopicReader.readCommitted(
              broker.bootstrap(), s.outputTopic(), perStream + 1, Duration.ofSeconds(60));

      assertThat(events).hasSize(perStream + 1);
      assertOneEventPerWindowInOrder(byStream(events), 1, perStream);
      assertThat(meters.get("camreasoner.worker.pauses").counter().count()).isPositive();
      assertThat(w.healthy()).isTrue();
    }
  }
}
