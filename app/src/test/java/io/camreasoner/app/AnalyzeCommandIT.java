package io.camreasoner.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camreasoner.ingest.testing.BadMedia;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The main job end to end on the embedded stack: a generated programme checked against its ground
 * truth, passed together with every kind of bad input (each gets one clear error, exit code 1).
 */
class AnalyzeCommandIT {
  @TempDir Path dir;

  @Test
  void shouldPrintTimelinesMatchingGroundTruthAndOneErrorPerBadInputWithExitOne() throws Exception {
    Programme programme =
        Programme.of(
            "prog",
            List.of(
                ClipSpec.of(
                    SceneKind.LAYERED_3D,
                    CameraMotion.STATIC.plus(MotionLabel.PAN_RIGHT, 10),
                    320,
                    180,
                    25,
                    75,
                    101),
                ClipSpec.of(
                    SceneKind.STATIC_WITH_MOVERS, CameraMotion.STATIC, 320, 180, 25, 75, 102),
                ClipSpec.of(
                    SceneKind.LAYERED_3D,
                    CameraMotion.STATIC.plus(MotionLabel.ZOOM_IN, 0.2),
                    320,
                    180,
                    25,
                    75,
                    103)));
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
    List<String> args = new ArrayList<>(List.of("analyze", "--json", json.toString()));
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
    assertThat(v.get("frames").asLong()).isEqualTo(225);
    assertThat(v.get("fps").asDouble()).isEqualTo(25.0);
    List<Long> cuts = new ArrayList<>();
    v.get("cuts").forEach(c -> cuts.add(c.asLong()));
    assertThat(cuts).containsExactly(75L, 150L);
    JsonNode shots = v.get("shots");
    assertThat(shots).hasSize(3);
    String[] expected = {"pan-right", "static", "zoom-in"};
    for (int i = 0; i < 3; i++) {
      JsonNode shot = shots.get(i);
      assertThat(shot.get("startFrame").asLong()).isEqualTo(75L * i);
      assertThat(shot.get("endFrame").asLong()).isEqualTo(75L * (i + 1));
      JsonNode segments = shot.get("segments");
      // segments are contiguous and cover the shot
      assertThat(segments.get(0).get("startFrame").asLong()).isEqualTo(75L * i);
      assertThat(segments.get(segments.size() - 1).get("endFrame").asLong())
          .isEqualTo(75L * (i + 1));
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
