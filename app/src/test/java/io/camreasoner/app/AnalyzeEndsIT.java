package io.camreasoner.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camreasoner.ingest.testing.DamagedMedia;
import io.camreasoner.schemas.MotionLabel;
import io.camreasoner.synth.CameraMotion;
import io.camreasoner.synth.ClipSpec;
import io.camreasoner.synth.ClipWriter;
import io.camreasoner.synth.Programme;
import io.camreasoner.synth.SceneKind;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code analyze} always ends, with every input done or failed and nothing received lost: damaged
 * archives, a shot of one frame, and windows the worker cannot reason about (each bounded by a
 * timeout so a hang fails the test instead of the build).
 */
class AnalyzeEndsIT {
  private static final Duration BOUND = Duration.ofMinutes(4);

  @TempDir Path dir;

  /** The exit code, the printed table and the JSON of one analyze run. */
  private record Run(int code, String out, JsonNode json) {}

  private Run analyze(String... inputsAndOptions) throws Exception {
    Path json = dir.resolve("out-" + System.nanoTime() + ".json");
    List<String> args = new ArrayList<>(List.of("analyze", "--fresh", "--json", json.toString()));
    args.addAll(List.of("--state-dir", dir.resolve("state").toString()));
    args.addAll(List.of(inputsAndOptions));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        assertTimeoutPreemptively(
            BOUND,
            () ->
                CamReasonerCli.execute(
                    new PrintWriter(out, true),
                    new PrintWriter(err, true),
                    args.toArray(String[]::new)));
    return new Run(code, out + err.toString(), new ObjectMapper().readTree(json.toFile()));
  }

  private static JsonNode video(Run run, Path source) {
    for (JsonNode v : run.json().get("videos")) {
      if (v.get("source").asText().equals(source.toString())) {
        return v;
      }
    }
    throw new AssertionError("no video " + source + " in " + run.json());
  }

  private static String error(Run run, Path source) {
    for (JsonNode e : run.json().get("errors")) {
      if (e.get("source").asText().equals(source.toString())) {
        return e.get("error").asText();
      }
    }
    return null;
  }

  @Test
  void shouldAnalyseDamagedArchivesOrNameWhyWhenPacketsAndIndexesAreBroken() throws Exception {
    Path avi = DamagedMedia.encode(dir, "archive.avi", DamagedMedia.Codec.MPEG4);
    Path damagedAvi = DamagedMedia.cutIndex(DamagedMedia.junkPackets(avi, 20, 21, 60, 61));
    Path h264 = DamagedMedia.encode(dir, "programme.mp4", DamagedMedia.Codec.H264);
    Path dropped = DamagedMedia.dropFrames(h264, 30, 31, 100, 101);
    Path truncated =
        DamagedMedia.truncate(DamagedMedia.encode(dir, "cut.mkv", DamagedMedia.Codec.MPEG4), 0.6);

    Run run = analyze(damagedAvi.toString(), dropped.toString(), truncated.toString());

    assertThat(run.code()).as(run.out()).isEqualTo(1);
    // the damaged AVI (broken packets, no index): analysed, its skipped packets counted
    JsonNode archive = video(run, damagedAvi);
    assertThat(archive.get("skippedPackets").asLong()).isPositive();
    assertThat(archive.get("shots")).hasSize(3);
    assertThat(error(run, damagedAvi)).isNull();
    // H.264 missing frames: analysed, the losses counted
    JsonNode h264Video = video(run, dropped);
    assertThat(h264Video.get("skippedPackets").asLong()).isPositive();
    assertThat(h264Video.get("shots")).hasSize(3);
    // the truncated file: what exists is analysed, and it is reported failed with the reason
    assertThat(error(run, truncated)).startsWith("truncated: decoded");
    JsonNode part = video(run, truncated);
    assertThat(part.get("error").asText()).startsWith("truncated");
    assertThat(part.get("shots").size()).isPositive();
    assertThat(run.out()).contains("packets skipped").contains("FAILED " + truncated + ": ");
  }

  @Test
  void shouldReportAShotOfOneFrameAsTooShortToJudgeWhenAStreamEndsOneFrameAfterACut()
      throws Exception {
    Path video = dir.resolve("one-frame-tail.mp4");
    ClipWriter.write(
        video,
        Programme.of(
            "tail",
            List.of(
                ClipSpec.of(
                    SceneKind.LAYERED_3D,
                    CameraMotion.STATIC.plus(MotionLabel.PAN_LEFT, 10),
                    320,
                    180,
                    25,
                    50,
                    11),
                ClipSpec.of(SceneKind.FLAT, CameraMotion.STATIC, 320, 180, 25, 1, 12))),
        5);

    Run run = analyze(video.toString());

    assertThat(run.code()).as(run.out()).isZero();
    JsonNode v = video(run, video);
    assertThat(v.get("cuts").get(0).asLong()).isEqualTo(50);
    JsonNode last = v.get("shots").get(1);
    assertThat(last.get("startFrame").asLong()).isEqualTo(50);
    assertThat(last.get("endFrame").asLong()).isEqualTo(51);
    JsonNode segment = last.get("segments").get(0);
    assertThat(segment.get("labels")).isEmpty();
    assertThat(segment.get("answer").asText()).isEqualTo("too short to judge");
    assertThat(run.out()).contains("(too short to judge)");
  }

  @Test
  void shouldShowGapsAndExitOneWhenTheWorkerCannotReasonAboutWindows() throws Exception {
    Path video = dir.resolve("pan.mp4");
    ClipWriter.write(
        video,
        ClipSpec.of(
            SceneKind.LAYERED_3D,
            CameraMotion.STATIC.plus(MotionLabel.PAN_RIGHT, 10),
            320,
            180,
            25,
            50,
            13),
        5);

    // the vlm backend against an endpoint nobody serves: every window fails in the worker
    Run run =
        analyze(
            "--backend",
            "vlm",
            "--worker-option",
            "vlm.url=http://127.0.0.1:9/v1/chat/completions",
            "--worker-option",
            "vlm.max-retries=0",
            "--worker-option",
            "vlm.timeout=2s",
            "--worker-option",
            "worker.retry.max=0",
            video.toString());

    assertThat(run.code()).as(run.out()).isEqualTo(1);
    JsonNode v = video(run, video);
    assertThat(v.get("failedWindows").asInt()).isPositive();
    JsonNode segment = v.get("shots").get(0).get("segments").get(0);
    assertThat(segment.get("labels")).isEmpty();
    assertThat(segment.get("gap").asText()).contains("backend vlm failed on window");
    assertThat(error(run, video)).contains("windows could not be reasoned about (gaps)");
    assertThat(run.out()).contains("(gap)");
  }

  @Test
  void shouldEndAStuckRunNamingWhatItWaitedForWhenNothingProgresses() throws Exception {
    Path video = dir.resolve("stuck.mp4");
    ClipWriter.write(
        video, ClipSpec.of(SceneKind.LAYERED_3D, CameraMotion.STATIC, 320, 180, 25, 50, 14), 5);
    // a reasoning endpoint that takes the requests and never answers
    try (java.net.ServerSocket silent = new java.net.ServerSocket(0)) {
      List<java.net.Socket> held = new java.util.concurrent.CopyOnWriteArrayList<>();
      Thread acceptor =
          new Thread(
              () -> {
                try {
                  while (true) {
                    held.add(silent.accept());
                  }
                } catch (java.io.IOException e) {
                  // closed with the test
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();
      long start = System.nanoTime();

      Run run =
          analyze(
              "--stall-timeout",
              "8s",
              "--backend",
              "vlm",
              "--worker-option",
              "vlm.url=http://127.0.0.1:" + silent.getLocalPort() + "/v1/chat/completions",
              "--worker-option",
              "vlm.timeout=10m",
              // the stuck calls never finish: once the run has ended on the stall, closing the
              // worker does not wait for them, however long its shutdown timeout
              "--worker-option",
              "worker.shutdown-timeout=10m",
              video.toString());

      assertThat(run.code()).as(run.out()).isEqualTo(1);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMinutes(2));
      assertThat(error(run, video))
          .startsWith("no progress for 8 s (waiting for its timeline: 0 of ")
          .contains("windows folded, last shot not closed");
      assertThat(run.out()).contains("FAILED " + video + ": no progress for 8 s");
      for (java.net.Socket s : held) {
        s.close();
      }
    }
  }
}
