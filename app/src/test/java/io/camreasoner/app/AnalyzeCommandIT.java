package io.camreasoner.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camreasoner.ingest.testing.BadMedia;
import io.camreasoner.schemas.MotionLabel;
import io.camreasoner.schemas.TransitionType;
import io.camreasoner.synth.CameraMotion;
import io.camreasoner.synth.ClipSpec;
import io.camreasoner.synth.ClipWriter;
import io.camreasoner.synth.Programme;
import io.camreasoner.synth.SceneKind;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The main job end to end on the embedded stack: a generated programme (a cut, a dissolve, a fade
 * to black) checked against its ground truth, shots, transitions and labels, passed together with
 * every kind of bad input (each gets one clear error, exit code 1).
 */
class AnalyzeCommandIT {
  @TempDir Path dir;

  @Test
  void shouldPrintTimelinesMatchingGroundTruthAndOneErrorPerBadInputWithExitOne() throws Exception {
    // shot 0 pans right (0-75), a cut, shot 1 is static with movers (75-150), a 20-frame dissolve,
    // shot 2 zooms in (170-245), a fade to black ends the programme (15 darkening frames, 5 black)
    ClipSpec pan =
        ClipSpec.of(
            SceneKind.LAYERED_3D,
            CameraMotion.STATIC.plus(MotionLabel.PAN_RIGHT, 10),
            320,
            180,
            25,
            75,
            101);
    ClipSpec movers =
        ClipSpec.of(SceneKind.STATIC_WITH_MOVERS, CameraMotion.STATIC, 320, 180, 25, 95, 102);
    ClipSpec zoom =
        ClipSpec.of(
            SceneKind.LAYERED_3D,
            CameraMotion.STATIC.plus(MotionLabel.ZOOM_IN, 0.2),
            320,
            180,
            25,
            115,
            103);
    Programme programme =
        new Programme(
            "prog",
            320,
            180,
            25,
            List.of(
                new Programme.Shot(0, 0, 75, pan),
                new Programme.Shot(1, 75, 150, movers),
                new Programme.Shot(2, 170, 245, zoom, 150, Programme.View.FULL)),
            List.of(
                Programme.Transition.cut(75),
                new Programme.Transition(TransitionType.DISSOLVE, 150, 170, 20),
                new Programme.Transition(TransitionType.FADE_OUT, 245, 265, 15)));
    Path video = dir.resolve("prog.mp4");
    ClipWriter.write(video, programme, 5);
    Path bad = Files.createDirectories(dir.resolve("bad"));
    Path corrupt = BadMedia.corruptMiddle(bad, video);
    // every bad input of the ingest tests, each with the start of its one-line reason
    Map<String, String> broken = new LinkedHashMap<>();
    broken.put(BadMedia.missing(bad).toString(), "no such file");
    broken.put(BadMedia.empty(bad).toString(), "empty file (0 bytes)");
    broken.put(BadMedia.randomBytes(bad).toString(), "not a decodable video");
    broken.put(BadMedia.textAvi(bad).toString(), "not a decodable video");
    broken.put(BadMedia.truncated(bad, video).toString(), "truncated");
    broken.put(
        BadMedia.unsupportedCodec(bad).toString(), "no decodable video stream (unsupported codec");
    broken.put(BadMedia.unreachableUrl(), "unreachable");
    Path json = dir.resolve("out.json");
    Path exports = dir.resolve("exports");
    List<String> args =
        new ArrayList<>(
            List.of(
                "analyze",
                "--json",
                json.toString(),
                "--format",
                "edl,otio",
                "--output",
                exports.toString()));
    args.add(video.toString());
    args.addAll(broken.keySet());
    args.add(corrupt.toString());

    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        CamReasonerCli.execute(
            new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(String[]::new));

    assertThat(code).as(err.toString()).isEqualTo(1);
    assertThat(out.toString()).contains("shot 2");
    for (Map.Entry<String, String> b : broken.entrySet()) {
      // one line per bad input in the table, naming it and the reason
      assertThat(out.toString().lines().filter(l -> l.startsWith("FAILED " + b.getKey() + ": ")))
          .singleElement()
          .asString()
          .contains(": " + b.getValue());
    }
    JsonNode root = new ObjectMapper().readTree(json.toFile());
    JsonNode v = root.get("videos").get(0);
    assertThat(v.get("source").asText()).isEqualTo(video.toString());
    assertThat(v.get("frames").asLong()).isEqualTo(265);
    assertThat(v.get("fps").asDouble()).isEqualTo(25.0);
    List<Long> cuts = new ArrayList<>();
    v.get("cuts").forEach(c -> cuts.add(c.asLong()));
    assertThat(cuts).containsExactly(75L);
    // every transition with its type, frames and seconds; gradual ones within two frames
    JsonNode transitions = v.get("transitions");
    assertThat(transitions).hasSize(3);
    String[] types = {"cut", "dissolve", "fade-out"};
    long[][] spans = {{75, 76}, {150, 170}, {245, 265}};
    for (int t = 0; t < 3; t++) {
      JsonNode tr = transitions.get(t);
      assertThat(tr.get("type").asText()).isEqualTo(types[t]);
      long tolerance = t == 0 ? 0 : 2;
      assertThat(tr.get("startFrame").asLong()).isCloseTo(spans[t][0], within(tolerance));
      assertThat(tr.get("endFrame").asLong()).isCloseTo(spans[t][1], within(tolerance));
      assertThat(tr.get("startSec").asDouble()).isEqualTo(tr.get("startFrame").asLong() / 25.0);
      assertThat(tr.get("endSec").asDouble()).isEqualTo(tr.get("endFrame").asLong() / 25.0);
    }
    assertThat(out.toString()).contains("cuts [75], dissolve ");
    // the exports show the dissolve and the fade to black as an editor's cut list does
    List<String> events =
        Files.readAllLines(exports.resolve("prog.edl")).stream()
            .filter(l -> !l.isBlank() && Character.isDigit(l.charAt(0)))
            .toList();
    assertThat(events).hasSize(6);
    assertThat(events.get(3)).startsWith("003  AX       V     D    0");
    assertThat(events.get(5)).startsWith("004  BL       V     D    0");
    List<String> items = new ArrayList<>();
    new ObjectMapper()
        .readTree(exports.resolve("prog.otio").toFile())
        .at("/tracks/children/0/children")
        .forEach(c -> items.add(c.get("OTIO_SCHEMA").asText()));
    assertThat(items)
        .containsExactly("Clip.2", "Clip.2", "Transition.1", "Clip.2", "Transition.1", "Gap.1");
    // shots are the stretches between transitions: dissolve and fade frames are in none
    JsonNode shots = v.get("shots");
    assertThat(shots).hasSize(3);
    String[] expected = {"pan-right", "static", "zoom-in"};
    for (int i = 0; i < 3; i++) {
      JsonNode shot = shots.get(i);
      long start = i == 0 ? 0 : i == 1 ? 75 : transitions.get(1).get("endFrame").asLong();
      long end =
          i == 0
              ? 75
              : i == 1
                  ? transitions.get(1).get("startFrame").asLong()
                  : transitions.get(2).get("startFrame").asLong();
      assertThat(shot.get("startFrame").asLong()).as("shot %d start", i).isEqualTo(start);
      assertThat(shot.get("endFrame").asLong()).as("shot %d end", i).isEqualTo(end);
      JsonNode segments = shot.get("segments");
      // segments are contiguous and cover the shot
      assertThat(segments.get(0).get("startFrame").asLong()).isEqualTo(start);
      assertThat(segments.get(segments.size() - 1).get("endFrame").asLong()).isEqualTo(end);
      // the longest segment carries the ground-truth label, with its reasoning
      JsonNode longest = segments.get(0);
      for (JsonNode s : segments) {
        if (s.get("endFrame").asLong() - s.get("startFrame").asLong()
            > longest.get("endFrame").asLong() - longest.get("startFrame").asLong()) {
          longest = s;
        }
      }
      assertThat(longest.get("labels").get(0).asText()).as("shot %d", i).isEqualTo(expected[i]);
      assertThat(longest.get("thinking").asText()).isNotBlank();
      assertThat(longest.get("answer").asText()).contains(expected[i]);
    }
    // the damaged-but-decodable file is analysed, not failed
    assertThat(root.get("videos")).hasSize(2);
    assertThat(root.get("videos").get(1).get("source").asText()).isEqualTo(corrupt.toString());
    assertThat(root.get("videos").get(1).get("shots").size()).isGreaterThanOrEqualTo(1);
    JsonNode errors = root.get("errors");
    assertThat(errors).hasSize(broken.size());
    int i = 0;
    for (Map.Entry<String, String> b : broken.entrySet()) {
      assertThat(errors.get(i).get("source").asText()).isEqualTo(b.getKey());
      assertThat(errors.get(i).get("error").asText()).startsWith(b.getValue());
      i++;
    }
  }
}
