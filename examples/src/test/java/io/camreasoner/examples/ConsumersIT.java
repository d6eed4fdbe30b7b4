package io.camreasoner.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.camreasoner.ingest.pipeline.IngestResult;
import io.camreasoner.ingest.source.Sources;
import io.camreasoner.schemas.MotionLabel;
import io.camreasoner.schemas.Topics;
import io.camreasoner.stack.Analysis;
import io.camreasoner.stack.PipelineStack;
import io.camreasoner.stack.TimelineCollector;
import io.camreasoner.synth.CameraMotion;
import io.camreasoner.synth.ClipSpec;
import io.camreasoner.synth.ClipWriter;
import io.camreasoner.synth.Programme;
import io.camreasoner.synth.SceneKind;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example consumers against the embedded stack (what {@code camreasoner up} serves) after a
 * two-shot programme was analysed: the Java consumer prints every timeline update and every motion
 * event through the schema registry; the Python consumer (Debian's python3-confluent-kafka and
 * python3-avro; skipped where they are not installed) prints the same timeline lines.
 */
class ConsumersIT {
  @TempDir static Path dir;

  private static PipelineStack stack;
  private static String producer;
  private static String streamId;

  @BeforeAll
  static void analyseAProgramme() throws Exception {
    Path video = dir.resolve("consumers.mp4");
    ClipWriter.write(
        video,
        Programme.of(
            "consumers",
            List.of(
                ClipSpec.of(
                    SceneKind.LAYERED_3D,
                    CameraMotion.STATIC.plus(MotionLabel.PAN_LEFT, 10),
                    320,
                    180,
                    25,
                    50,
                    401),
                ClipSpec.of(
                    SceneKind.STATIC_WITH_MOVERS, CameraMotion.STATIC, 320, 180, 25, 50, 402))),
        5);
    stack =
        PipelineStack.start(
            PipelineStack.Options.embedded(dir.resolve("stack"), 2, true),
            new SimpleMeterRegistry());
    try (TimelineCollector timelines =
        new TimelineCollector(stack.kafka(), Topics.SHOT_TIMELINES, stack.serdes())) {
      IngestResult r =
          new Analysis(stack, timelines, null, Analysis.Limits.defaults())
              .run(Sources.expand(List.of(video.toString()), null))
              .get(0);
      assertThat(r.ok()).as(r.error()).isTrue();
      streamId = r.streamId();
    }
    producer = stack.producer();
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  private static List<String> java(String topic) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    long n =
        TimelineConsumer.consume(
            new TimelineConsumer.Options(
                stack.kafka(), stack.registry(), null, topic, 0, Duration.ofSeconds(5)),
            new PrintStream(bytes, true, StandardCharsets.UTF_8));
    List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).hasSize((int) n);
    return lines;
  }

  @Test
  void shouldPrintEveryClosedShotWhenTheJavaConsumerReadsTheTimelines() {
    List<String> lines = java("timelines");

    // a stream's shots are keyed apart and may sit on different partitions: no order across shots
    List<String> closed = lines.stream().filter(l -> l.contains(" closed ")).sorted().toList();
    assertThat(closed).hasSize(2);
    assertThat(closed.get(0))
        .startsWith(streamId + " session 0 " + producer + " shot 0 closed 0.00-2.00 s: 0.00-")
        .contains("pan-left");
    assertThat(closed.get(1))
        .startsWith(streamId + " session 0 " + producer + " shot 1 closed 2.00-4.00 s: 2.00-")
        .contains("static");
  }

  @Test
  void shouldPrintEveryWindowAndTheEndWhenTheJavaConsumerReadsTheEvents() {
    List<String> lines = java("events");

    assertThat(lines).last().isEqualTo(streamId + " end of stream");
    assertThat(lines.subList(0, lines.size() - 1))
        .isNotEmpty()
        .allSatisfy(
            l -> assertThat(l).startsWith(streamId + " window ").endsWith("(" + producer + ")"));
    assertThat(lines).anyMatch(l -> l.contains(" shot 0 ") && l.contains(": pan-left "));
  }

  @Test
  void shouldPrintTheSameTimelineLinesWhenThePythonConsumerReadsThem() throws Exception {
    Path python = Path.of("/usr/bin/python3");
    Assumptions.assumeTrue(
        Files.isExecutable(python)
            && new ProcessBuilder(
                        python.toString(),
                        "-c",
                        "import confluent_kafka, avro;"
                            + " from confluent_kafka.schema_registry import SchemaRegistryClient")
                    .redirectErrorStream(true)
                    .start()
                    .waitFor()
                == 0,
        "Debian's python3-confluent-kafka and python3-avro are not installed"
            + " (scripts/install-test-deps.sh); examples/python-consumer/README.md");
    Process p =
        new ProcessBuilder(
                python.toString(),
                "python-consumer/consume.py",
                "--bootstrap",
                stack.kafka(),
                "--registry",
                stack.registry(),
                "--idle",
                "5")
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    List<String> lines = new ArrayList<>();
    try (var out = p.inputReader(StandardCharsets.UTF_8)) {
      out.lines().forEach(lines::add);
    }
    assertThat(p.waitFor(2, TimeUnit.MINUTES)).as("the Python consumer ends").isTrue();

    assertThat(p.exitValue()).isZero();
    List<String> expected = java("timelines");
    assertThat(lines).containsExactlyInAnyOrderElementsOf(expected);
  }
}
