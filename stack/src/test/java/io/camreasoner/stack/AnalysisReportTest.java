package io.camreasoner.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camreasoner.ingest.cuts.TransitionDetector.Found;
import io.camreasoner.ingest.pipeline.IngestResult;
import io.camreasoner.schemas.TransitionType;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnalysisReportTest {

  @TempDir Path dir;

  @Test
  void shouldListEveryTransitionWithItsFramesAndSecondsBesideTheHardCuts() throws Exception {
    IngestResult ingest =
        new IngestResult(
            "clips/programme.mp4",
            "programme",
            25.0,
            250,
            12,
            List.of(97L),
            0,
            0,
            null,
            0,
            List.of(
                new Found(TransitionType.CUT, 97, 98),
                new Found(TransitionType.DISSOLVE, 140, 160),
                new Found(TransitionType.FADE_OUT, 220, 250)));
    AnalysisReport report = new AnalysisReport();
    report.video(ingest, List.of(), "geometry@1", List.of());
    Path file = dir.resolve("out.json");

    report.writeJson(file);

    JsonNode video = new ObjectMapper().readTree(file.toFile()).get("videos").get(0);
    assertThat(video.get("cuts").toString()).isEqualTo("[97]");
    JsonNode transitions = video.get("transitions");
    assertThat(transitions).hasSize(3);
    assertThat(transitions.get(0).toString())
        .isEqualTo(
            "{\"type\":\"cut\",\"startFrame\":97,\"endFrame\":98,\"startSec\":3.88,\"endSec\":3.92}");
    assertThat(transitions.get(1).get("type").asText()).isEqualTo("dissolve");
    assertThat(transitions.get(1).get("startSec").asDouble()).isEqualTo(5.6);
    assertThat(transitions.get(1).get("endSec").asDouble()).isEqualTo(6.4);
    assertThat(transitions.get(2).get("type").asText()).isEqualTo("fade-out");
    assertThat(transitions.get(2).get("endFrame").asLong()).isEqualTo(250);

    StringWriter table = new StringWriter();
    report.printTable(new PrintWriter(table));
    assertThat(table.toString()).contains("cuts [97], dissolve 140-160, fade-out 220-250");
  }
}
