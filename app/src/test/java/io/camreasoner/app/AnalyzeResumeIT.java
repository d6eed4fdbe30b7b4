package io.camreasoner.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camreasoner.platform.testing.ChildJvm;
import io.camreasoner.schemas.MotionLabel;
import io.camreasoner.synth.CameraMotion;
import io.camreasoner.synth.ClipSpec;
import io.camreasoner.synth.ClipWriter;
import io.camreasoner.synth.Programme;
import io.camreasoner.synth.SceneKind;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Archive reprocessing: the same inputs analysed twice give identical timelines, and a run stopped
 * with SIGTERM (Ctrl-C) and then SIGKILL, each time in the middle, resumes from its state and still
 * produces every segment exactly once: its JSON equals the uninterrupted run's.
 */
class AnalyzeResumeIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  /** Inputs of different lengths, so they complete one after another. */
  private List<String> inputs() throws Exception {
    List<String> paths = new ArrayList<>();
    MotionLabel[] motions = {MotionLabel.PAN_LEFT, MotionLabel.TILT_DOWN, MotionLabel.TRUCK_RIGHT};
    double[] speeds = {10, 8, 0.3};
    int[] shots = {1, 3, 8};
    for (int i = 0; i < shots.length; i++) {
      List<ClipSpec> clips = new ArrayList<>();
      for (int s = 0; s < shots[i]; s++) {
        clips.add(
            ClipSpec.of(
                s % 2 == 0 ? SceneKind.LAYERED_3D : SceneKind.STATIC_WITH_MOVERS,
                s % 2 == 0 ? CameraMotion.STATIC.plus(motions[i], speeds[i]) : CameraMotion.STATIC,
                320,
                180,
                25,
                75,
                300 + 10 * i + s));
      }
      Path video = dir.resolve("input-" + i + ".mp4");
      ClipWriter.write(video, Programme.of("input-" + i, clips), 5);
      paths.add(video.toString());
    }
    return paths;
  }

  /**
   * The stopped and resumed runs read their inputs paced by timestamps, as a live feed would
   * arrive: a fast machine would otherwise finish all three inputs before a stop lands, and
   * resuming needs the same options, so all three runs of one state directory pace.
   */
  private static final List<String> PACED = List.of("--ingest-option", "source.pace=true");

  private int analyze(Path stateDir, Path json, List<String> inputs, StringWriter out) {
    return analyze(stateDir, json, inputs, out, List.of());
  }

  private int analyze(
      Path stateDir, Path json, List<String> inputs, StringWriter out, List<String> options) {
    List<String> args = new ArrayList<>(List.of("analyze", "--state-dir", stateDir.toString()));
    args.addAll(List.of("--json", json.toString()));
    args.addAll(options);
    args.addAll(inputs);
    return CamReasonerCli.execute(
        new PrintWriter(out, true),
        new PrintWriter(new StringWriter(), true),
        args.toArray(String[]::new));
  }

  private Process child(Path stateDir, Path json, List<String> inputs, String log)
      throws Exception {
    List<String> args = new ArrayList<>(List.of("analyze", "--state-dir", stateDir.toString()));
    args.addAll(List.of("--json", json.toString()));
    args.addAll(PACED);
    args.addAll(inputs);
    return ChildJvm.start(
        dir, log, List.of(), CamReasonerCli.class.getName(), args.toArray(String[]::new));
  }

  /** Lines in the run's ledger of complete inputs (0 while there is none). */
  private static long completeInputs(Path stateDir) throws Exception {
    if (!Files.isDirectory(stateDir)) {
      return 0;
    }
    try (Stream<Path> runs = Files.list(stateDir)) {
      long n = 0;
      for (Path run : runs.toList()) {
        Path ledger = run.resolve("done.jsonl");
        if (Files.exists(ledger)) {
          n += Files.readAllLines(ledger).stream().filter(l -> !l.isBlank()).count();
        }
      }
      return n;
    }
  }

  private static void awaitComplete(Process p, Path stateDir, long inputs) {
    Awaitility.await("ledger with " + inputs + " complete input(s)")
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> !p.isAlive() || completeInputs(stateDir) >= inputs);
    assertThat(p.isAlive()).as("the run must still be going when it is stopped").isTrue();
  }

  @Test
  void shouldResumeAfterSigtermAndSigkillAndMatchAnUninterruptedRunWhenReprocessing()
      throws Exception {
    List<String> inputs = inputs();

    // reprocessing an archive: two clean runs give the same timelines
    Path clean = dir.resolve("clean.json");
    Path again = dir.resolve("again.json");
    StringWriter out = new StringWriter();
    assertThat(analyze(dir.resolve("state-clean"), clean, inputs, out)).as(out.toString()).isZero();
    assertThat(analyze(dir.resolve("state-clean"), again, inputs, new StringWriter())).isZero();
    JsonNode reference = JSON.readTree(clean.toFile());
    assertThat(reference.get("videos")).hasSize(3);
    assertThat(reference.get("videos").get(2).get("shots")).hasSize(8);
    assertThat(JSON.readTree(again.toFile())).isEqualTo(reference);
    assertThat(completeInputs(dir.resolve("state-clean"))).as("state deleted when done").isZero();

    // Ctrl-C (SIGTERM) after the first input completed: graceful stop, state kept
    Path state = dir.resolve("state");
    Path json = dir.resolve("resumed.json");
    Process first = child(state, json, inputs, "run-1.log");
    awaitComplete(first, state, 1);
    first.destroy();
    assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(Files.readString(dir.resolve("run-1.log")))
        .contains("interrupted; stopping")
        .contains("run the same command again to resume");
    assertThat(completeInputs(state)).isGreaterThanOrEqualTo(1);
    // what was analysed before the stop is written; the paused archive is named, not lost
    assertThat(first.exitValue()).isEqualTo(1);
    JsonNode partial = JSON.readTree(json.toFile());
    assertThat(partial.get("errors").toString()).contains("stopped by request");
    Files.delete(json);

    // inputs can still complete while a stop is under way (work in flight is finished)
    long afterFirst = completeInputs(state);
    assertThat(afterFirst).as("the longest input cannot be complete yet").isLessThan(3);

    // resumed, then SIGKILLed in the middle: after one more input completed, or, when only the
    // longest is left, once the resumed run is under way
    Process second = child(state, json, inputs, "run-2.log");
    Path log2 = dir.resolve("run-2.log");
    if (afterFirst < 2) {
      awaitComplete(second, state, afterFirst + 1);
    } else {
      Awaitility.await("resumed run under way")
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(50))
          .until(() -> !second.isAlive() || Files.readString(log2).contains("ingesting"));
      assertThat(second.isAlive()).isTrue();
    }
    second.destroyForcibly();
    assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(Files.readString(log2)).contains("resuming an interrupted run");
    assertThat(json).doesNotExist();
    long afterSecond = completeInputs(state);
    assertThat(afterSecond).isBetween(afterFirst, 2L);

    // resumed again: completes with every segment exactly once
    StringWriter third = new StringWriter();
    assertThat(analyze(state, json, inputs, third, PACED)).as(third.toString()).isZero();
    assertThat(third.toString())
        .contains("resuming an interrupted run (" + afterSecond + " of 3 input(s)");
    assertThat(JSON.readTree(json.toFile())).isEqualTo(reference);
    assertThat(completeInputs(state)).isZero();
  }
}
