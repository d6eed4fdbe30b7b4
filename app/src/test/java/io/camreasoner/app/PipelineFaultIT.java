package io.camreasoner.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camreasoner.aggregator.AggregatorService;
import io.camreasoner.aggregator.topology.AggregatorConfig;
import io.camreasoner.ingest.pipeline.IngestResult;
import io.camreasoner.ingest.pipeline.StreamIngestor;
import io.camreasoner.ingest.source.Source;
import io.camreasoner.ingest.source.Sources;
import io.camreasoner.platform.http.HttpAccess;
import io.camreasoner.platform.kafka.EmbeddedKafkaCluster;
import io.camreasoner.platform.testing.ChildJvm;
import io.camreasoner.schemas.MotionLabel;
import io.camreasoner.schemas.Topics;
import io.camreasoner.schemas.avro.ShotStatus;
import io.camreasoner.stack.Analysis;
import io.camreasoner.stack.PipelineStack;
import io.camreasoner.stack.TimelineCollector;
import io.camreasoner.synth.CameraMotion;
import io.camreasoner.synth.ClipSpec;
import io.camreasoner.synth.ClipWriter;
import io.camreasoner.synth.Programme;
import io.camreasoner.synth.SceneKind;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Faults in the middle of a run on the embedded stack: a worker process SIGKILLed and restarted,
 * the broker crashed and restarted, the aggregator restarted, and one broker of a three-node
 * replicated cluster killed for good. Each run goes through analyze's own loop ({@link
 * AnalyzeCommand#analyse}) and must end with exactly the timelines of an uninterrupted {@code
 * analyze} of the same inputs: nothing lost, nothing twice.
 */
class PipelineFaultIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Shots per input: enough work after the fault that it strikes in the middle of the run. */
  private static final int SHOTS = 10;

  private static Path dir;
  private static List<String> inputs;
  private static JsonNode reference;

  @BeforeAll
  static void inputsAndReference() throws Exception {
    dir = Files.createTempDirectory("pipeline-fault-it");
    MotionLabel[] motions = {
      MotionLabel.PAN_RIGHT, MotionLabel.DOLLY_IN, MotionLabel.TILT_UP, MotionLabel.ZOOM_OUT
    };
    double[] speeds = {10, 0.5, 8, 0.2};
    inputs = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      List<ClipSpec> clips = new ArrayList<>();
      for (int s = 0; s < SHOTS; s++) {
        clips.add(
            ClipSpec.of(
                s % 3 == 2 ? SceneKind.STATIC_WITH_MOVERS : SceneKind.LAYERED_3D,
                s % 3 == 2
                    ? CameraMotion.STATIC
                    : CameraMotion.STATIC.plus(motions[(i * 2 + s) % 4], speeds[(i * 2 + s) % 4]),
                320,
                180,
                25,
                75,
                500 + 10 * i + s));
      }
      Path video = dir.resolve("programme-" + i + ".mp4");
      ClipWriter.write(video, Programme.of("programme-" + i, clips), 5);
      inputs.add(video.toString());
    }
    Path json = dir.resolve("reference.json");
    List<String> args = new ArrayList<>(List.of("analyze", "--state-dir", dir + "/state"));
    args.addAll(List.of("--json", json.toString()));
    args.addAll(inputs);
    StringWriter out = new StringWriter();
    int code =
        CamReasonerCli.execute(
            new PrintWriter(out, true),
            new PrintWriter(new StringWriter(), true),
            args.toArray(String[]::new));
    assertThat(code).as(out.toString()).isZero();
    reference = JSON.readTree(json.toFile());
    assertThat(reference.get("videos")).hasSize(2);
    for (JsonNode v : reference.get("videos")) {
      assertThat(v.get("shots")).hasSize(SHOTS);
    }
  }

  private static PipelineStack stack(Path work, boolean inProcessWorker) throws Exception {
    return PipelineStack.start(
        PipelineStack.Options.embedded(work, 4, inProcessWorker), new SimpleMeterRegistry());
  }

  /** analyze's loop over the stack, with a bound on the whole run. */
  private static Analysis analysis(PipelineStack stack, TimelineCollector timelines) {
    return new Analysis(
        stack,
        timelines,
        null,
        new Analysis.Limits(Duration.ofMinutes(4), Duration.ofMinutes(2), Duration.ofSeconds(30)));
  }

  /** Runs analyze's loop over the inputs in the background. */
  private static CompletableFuture<List<IngestResult>> analyseInBackground(
      PipelineStack stack, TimelineCollector timelines) throws Exception {
    List<Source> sources = Sources.expand(inputs, null);
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return analysis(stack, timelines).run(sources);
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
  }

  /** Waits until some shots are closed but not every one: the middle of the run. */
  private static void awaitMidRun(TimelineCollector timelines, int closedShots) {
    Awaitility.await(closedShots + " closed shots")
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> closed(timelines) >= closedShots);
    assertThat(closed(timelines)).as("stopped in the middle of the run").isLessThan(2 * SHOTS);
  }

  private static int closed(TimelineCollector timelines) {
    int n = 0;
    for (String id : streamIds()) {
      n +=
          (int)
              timelines.shots(id, 0, null).stream()
                  .filter(t -> t.getStatus() == ShotStatus.CLOSED)
                  .count();
    }
    return n;
  }

  private static List<String> streamIds() {
    return Sources.expand(inputs, null).stream().map(Source::streamId).toList();
  }

  private static JsonNode json(
      List<IngestResult> results, PipelineStack stack, TimelineCollector timelines)
      throws Exception {
    Path file = Files.createTempFile(dir, "run-", ".json");
    analysis(stack, timelines).report(results).writeJson(file);
    return JSON.readTree(file.toFile());
  }

  @Test
  void shouldLoseAndDuplicateNothingWhenAWorkerProcessIsKilledAndRestarted() throws Exception {
    Path work = Files.createTempDirectory(dir, "worker-kill");
    try (PipelineStack stack = stack(work, false);
        TimelineCollector timelines =
            new TimelineCollector(stack.kafka(), Topics.SHOT_TIMELINES, stack.serdes())) {
      String[] workerArgs = {
        "worker",
        "--kafka.bootstrap=" + stack.kafka(),
        "--schema.registry.url=" + stack.registry(),
        "--ops.port=-1",
        "--worker.threads=1"
      };
      List<String> jvm = List.of();
      Process worker =
          ChildJvm.start(work, "worker.log", jvm, CamReasonerCli.class.getName(), workerArgs);
      CompletableFuture<List<IngestResult>> run = analyseInBackground(stack, timelines);
      awaitMidRun(timelines, 3);
      worker.destroyForcibly();
      assertThat(worker.waitFor(30, TimeUnit.SECONDS)).isTrue();
      Process restarted =
          ChildJvm.start(work, "worker.log", jvm, CamReasonerCli.class.getName(), workerArgs);
      try {
        List<IngestResult> results = run.get(4, TimeUnit.MINUTES);
        assertThat(json(results, stack, timelines)).isEqualTo(reference);
      } finally {
        restarted.destroy();
        restarted.waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void shouldRecoverWithoutLossOrDuplicatesWhenTheBrokerCrashesAndRestarts() throws Exception {
    Path work = Files.createTempDirectory(dir, "broker-restart");
    try (PipelineStack stack = stack(work, true);
        TimelineCollector timelines =
            new TimelineCollector(stack.kafka(), Topics.SHOT_TIMELINES, stack.serdes())) {
      CompletableFuture<List<IngestResult>> run = analyseInBackground(stack, timelines);
      awaitMidRun(timelines, 3);
      stack.broker().kill();
      stack.broker().start();
      List<IngestResult> results = run.get(4, TimeUnit.MINUTES);
      assertThat(json(results, stack, timelines)).isEqualTo(reference);
    }
  }

  @Test
  void shouldDeliverEverySegmentExactlyOnceWhenOneOfThreeBrokersIsKilledMidArchive()
      throws Exception {
    Path work = Files.createTempDirectory(dir, "cluster");
    try (EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.start(3, work.resolve("kafka"));
        PipelineStack stack =
            PipelineStack.start(
                new PipelineStack.Options(
                    cluster.bootstrapServers(),
                    null,
                    "geometry",
                    Map.of(),
                    StreamIngestor.Settings.defaults(),
                    4,
                    "127.0.0.1",
                    0,
                    work,
                    true,
                    true,
                    Map.of(),
                    null,
                    HttpAccess.OPEN),
                new SimpleMeterRegistry());
        TimelineCollector timelines =
            new TimelineCollector(stack.kafka(), Topics.SHOT_TIMELINES, stack.serdes());
        Admin admin = cluster.admin()) {
      TopicDescription windows =
          admin
              .describeTopics(List.of(Topics.FRAME_WINDOWS.name()))
              .allTopicNames()
              .get()
              .get(Topics.FRAME_WINDOWS.name());
      assertThat(windows.partitions()).allSatisfy(p -> assertThat(p.replicas()).hasSize(3));
      CompletableFuture<List<IngestResult>> run = analyseInBackground(stack, timelines);
      awaitMidRun(timelines, 3);
      // a crash of the node leading the first windows partition; it stays down to the end
      cluster.node(windows.partitions().get(0).leader().id()).kill();
      List<IngestResult> results = run.get(4, TimeUnit.MINUTES);
      assertThat(json(results, stack, timelines)).isEqualTo(reference);
    }
  }

  @Test
  void shouldRestoreStateAndAnswerQueriesTheSameWhenTheAggregatorRestarts() throws Exception {
    Path work = Files.createTempDirectory(dir, "aggregator-restart");
    HttpClient http = HttpClient.newHttpClient();
    try (PipelineStack stack = stack(work, true);
        TimelineCollector timelines =
            new TimelineCollector(stack.kafka(), Topics.SHOT_TIMELINES, stack.serdes());
        AggregatorRestarts restarts = new AggregatorRestarts(stack)) {
      CompletableFuture<List<IngestResult>> run = analyseInBackground(stack, timelines);
      awaitMidRun(timelines, 3);
      restarts.restart();
      List<IngestResult> results = run.get(4, TimeUnit.MINUTES);
      assertThat(json(results, stack, timelines)).isEqualTo(reference);

      // the mid-run restart may still be settling: wait until the API answers and is complete
      int port = restarts.current().httpPort();
      Map<String, JsonNode> before =
          Awaitility.await("queries answered")
              .atMost(Duration.ofMinutes(2))
              .pollInterval(Duration.ofMillis(200))
              .ignoreExceptions()
              .until(() -> query(http, port), answers -> answers.size() == 2);
      Map<String, JsonNode> after = awaitQueries(http, restarts.restart().httpPort(), before);
      assertThat(after).isEqualTo(before);
      for (JsonNode v : reference.get("videos")) {
        JsonNode served = before.get(v.get("streamId").asText());
        assertThat(served.toString())
            .contains(
                v.get("shots").get(SHOTS - 1).get("segments").get(0).get("thinking").asText());
      }
    }
  }

  /**
   * Restarts of a stack's aggregator, as after a deploy or a crash: the running instance is closed
   * and a new one starts on the same configuration and state directory; the last one is closed with
   * the fixture.
   */
  private static final class AggregatorRestarts implements AutoCloseable {
    private AggregatorService current;
    private final AggregatorConfig config;

    AggregatorRestarts(PipelineStack stack) {
      this.current = stack.aggregator();
      this.config = stack.aggregatorConfig();
    }

    AggregatorService restart() {
      current.close();
      current = new AggregatorService(config);
      current.start();
      return current;
    }

    AggregatorService current() {
      return current;
    }

    @Override
    public void close() {
      current.close();
    }
  }

  /** Each stream's answer of {@code GET /api/streams/{id}}. */
  private static Map<String, JsonNode> query(HttpClient http, int port) throws Exception {
    Map<String, JsonNode> out = new TreeMap<>();
    for (String id : streamIds()) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/streams/" + id))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IllegalStateException(id + " answered " + r.statusCode() + ": " + r.body());
      }
      JsonNode answer = JSON.readTree(r.body());
      // computed at query time ("as of now"), so it differs between any two queries
      answer.findParents("updatedAtMs").forEach(n -> ((ObjectNode) n).remove("updatedAtMs"));
      out.put(id, answer);
    }
    return out;
  }

  /** The answers once the restarted aggregator has restored its stores and serves again. */
  private static Map<String, JsonNode> awaitQueries(
      HttpClient http, int port, Map<String, JsonNode> expected) {
    return Awaitility.await("queries answered after the restart")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(200))
        .ignoreExceptions()
        .until(() -> query(http, port), answers -> answers.equals(expected));
  }
}
