package io.camreasoner.worker.loop;

import static org.assertj.core.api.Assertions.assertThat;

import io.camreasoner.schemas.DeadLetterHeaders;
import io.camreasoner.schemas.DeadLetterRecords;
import io.camreasoner.schemas.avro.DeadLetter;
import io.camreasoner.schemas.avro.FrameWindow;
import io.camreasoner.schemas.avro.MotionEvent;
import io.camreasoner.schemas.avro.Transition;
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
          "",
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
      assertThat(out.get(i).records().get(0).key())
          .isEqualTo("cam".getBytes(StandardCharsets.UTF_8));
      MotionEvent e = event(out.get(i).records().get(0));
      FrameWindow w = TestWindows.window("cam", i, 3, 0);
      assertThat(e.getWindowSeq()).isEqualTo(i);
      assertThat(e.getFirstFrame()).isEqualTo(w.getFirstFrame());
      assertThat(e.getLastFrame()).isEqualTo(w.getLastFrame());
      assertThat(e.getLabels()).containsExactly(i % 2 == 0 ? "static" : "pan-left");
      assertThat(e.getScores()).hasSize(15);
      assertThat(e.getBackend()).isEqualTo("pixel-test");
      assertThat(e.getProcessedTimeMs()).isEqualTo(1_000_000);
      assertThat(e.getEndOfStream()).isFalse();
      // the shot's first window (frame 0 = the shot's start) carries its thumbnail, no other does
      if (i == 0) {
        java.awt.image.BufferedImage thumb =
            javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(e.getThumbnail().array()));
        assertThat(thumb.getWidth()).isEqualTo(64);
        assertThat(thumb.getHeight()).isEqualTo(48);
      } else {
        assertThat(e.getThumbnail()).isNull();
      }
    }
    assertThat(registry.get("camreasoner.worker.batch.size").summary().max()).isEqualTo(4);
    assertThat(registry.get("camreasoner.worker.windows").tag("outcome", "event").counter().count())
        .isEqualTo(4);
  }

  @Test
  void shouldPassEndOfStreamThroughWithErrorCutsAndTransitions() throws Exception {
    FrameWindow eos = TestWindows.window("cam", 9, 1, 0);
    eos.setFrames(List.of());
    eos.setEndOfStream(true);
    eos.setError("decoder gave up");
    eos.setCuts(List.of(97L, 153L));
    List<Transition> transitions =
        List.of(
            new Transition("cut", 97L, 98L),
            new Transition("dissolve", 120L, 140L),
            new Transition("cut", 153L, 154L));
    eos.setTransitions(transitions);
    eos.setShotIndex(3);
    eos.setShotStartFrame(153L);
    eos.setPreviousShotEndFrame(153L);

    MotionEvent e = event(processor.process(List.of(record(eos))).get(0).records().get(0));

    assertThat(e.getEndOfStream()).isTrue();
    assertThat(e.getLabels()).isEmpty();
    assertThat(e.getError()).isEqualTo("decoder gave up");
    assertThat(e.getCuts()).containsExactly(97L, 153L);
    assertThat(e.getTransitions()).isEqualTo(transitions);
    assertThat(e.getShotIndex()).isEqualTo(3);
    assertThat(e.getPreviousShotEndFrame()).isEqualTo(153L);
    assertThat(e.getWindowSeq()).isEqualTo(9);
  }

  @Test
  void shouldCopyWhereThePreviousShotEndedIntoEveryWindowsEvent() throws Exception {
    FrameWindow afterDissolve = TestWindows.window("cam", 4, 3, 0);
    afterDissolve.setShotIndex(1);
    afterDissolve.setShotStartFrame(24L); // frames 10-23 were a dissolve
    afterDissolve.setPreviousShotEndFrame(10L);

    MotionEvent e =
        event(processor.process(List.of(record(afterDissolve))).get(0).records().get(0));

    assertThat(e.getShotIndex()).isEqualTo(1);
    assertThat(e.getShotStartFrame()).isEqualTo(24L);
    assertThat(e.getPreviousShotEndFrame()).isEqualTo(10L);
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

    assertThat(event(out.get(0).records().get(0)).getWindowSeq()).isZero();
    DeadLetter garbage = letter(out.get(1).records().get(0));
    assertThat(garbage.getStage()).isEqualTo("worker.deserialize");
    assertThat(garbage.getOriginTopic()).isEqualTo("frames");
    assertThat(garbage.getOriginPartition()).isEqualTo(1);
    assertThat(garbage.getOriginOffset()).isEqualTo(batch.get(1).offset());
    assertThat(garbage.getValue().array()).isEqualTo("garbage".getBytes(StandardCharsets.UTF_8));
    assertThat(headers(out.get(1).records().get(0)))
        .isEqualTo(
            new DeadLetterHeaders(
                "frames", 1, batch.get(1).offset(), garbage.getReason(), "worker.deserialize"));
    DeadLetter jpeg = letter(out.get(2).records().get(0));
    assertThat(jpeg.getStage()).isEqualTo("worker.decode-jpeg");
    assertThat(jpeg.getReason()).contains("window cam#1 frame").contains("not a decodable JPEG");
    assertThat(headers(out.get(2).records().get(0)).reason()).isEqualTo(jpeg.getReason());
    assertThat(headers(out.get(2).records().get(0)).stage()).isEqualTo("worker.decode-jpeg");
    assertThat(event(out.get(3).records().get(0)).getWindowSeq()).isEqualTo(2);
  }

  @Test
  void shouldDeadLetterOnlyTheWindowTheBackendFailsOn() throws Exception {
    List<ConsumerRecord<byte[], byte[]>> batch =
        List.of(
            record(TestWindows.window("cam", 0, 2, 1)),
            record(TestWindows.window("poison", 0, 2, 1)),
            record(TestWindows.window("cam", 1, 2, 1)));

    List<WindowProcessor.Output> out = processor.process(batch);

    assertThat(event(out.get(0).records().get(0)).getWindowSeq()).isZero();
    DeadLetter d = letter(out.get(1).records().get(0));
    assertThat(d.getStage()).isEqualTo("worker.reason");
    assertThat(d.getReason()).contains("backend pixel-test failed on window poison#0");
    assertThat(out.get(1).records()).hasSize(2);
    assertThat(event(out.get(1).records().get(1)).getFailure()).isEqualTo(d.getReason());
    assertThat(event(out.get(2).records().get(0)).getWindowSeq()).isEqualTo(1);
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
                .records()
                .get(0));

    assertThat(e.getLabels()).containsExactly("pan-left");
    assertThat(
            registry
                .get("camreasoner.worker.backend.errors")
                .tag("retriable", "true")
                .counter()
                .count())
        .isEqualTo(1);
  }

  @Test
  void shouldAnswerTooShortToJudgeWithoutTheBackendWhenAWindowHasOneFrame() throws Exception {
    FrameWindow single = TestWindows.window("poison", 4, 1, 0);

    List<WindowProcessor.Output> out = processor.process(List.of(record(single)));

    // "poison" fails in the backend: the answer came without calling it
    assertThat(out.get(0).records()).hasSize(1);
    MotionEvent e = event(out.get(0).records().get(0));
    assertThat(e.getWindowSeq()).isEqualTo(4);
    assertThat(e.getLabels()).isEmpty();
    assertThat(e.getFailure()).isNull();
    assertThat(e.getAnswer()).isEqualTo(MotionEvents.TOO_SHORT);
    assertThat(e.getObservation()).contains("1 sampled frame(s)");
    assertThat(registry.get("camreasoner.worker.windows").tag("outcome", "event").counter().count())
        .isEqualTo(1);
  }

  @Test
  void shouldStampSessionAndProducerOnEveryEventWhenTheWindowHasASession() throws Exception {
    FrameWindow live = TestWindows.window("cam", 0, 3, 1);
    live.setSession(1_700_000_000_000L);
    FrameWindow eos = TestWindows.window("cam", 1, 1, 0);
    eos.setFrames(List.of());
    eos.setEndOfStream(true);
    eos.setSession(1_700_000_000_000L);

    List<WindowProcessor.Output> out = processor.process(List.of(record(live), record(eos)));

    for (WindowProcessor.Output o : out) {
      MotionEvent e = event(o.records().get(0));
      assertThat(e.getSession()).isEqualTo(1_700_000_000_000L);
      assertThat(e.getProducer()).isEqualTo("pixel-test@" + e.getModelVersion());
    }
  }

  @Test
  void shouldDigestTheResultSettingsIntoTheProducerWhenThereAreAny() {
    assertThat(MotionEvents.producer("model", "motion-mlp.onnx@e16ed3a2", ""))
        .isEqualTo("model@motion-mlp.onnx@e16ed3a2");
    String a = MotionEvents.producer("model", "v1", "threshold=0.5;ensemble=geometry;weight=0.5");
    String b = MotionEvents.producer("model", "v1", "threshold=0.6;ensemble=geometry;weight=0.5");
    assertThat(a).matches("model@v1#[0-9a-f]{8}").isNotEqualTo(b);
    assertThat(MotionEvents.producer("model", "v1", "threshold=0.5;ensemble=geometry;weight=0.5"))
        .isEqualTo(a);
  }
}
