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
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code camreasoner reprocess} on its durable embedded stack: a library (a directory and a list
 * naming a missing file) processed with results, summary and manifest; run again it skips the
 * finished files; {@code --force} processes them again; the learned model's run into another
 * directory is a second result set whose summary reports, per shot, where its labels differ from
 * the geometry reasoner's; the model's results are refused in the geometry's directory. A job
 * stopped with SIGTERM in the middle of the library writes its summary, exits 1, and the same
 * command resumes it, skipping the files finished before the stop.
 */
class ReprocessCommandIT {
  @TempDir Path dir;

  private final ObjectMapper json = new ObjectMapper();

  private record Run(int code, String out) {}

  private Run reprocess(String... args) {
    List<String> all =
        new ArrayList<>(List.of("reprocess", "--state-dir", dir.resolve("state").toString()));
    all.addAll(List.of(args));
    StringWriter text = new StringWriter();
    int code =
        CamReasonerCli.execute(
            new PrintWriter(text, true), new PrintWriter(text, true), all.toArray(String[]::new));
    return new Run(code, text.toString());
  }

  @Test
  void shouldProcessSkipForceAndCompareProducersWhenALibraryIsReprocessed() throws Exception {
    Path lib = Files.createDirectories(dir.resolve("lib"));
    clip(lib.resolve("a.mp4"), MotionLabel.TILT_DOWN, 8, MotionLabel.PAN_LEFT, 10, 301);
    clip(lib.resolve("b.mp4"), MotionLabel.ZOOM_IN, 0.2, MotionLabel.TRUCK_RIGHT, 0.3, 302);
    Path list = dir.resolve("more.txt");
    Files.writeString(list, "# one more file\nmissing.mp4\n\n");
    Path out1 = dir.resolve("out-geometry");

    Run first =
        reprocess(
            lib.toString(),
            list.toString(),
            "--output",
            out1.toString(),
            "--format",
            "csv",
            "--parallel",
            "2");

    assertThat(first.code()).as(first.out()).isEqualTo(1);
    assertThat(first.out()).contains("reprocessing 3 of 3 file(s), 2 at a time");
    assertThat(first.out()).containsPattern("\\[\\d/3\\] FAILED .*missing.mp4: no such file");
    try (var files = Files.list(out1)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder(
              "a.json",
              "a.csv",
              "b.json",
              "b.csv",
              "missing.json",
              "summary.json",
              "manifest.jsonl");
    }
    JsonNode summary = json.readTree(out1.resolve("summary.json").toFile());
    assertThat(summary.at("/files/total").asInt()).isEqualTo(3);
    assertThat(summary.at("/files/processed").asInt()).isEqualTo(3);
    assertThat(summary.at("/files/failed").asInt()).isEqualTo(1);
    assertThat(summary.at("/shots").asInt()).isEqualTo(4);
    assertThat(summary.at("/failures/0/source").asText()).endsWith("missing.mp4");
    assertThat(summary.at("/failures/0/reason").asText()).startsWith("no such file");
    assertThat(summary.at("/producers/0/backend").asText()).isEqualTo("geometry");
    assertThat(summary.at("/producers/0/modelVersion").asText()).isNotEmpty();
    assertThat(summary.at("/throughput/frames").asLong()).isEqualTo(160);
    assertThat(summary.at("/changes")).isEmpty();
    assertThat(Files.readAllLines(out1.resolve("manifest.jsonl"))).hasSize(2);
    JsonNode a = json.readTree(out1.resolve("a.json").toFile());
    assertThat(a.at("/videos/0/shots")).hasSize(2);
    assertThat(a.at("/videos/0/producer").asText()).startsWith("geometry@");
    assertThat(a.at("/videos/0/shots/1/segments/0/labels/0").asText()).isEqualTo("pan-left");
    // the segment's measured speed: the camera turns left (negative pan) on a steady path
    assertThat(a.at("/videos/0/shots/1/segments/0/panDegPerSec").asDouble()).isLessThan(-1.0);
    assertThat(a.at("/videos/0/shots/1/segments/0/steadiness").asText()).isEqualTo("steady");
    // the motion curves: a point per reasoned window, in time order, with the geometry's cues
    JsonNode curves = a.at("/videos/0/curves");
    int windows = 0;
    for (JsonNode shot : a.at("/videos/0/shots")) {
      for (JsonNode seg : shot.get("segments")) {
        windows += seg.get("windowCount").asInt();
      }
    }
    assertThat(curves).hasSize(windows);
    double last = -1;
    for (JsonNode p : curves) {
      assertThat(p.get("startSec").asDouble()).isGreaterThanOrEqualTo(last);
      assertThat(p.get("endSec").asDouble()).isGreaterThan(p.get("startSec").asDouble());
      assertThat(p.has("zoomPerSec")).as(p.toString()).isTrue();
      last = p.get("startSec").asDouble();
    }

    Run again = reprocess(lib.toString(), list.toString(), "--output", out1.toString());

    assertThat(again.code()).as(again.out()).isEqualTo(1);
    assertThat(again.out())
        .contains("skipping 2 file(s) finished earlier")
        .contains("reprocessing 1 of 3 file(s)");
    JsonNode resumed = json.readTree(out1.resolve("summary.json").toFile());
    assertThat(resumed.at("/files/skipped").asInt()).isEqualTo(2);
    assertThat(resumed.at("/files/processed").asInt()).isEqualTo(1);
    assertThat(resumed.at("/shots").asInt()).isEqualTo(4);

    Run forced = reprocess(lib.toString(), "--output", out1.toString(), "--force");

    assertThat(forced.code()).as(forced.out()).isZero();
    assertThat(forced.out()).contains("reprocessing 2 of 2 file(s)");
    assertThat(json.readTree(out1.resolve("a.json").toFile())).isEqualTo(a);

    Path out2 = dir.resolve("out-model");
    Run model = reprocess(lib.toString(), "--output", out2.toString(), "--backend", "model");

    assertThat(model.code()).as(model.out()).isZero();
    JsonNode compared = json.readTree(out2.resolve("summary.json").toFile());
    assertThat(compared.at("/producers/0/backend").asText()).isEqualTo("model");
    JsonNode changes = compared.get("changes");
    assertThat(changes).hasSize(2);
    for (JsonNode c : changes) {
      String name = c.get("source").asText().endsWith("a.mp4") ? "a.json" : "b.json";
      assertThat(c.get("comparedWith").asText()).isEqualTo(a.at("/videos/0/producer").asText());
      assertThat(c.get("shotsCompared").asInt()).isEqualTo(2);
      // the changed shots are exactly those whose labels differ between the two JSON files
      List<Integer> differing = differing(out1.resolve(name), out2.resolve(name));
      List<Integer> reported = new ArrayList<>();
      c.get("shots").forEach(s -> reported.add(s.get("shot").asInt()));
      assertThat(reported).as(name).isEqualTo(differing);
      assertThat(c.get("shotsChanged").asInt()).isEqualTo(differing.size());
    }

    Run refused = reprocess(lib.toString(), "--output", out1.toString(), "--backend", "model");

    assertThat(refused.code()).isEqualTo(2);
    assertThat(refused.out()).contains("holds results of geometry@").contains("another --output");
  }

  @Test
  void shouldWriteTheSummaryAndResumeWhenAJobIsStoppedWithSigtermMidLibrary() throws Exception {
    Path lib = Files.createDirectories(dir.resolve("archive"));
    // a short first file, then longer ones, so the stop lands after the first one finished
    clip(lib.resolve("a.mp4"), MotionLabel.PAN_LEFT, 10, MotionLabel.TILT_DOWN, 8, 401);
    longClip(lib.resolve("b.mp4"), 6, 402);
    longClip(lib.resolve("c.mp4"), 10, 403);
    Path out = dir.resolve("out");
    Path manifest = out.resolve("manifest.jsonl");
    Process job =
        ChildJvm.start(
            dir,
            "reprocess.log",
            List.of(),
            CamReasonerCli.class.getName(),
            "reprocess",
            "--state-dir",
            dir.resolve("state").toString(),
            lib.toString(),
            "--output",
            out.toString(),
            "--parallel",
            "1");
    Awaitility.await("the first file finished")
        .atMost(Duration.ofMinutes(4))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> !job.isAlive() || finished(manifest) >= 1);
    assertThat(job.isAlive()).as("the job must still be going when it is stopped").isTrue();

    job.destroy(); // SIGTERM

    assertThat(job.waitFor(120, TimeUnit.SECONDS)).isTrue();
    String log = Files.readString(dir.resolve("reprocess.log"));
    assertThat(log).contains("camreasoner reprocess: interrupted; stopping");
    assertThat(log).contains("run the same command again to resume");
    assertThat(job.exitValue()).as(log).isEqualTo(1);
    JsonNode summary = json.readTree(out.resolve("summary.json").toFile());
    int finished = finished(manifest);
    assertThat(finished).isBetween(1, 2);
    assertThat(summary.get("stopped").asBoolean()).isTrue();
    assertThat(summary.at("/files/total").asInt()).isEqualTo(3);
    // every file is finished (manifest), paused by the stop (a failure) or not started
    int paused = summary.at("/files/failed").asInt();
    int notStarted = summary.at("/files/notStarted").asInt();
    assertThat(finished + paused + notStarted).isEqualTo(3);
    assertThat(summary.at("/files/processed").asInt()).isEqualTo(finished + paused);
    for (JsonNode f : summary.get("failures")) {
      assertThat(f.get("reason").asText()).contains("stopped by request");
    }

    Run resumed = reprocess(lib.toString(), "--output", out.toString(), "--parallel", "1");

    assertThat(resumed.code()).as(resumed.out()).isZero();
    assertThat(resumed.out())
        .contains("skipping " + finished + " file(s) finished earlier")
        .contains("reprocessing " + (3 - finished) + " of 3 file(s)");
    JsonNode complete = json.readTree(out.resolve("summary.json").toFile());
    assertThat(complete.get("stopped").asBoolean()).isFalse();
    assertThat(complete.at("/files/skipped").asInt()).isEqualTo(finished);
    assertThat(complete.at("/files/processed").asInt()).isEqualTo(3 - finished);
    assertThat(complete.at("/files/failed").asInt()).isZero();
    assertThat(complete.at("/shots").asInt()).isEqualTo(2 + 6 + 10);
    assertThat(finished(manifest)).isEqualTo(3);
  }

  /** Files in the job's manifest of finished files (0 while there is none). */
  private static int finished(Path manifest) throws Exception {
    return Files.exists(manifest)
        ? (int) Files.readAllLines(manifest).stream().filter(l -> !l.isBlank()).count()
        : 0;
  }

  /** A video of {@code shots} shots alternating pans and static shots with movers. */
  private static void longClip(Path file, int shots, long seed) throws Exception {
    List<ClipSpec> clips = new ArrayList<>();
    for (int s = 0; s < shots; s++) {
      clips.add(
          ClipSpec.of(
              s % 2 == 0 ? SceneKind.LAYERED_3D : SceneKind.STATIC_WITH_MOVERS,
              s % 2 == 0
                  ? CameraMotion.STATIC.plus(MotionLabel.PAN_RIGHT, 10)
                  : CameraMotion.STATIC,
              320,
              180,
              25,
              75,
              seed * 10 + s));
    }
    ClipWriter.write(file, Programme.of(file.getFileName().toString(), clips), 5);
  }

  /** The shots whose ordered label sets differ between two analyze JSON files of one video. */
  private List<Integer> differing(Path before, Path after) throws Exception {
    JsonNode x = json.readTree(before.toFile()).at("/videos/0/shots");
    JsonNode y = json.readTree(after.toFile()).at("/videos/0/shots");
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < Math.max(x.size(), y.size()); i++) {
      if (!labels(x.get(i)).equals(labels(y.get(i)))) {
        out.add(i);
      }
    }
    return out;
  }

  private static List<String> labels(JsonNode shot) {
    List<String> out = new ArrayList<>();
    if (shot == null) {
      return out;
    }
    for (JsonNode seg : shot.get("segments")) {
      List<String> l = new ArrayList<>();
      seg.get("labels").forEach(n -> l.add(n.asText()));
      String m =
          l.isEmpty()
              ? (seg.has("gap") ? "(gap)" : "(none)")
              : String.join("+", l.stream().sorted().toList());
      if (out.isEmpty() || !out.get(out.size() - 1).equals(m)) {
        out.add(m);
      }
    }
    return out;
  }

  private static void clip(
      Path file, MotionLabel first, double a, MotionLabel second, double b, long seed)
      throws Exception {
    ClipWriter.write(
        file,
        Programme.of(
            file.getFileName().toString(),
            List.of(
                ClipSpec.of(
                    SceneKind.LAYERED_3D,
                    CameraMotion.STATIC.plus(first, a),
                    320,
                    180,
                    25,
                    40,
                    seed),
                ClipSpec.of(
                    SceneKind.LAYERED_3D,
                    CameraMotion.STATIC.plus(second, b),
                    320,
                    180,
                    25,
                    40,
                    seed + 100))),
        5);
  }
}
