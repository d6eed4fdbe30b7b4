package io.camreasoner.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The main job end to end on the embedded stack: a generated programme and a broken file. */
class AnalyzeCommandIT {
  @TempDir Path dir;

  @Test
  void shouldPrintTimelinesMatchingGroundTruthAndReportBrokenInputWithExitOne() throws Exception {
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
    Path broken = Files.writeString(dir.resolve("broken.avi"), "not a video");
    Path json = dir.resolve("out.json");

    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        CamReasonerCli.execute(
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            "analyze",
            "--json",
            json.toString(),
            video.toString(),
            broken.toString());

    assertThat(code).as(err.toString()).isEqualTo(1);
    assertThat(out.toString())
        .contains("shot 2")
        .contains("FAILED " + broken + ": not a decodable video");
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
    assertThat(root.get("errors")).hasSize(1);
    assertThat(root.get("errors").get(0).get("source").asText()).isEqualTo(broken.toString());
    assertThat(root.get("errors").get(0).get("error").asText()).startsWith("not a decodable video");
  }
}
