package io.camreasoner.worker.loop;

import static org.assertj.core.api.Assertions.assertThat;

import io.camreasoner.schemas.DeadLetterHeaders;
import io.camreasoner.schemas.DeadLetterRecords;
import io.camreasoner.schemas.avro.DeadLetter;
import io.camreasoner.schemas.avro.FrameWindow;
import io.camreasoner.schemas.avro.MotionEvent;
import io.camreasoner.worker.testing.PixelBackends;
import io.camreasoner.worker.testing.PlainAvro;
import io.camreasoner.worker.testing.TestWindows;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class WindowProcessorTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final WorkerMetrics metrics = new WorkerMetrics(registry, "pixel-test");
  private final WindowProcessor processor =
      new WindowProcessor(
          new PixelBackends(4).create(),
          PlainAvro.deserializer(FrameWindow.class),
          PlainAvro.serializer(MotionEvent.class),
          new DeadLetterRecords("dlq", "worker-test", PlainAvro.serializer(DeadLetter.class)),
          "events",
          new FailurePolicy(2, Duration.ofMillis(1)),
          metrics,
          Clock.fixed(Instant.ofEpochMilli(1_000_000), ZoneOffset.UTC));

  private long offset;

  private ConsumerRecord<byte[], byte[]> record(String key, byte[] value) {
    return new ConsumerRecord<>("frames", 1, offset++, key.getBytes(StandardCharsets.UTF_8), value);
  }

  private ConsumerRecord<byte[], byte[]> record(FrameWindow w) {
    return record(w.getStreamId(), PlainAvro.serializer(FrameWindow.class).serialize("frames", w));
  }

  private static MotionEvent event(ProducerRecord<byte[], byte[]> r) {
    assertThat(r.topic()).isEqualTo("events");
    return PlainAvro.deserializer(MotionEvent.class).deserialize("events", r.value());
  }

  private static DeadLetter letter(ProducerRecord<byte[], byte[]> r) {
    assertThat(r.topic()).isEqualTo("dlq");
    return PlainAvro.deserializer(DeadLetter.class).deserialize("dlq", r.value());
  }

  private static DeadLetterHeaders headers(ProducerRecord<byte[], byte[]> r) {
    return DeadLetterHeaders.read(r.headers());
  }

  @Test
  void shouldTurnEachWindowIntoOneEventInInputOrder() throws Exception {
    List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      batch.add(record(TestWindows.window("cam", i, 3, i % 2 == 0 ? 0 : 5)));
    }

    List<WindowProcessor.Output> out = processor.process(batch);

    assertThat(out).hasSize(4);
    for (int i = 0; i < 4; i++) {
      assertThat(out.get(i).origin()).isSameAs(batch.get(i));
      assertThat(out.get(i).record().key()).isEqualTo("cam".getBytes(StandardCharsets.UTF_8));
      MotionEvent e = event(out.get(i).record());
      FrameWindow w = TestWindows.window("cam", i, 3, 0);
      assertThat(e.getWindowSeq()).isEqualTo(i);
      assertThat(e.getFirstFrame()).isEqualTo(w.getFirstFrame());
      assertThat(e.getLastFrame()).isEqualTo(w.getLastFrame());
      assertThat(e.getLabels()).containsExactly(i % 2 == 0 ? "static" : "pan-left");
      assertThat(e.getScores()).hasSize(15);
      assertThat(e.getBackend()).isEqualTo("pixel-test");
      assertThat(e.getProcessedTimeMs()).isEqualTo(1_000_000);
      assertThat(e.getEndOfStream()).isFalse();
    }
    assertThat(registry.get("camreasoner.worker.batch.size").summary().max()).isEqualTo(4);
    assertThat(registry.get("camreasoner.worker.windows").tag("outcome", "event").counter().count())
        .isEqualTo(4);
  }

  @Test
  void shouldPassEndOfStreamThroughWithErrorAndCuts() throws Exception {
    FrameWindow eos = TestWindows.window("cam", 9, 1, 0);
    eos.setFrames(List.of());
    eos.setEndOfStream(true);
    eos.setError("decoder gave up");
    eos.setCuts(List.of(97L, 153L));

    MotionEvent e = event(processor.process(List.of(record(eos))).get(0).record());

    assertThat(e.getEndOfStream()).isTrue();
    assertThat(e.getLabels()).isEmpty();
    assertThat(e.getError()).isEqualTo("decoder gave up");
    assertThat(e.getCuts()).containsExactly(97L, 153L);
    assertThat(e.getWindowSeq()).isEqualTo(9);
  }

  @Test
  void shouldDeadLetterUndecodableRecordsAndCorruptJpegsAndGoOn() throws Exception {
    FrameWindow corrupt = TestWindows.window("cam", 1, 3, 1);
    corrupt.getFrames().get(2).setJpeg(ByteBuffer.wrap(new byte[] {1, 2, 3}));
    List<ConsumerRecord<byte[], byte[]>> batch =
        List.of(
            record(TestWindows.window("cam", 0, 3, 1)),
            record("cam", "garbage".getBytes(StandardCharsets.UTF_8)),
            record(corrupt),
            record(TestWindows.window("cam", 2, 3, 1)));

    List<WindowProcessor.Output> out = processor.process(batch);

    assertThat(event(out.get(0).record()).getWindowSeq()).isZero();
    DeadLetter garbage = letter(out.get(1).record());
    assertThat(garbage.getStage()).isEqualTo("worker.deserialize");
    assertThat(garbage.getOriginTopic()).isEqualTo("frames");
    assertThat(garbage.getOriginPartition()).isEqualTo(1);
    assertThat(garbage.getOriginOffset()).isEqualTo(batch.get(1).offset());
    assertThat(garbage.getValue().array()).isEqualTo("garbage".getBytes(StandardCharsets.UTF_8));
    assertThat(headers(out.get(1).record()))
        .isEqualTo(
            new DeadLetterHeaders(
                "frames", 1, batch.get(1).offset(), garbage.getReason(), "worker.deserialize"));
    DeadLetter jpeg = letter(out.get(2).record());
    assertThat(jpeg.getStage()).isEqualTo("worker.decode-jpeg");
    assertThat(jpeg.getReason()).contains("window cam#1 frame").contains("not a decodable JPEG");
    assertThat(headers(out.get(2).record()).reason()).isEqualTo(jpeg.getReason());
    assertThat(headers(out.get(2).record()).stage()).isEqualTo("worker.decode-jpeg");
    assertThat(event(out.get(3).record()).getWindowSeq()).isEqualTo(2);
  }

  @Test
  void shouldDeadLetterOnlyTheWindowTheBackendFailsOn() throws Exception {
    List<ConsumerRecord<byte[], byte[]>> batch =
        List.of(
            record(TestWindows.window("cam", 0, 2, 1)),
            record(TestWindows.window("poison", 0, 2, 1)),
            record(TestWindows.window("cam", 1, 2, 1)));

    List<WindowProcessor.Output> out = processor.process(batch);

    assertThat(event(out.get(0).record()).getWindowSeq()).isZero();
    DeadLetter d = letter(out.get(1).record());
    assertThat(d.getStage()).isEqualTo("worker.reason");
    assertThat(d.getReason()).contains("backend pixel-test failed on window poison#0");
    assertThat(event(out.get(2).record()).getWindowSeq()).isEqualTo(1);
    assertThat(
            registry
                .get("camreasoner.worker.backend.errors")
                .tag("retriable", "false")
                .counter()
                .count())
        .isEqualTo(1);
  }

  @Test
  void shouldRetryRetriableBackendFailures() throws Exception {
    MotionEvent e =
        event(
            processor
                .process(List.of(record(TestWindows.window("flaky", 0, 2, 3))))
                .get(0)
                .record());

    assertThat(e.getLabels()).containsExactly("pan-left");
    assertThat(
            registry
                .get("camreasoner.worker.backend.errors")
                .tag("retriable", "true")
                .counter()
                .count())
        .isEqualTo(1);
  }
}
