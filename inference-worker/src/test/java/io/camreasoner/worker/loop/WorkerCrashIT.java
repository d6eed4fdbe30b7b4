package io.camreasoner.worker.loop;

import static org.assertj.core.api.Assertions.assertThat;

import io.camreasoner.schemas.avro.DeadLetter;
import io.camreasoner.schemas.avro.FrameWindow;
import io.camreasoner.schemas.avro.MotionEvent;
import io.camreasoner.worker.testing.CrashTestWorkerMain;
import io.camreasoner.worker.testing.KraftBroker;
import io.camreasoner.worker.testing.PixelBackends;
import io.camreasoner.worker.testing.PlainAvro;
import io.camreasoner.worker.testing.TestWindows;
import io.camreasoner.worker.testing.TopicReader;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Exactly-once across a crash: a worker process is killed with SIGKILL in the middle of an archive,
 * started again with the same instance id, and the committed motion events must be exactly one per
 * window and identical to an uninterrupted run's.
 */
class WorkerCrashIT {

  private static final int STREAMS = 6;
  private static final int PER_STREAM = 30;
  private static final int TOTAL = STREAMS * (PER_STREAM + 1);

  private static KraftBroker broker;
  private static Path dir;

  @BeforeAll
  static void startBroker() throws Exception {
    dir = Files.createTempDirectory("worker-crash-it");
    broker = KraftBroker.start(dir);
    broker.createTopics(
        Map.of("crash-frames", 3, "crash-events", 3, "ref-events", 3, "crash-dlq", 1));
    try (KafkaProducer<byte[], byte[]> p =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap()),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      List<java.util.concurrent.Future<?>> sent = new java.util.ArrayList<>();
      for (int i = 0; i <= PER_STREAM; i++) {
        for (int s = 0; s < STREAMS; s++) {
          FrameWindow w = TestWindows.window("cam" + s, i, 3, (i / 5 + s) % 2 == 0 ? 0 : 3);
          if (i == PER_STREAM) {
            w.setFrames(List.of());
            w.setEndOfStream(true);
          }
          sent.add(
              p.send(
                  new ProducerRecord<>(
                      "crash-frames",
                      w.getStreamId().getBytes(StandardCharsets.UTF_8),
                      PlainAvro.serializer(FrameWindow.class).serialize("crash-frames", w))));
        }
      }
      p.flush();
      for (java.util.concurrent.Future<?> f : sent) {
        f.get(); // a fixture record that failed to go out must fail the test here
      }
    }
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  private static Process workerProcess(String log) throws Exception {
    return KraftBroker.java(
        dir,
        log,
        CrashTestWorkerMain.class.getName(),
        broker.bootstrap(),
        "crash-group",
        "instance-0",
        "crash-frames",
        "crash-events",
        "crash-dlq",
        "15");
  }

  @Test
  void shouldCommitExactlyOneIdenticalEventPerWindowWhenTheWorkerIsKilledMidArchive()
      throws Exception {
    // reference: an uninterrupted run in this JVM, another group, another output topic
    WorkerSettings ref =
        CrashTestWorkerMain.loopSettings(
            broker.bootstrap(), "ref-group", "0", "crash-frames", "ref-events", "crash-dlq");
    Map<String, MotionEvent> expected;
    try (WorkerService w =
        new WorkerService(
            ref,
            new PixelBackends(3),
            PlainAvro.deserializer(FrameWindow.class),
            PlainAvro.serializer(MotionEvent.class),
            PlainAvro.serializer(DeadLetter.class),
            new SimpleMeterRegistry(),
            Map.of())) {
      w.start();
      expected =
          byWindow(
              TopicReader.readCommitted(
                  broker.bootstrap(), "ref-events", TOTAL, Duration.ofSeconds(60)));
    }
    assertThat(expected).hasSize(TOTAL);

    Process first = workerProcess("worker-1.log");
    try {
      // let it commit part of the archive, then kill -9 while it is busy
      TopicReader.readCommitted(broker.bootstrap(), "crash-events", 40, Duration.ofSeconds(90));
      assertThat(first.isAlive()).as("worker still running when killed").isTrue();
    } finally {
      first.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, open transaction left behind
      first.waitFor(30, TimeUnit.SECONDS);
    }
    int committedAtKill =
        TopicReader.readCommitted(broker.bootstrap(), "crash-events", 1, Duration.ofSeconds(30))
            .size();
    assertThat(committedAtKill).as("killed mid-archive").isLessThan(TOTAL);

    Process second = workerProcess("worker-2.log");
    List<ConsumerRecord<byte[], byte[]>> events;
    try {
      events =
          TopicReader.readCommitted(
              broker.bootstrap(), "crash-events", TOTAL, Duration.ofSeconds(120));
    } finally {
      second.destroy();
      second.waitFor(30, TimeUnit.SECONDS);
    }

    assertThat(events).as("one committed event per window, no duplicates").hasSize(TOTAL);
    Map<String, MotionEvent> actual = byWindow(events);
    assertThat(actual).hasSize(TOTAL);
    assertThat(actual).isEqualTo(expected);
  }

  /** Events keyed by stream#seq, with wall-clock fields cleared; fails on a duplicate window. */
  private static Map<String, MotionEvent> byWindow(List<ConsumerRecord<byte[], byte[]>> records) {
    Map<String, MotionEvent> out = new TreeMap<>();
    for (ConsumerRecord<byte[], byte[]> r : records) {
      MotionEvent e = PlainAvro.deserializer(MotionEvent.class).deserialize(r.topic(), r.value());
      e.setProcessedTimeMs(0L);
      e.setInferenceMillis(0.0);
      MotionEvent previous = out.put(e.getStreamId() + "#" + e.getWindowSeq(), e);
      assertThat(previous)
          .as("duplicate event for %s#%d", e.getStreamId(), e.getWindowSeq())
          .isNull();
    }
    return out;
  }
}
