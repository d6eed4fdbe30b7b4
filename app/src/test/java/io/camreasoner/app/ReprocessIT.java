package io.camreasoner.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.camreasoner.ingest.pipeline.IngestResult;
import io.camreasoner.ingest.source.Source;
import io.camreasoner.ingest.source.Sources;
import io.camreasoner.platform.lifecycle.ServiceRunner;
import io.camreasoner.schemas.MotionLabel;
import io.camreasoner.schemas.Topics;
import io.camreasoner.schemas.avro.ShotTimeline;
import io.camreasoner.stack.Analysis;
import io.camreasoner.stack.PipelineStack;
import io.camreasoner.stack.TimelineCollector;
import io.camreasoner.synth.CameraMotion;
import io.camreasoner.synth.ClipSpec;
import io.camreasoner.synth.ClipWriter;
import io.camreasoner.synth.Programme;
import io.camreasoner.synth.SceneKind;
import io.camreasoner.worker.InferenceWorker;
import io.camreasoner.worker.config.WorkerConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reprocessing an archive on the same cluster: another reasoner (the learned model) is a second
 * result set beside the first, while the same reasoner again produces nothing new on the timeline
 * topic. Production workers and aggregator on the embedded stack.
 */
class ReprocessIT {
  @TempDir Path dir;

  @Test
  void shouldAddASecondResultSetForAnotherModelAndNothingForTheSameOne() throws Exception {
    Path video = dir.resolve("archive.mp4");
    ClipWriter.write(
        video,
        Programme.of(
            "archive",
            List.of(
                ClipSpec.of(
                    SceneKind.LAYERED_3D,
                    CameraMotion.STATIC.plus(MotionLabel.TILT_DOWN, 8),
                    320,
                    180,
                    25,
                    50,
                    51),
                ClipSpec.of(
                    SceneKind.LAYERED_3D,
                    CameraMotion.STATIC.plus(MotionLabel.PAN_LEFT, 10),
                    320,
                    180,
                    25,
                    50,
                    52))),
        5);
    Source source = Sources.expand(List.of(video.toString()), null).get(0);
    try (PipelineStack stack =
            PipelineStack.start(
                PipelineStack.Options.embedded(dir.resolve("stack"), 2, true),
                new SimpleMeterRegistry());
        TimelineCollector timelines =
            new TimelineCollector(stack.kafka(), Topics.SHOT_TIMELINES, stack.serdes())) {
      IngestResult ingested =
          new Analysis(stack, timelines, null, Analysis.Limits.defaults())
              .run(List.of(source))
              .get(0);
      assertThat(ingested.ok()).as(ingested.error()).isTrue();
      String geometry = stack.producer();
      assertThat(timelines.finished(source.streamId(), 0, geometry)).isTrue();
      long before = endOffsets(stack, Topics.SHOT_TIMELINES.name());

      // the same archive's windows read again by workers of their own consumer groups: first
      // the learned model, then the geometry reasoner again
      long windows = endOffsets(stack, Topics.FRAME_WINDOWS.name());
      String model;
      try (Reprocessing byModel = Reprocessing.start(stack, "model")) {
        model = byModel.producer();
        Awaitility.await("the model's timeline")
            .atMost(Duration.ofMinutes(2))
            .until(
                () ->
                    timelines.finished(source.streamId(), 0, model)
                        && byModel.committed(stack) >= windows);
      }
      long withModel = settled(stack);
      String same;
      try (Reprocessing again = Reprocessing.start(stack, "geometry")) {
        same = again.producer();
        Awaitility.await("geometry reprocessed")
            .atMost(Duration.ofMinutes(2))
            .until(() -> again.committed(stack) >= windows);
      }
      long afterSame = settled(stack);

      assertThat(model).startsWith("model@").isNotEqualTo(geometry);
      assertThat(same).isEqualTo(geometry);
      assertThat(withModel).as("the model's timeline was added").isGreaterThan(before);
      assertThat(afterSame).as("the same producer again adds nothing").isEqualTo(withModel);
      List<ShotTimeline> first = timelines.shots(source.streamId(), 0, geometry);
      List<ShotTimeline> second = timelines.shots(source.streamId(), 0, model);
      assertThat(first).hasSize(2);
      assertThat(second).hasSize(2);
      assertThat(second).allSatisfy(t -> assertThat(t.getProducer()).isEqualTo(model));
      assertThat(first.get(1).getSegments().get(0).getLabels()).contains("pan-left");
      assertThat(second.get(1).getSegments().get(0).getLabels()).contains("pan-left");
    }
  }

  /**
   * The timeline topic's end offsets once the aggregator has committed every motion event (its
   * outputs are committed in the same transactions).
   */
  private static long settled(PipelineStack stack) {
    String events = Topics.MOTION_EVENTS.name();
    long all = endOffsets(stack, events);
    Awaitility.await("the aggregator caught up")
        .atMost(Duration.ofMinutes(1))
        .until(() -> committed(stack, stack.aggregatorConfig().applicationId(), events) >= all);
    return endOffsets(stack, Topics.SHOT_TIMELINES.name());
  }

  /** Offsets a group committed on a topic, summed over its partitions. */
  private static long committed(PipelineStack stack, String group, String topic) {
    try (KafkaConsumer<byte[], byte[]> c = consumer(stack, group)) {
      Set<TopicPartition> parts =
          c.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .collect(Collectors.toSet());
      return c.committed(parts).values().stream().mapToLong(o -> o == null ? 0 : o.offset()).sum();
    }
  }

  /** A worker of its own consumer group on the stack, reading every window from the start. */
  private record Reprocessing(String producer, String group, ServiceRunner runner)
      implements AutoCloseable {
    static Reprocessing start(PipelineStack stack, String backend) throws Exception {
      String group = "reprocess-" + UUID.randomUUID();
      InferenceWorker worker =
          InferenceWorker.create(
              WorkerConfig.parse(
                  Map.of(
                      "kafka.bootstrap",
                      stack.kafka(),
                      "schema.registry.url",
                      stack.registry(),
                      "reasoner.backend",
                      backend,
                      "worker.group-id",
                      group,
                      "worker.threads",
                      "1"),
                  name -> null),
              stack.serdes());
      ServiceRunner runner = new ServiceRunner("reprocess");
      runner.start(worker);
      return new Reprocessing(worker.producer(), group, runner);
    }

    /** Offsets the worker's group committed on the frame-windows topic, summed. */
    long committed(PipelineStack stack) {
      return ReprocessIT.committed(stack, group, Topics.FRAME_WINDOWS.name());
    }

    @Override
    public void close() {
      runner.close();
    }
  }

  /** Records (and transaction markers) on a topic: the sum of its partitions' end offsets. */
  private static long endOffsets(PipelineStack stack, String topic) {
    try (KafkaConsumer<byte[], byte[]> c = consumer(stack, null)) {
      List<TopicPartition> parts =
          c.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      return c.endOffsets(parts).values().stream().mapToLong(Long::longValue).sum();
    }
  }

  private static KafkaConsumer<byte[], byte[]> consumer(PipelineStack stack, String group) {
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    if (group != null) {
      props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    }
    return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }
}
