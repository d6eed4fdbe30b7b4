package io.camreasoner.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MPEG4;

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
import java.util.List;
import java.util.Map;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code analyze --format … --output DIR} on the embedded stack: every format written per input as
 * {@code <base name>.<ext>}, the JSON the same as {@code --json}'s for that input, timecodes from
 * the source's own start timecode (a MOV with a timecode track), a failed input with its error in
 * its JSON only.
 */
class AnalyzeExportIT {
  @TempDir Path dir;

  @Test
  void shouldWriteEveryFormatPerInputWithTheSourcesTimecodeWhenFormatAndOutputAreGiven()
      throws Exception {
    Path mp4 = dir.resolve("two-shots.mp4");
    ClipWriter.write(
        mp4,
        Programme.of(
            "two-shots",
            List.of(
                ClipSpec.of(
                    SceneKind.LAYERED_3D,
                    CameraMotion.STATIC.plus(MotionLabel.PAN_RIGHT, 10),
                    320,
                    180,
                    25,
                    50,
                    201),
                ClipSpec.of(
                    SceneKind.STATIC_WITH_MOVERS, CameraMotion.STATIC, 320, 180, 25, 50, 202))),
        5);
    Path mov = withTimecode(mp4, dir.resolve("in/master.mov"), "10:00:00:00");
    Path missing = dir.resolve("in/missing.mp4");
    Path out = dir.resolve("out");
    Path json = dir.resolve("all.json");

    StringWriter text = new StringWriter();
    int code =
        CamReasonerCli.execute(
            new PrintWriter(text, true),
            new PrintWriter(text, true),
            "analyze",
            "--json",
            json.toString(),
            "--format",
            "json,jsonl,csv,edl,otio,vtt,chapters",
            "--output",
            out.toString(),
            "--state-dir",
            dir.resolve("state").toString(),
            mov.toString(),
            missing.toString());

    assertThat(code).as(text.toString()).isEqualTo(1);
    assertThat(text.toString()).contains("wrote 8 file(s) to " + out);
    try (var files = Files.list(out)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder(
              "master.json",
              "master.jsonl",
              "master.csv",
              "master.edl",
              "master.otio",
              "master.vtt",
              "master.chapters.txt",
              "missing.json");
    }
    ObjectMapper mapper = new ObjectMapper();
    JsonNode all = mapper.readTree(json.toFile());
    JsonNode one = mapper.readTree(out.resolve("master.json").toFile());
    assertThat(one.get("videos")).hasSize(1);
    assertThat(one.get("videos").get(0)).isEqualTo(all.get("videos").get(0));
    assertThat(one.get("errors")).isEmpty();
    JsonNode failed = mapper.readTree(out.resolve("missing.json").toFile());
    assertThat(failed.get("videos")).isEmpty();
    assertThat(failed.get("errors").get(0).get("error").asText()).startsWith("no such file");

    String edl = Files.readString(out.resolve("master.edl"));
    assertThat(edl)
        .contains("FCM: NON-DROP FRAME")
        .contains("001  AX       V     C        10:00:00:00 10:00:02:00 10:00:00:00 10:00:02:00")
        .contains("002  AX       V     C        10:00:02:00 10:00:04:00 10:00:02:00 10:00:04:00")
        .contains("* FROM CLIP NAME: master.mov")
        .contains("PAN-RIGHT");
    List<String> csv = Files.readAllLines(out.resolve("master.csv"));
    assertThat(csv.get(0)).startsWith("Stream,Session,Producer,Shot,Segment,Start Frame");
    assertThat(csv.get(1)).contains(",0,10:00:00:00,0.000,");
    assertThat(Files.readString(out.resolve("master.vtt")))
        .startsWith("WEBVTT")
        .contains("00:00:00.000 --> ")
        .contains("pan right");
    assertThat(Files.readString(out.resolve("master.chapters.txt")))
        .contains("[CHAPTER]\nTIMEBASE=1/1000\nSTART=0\nEND=2000\ntitle=Shot 1: pan right")
        .contains("START=2000\nEND=4000\ntitle=Shot 2: static");
    JsonNode otio = mapper.readTree(out.resolve("master.otio").toFile());
    assertThat(otio.get("OTIO_SCHEMA").asText()).isEqualTo("Timeline.1");
    assertThat(otio.at("/global_start_time/value").asDouble()).isEqualTo(25 * 36000.0);
    assertThat(otio.at("/tracks/children/0/children")).hasSize(2);
    assertThat(Files.readAllLines(out.resolve("master.jsonl")))
        .allSatisfy(
            l -> assertThat(mapper.readTree(l).get("producer").asText()).startsWith("geometry@"));
  }

  @Test
  void shouldFailAsAUsageErrorWhenAFormatIsUnknownOrHasNoOutput() {
    StringWriter err = new StringWriter();
    PrintWriter e = new PrintWriter(err, true);
    PrintWriter o = new PrintWriter(new StringWriter(), true);

    int unknown =
        CamReasonerCli.execute(
            o, e, "analyze", "--format", "csv,xml", "--output", dir.toString(), "x.mp4");
    int noOutput = CamReasonerCli.execute(o, e, "analyze", "--format", "csv", "x.mp4");

    assertThat(unknown).isEqualTo(2);
    assertThat(noOutput).isEqualTo(2);
    assertThat(err.toString())
        .contains(
            "--format: unknown format 'xml'; formats are json,jsonl,csv,edl,otio,vtt,chapters")
        .contains("--format needs --output DIR");
  }

  /** The clip re-encoded into a MOV whose timecode track starts at {@code timecode}. */
  private static Path withTimecode(Path in, Path out, String timecode) throws Exception {
    Files.createDirectories(out.getParent());
    try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(in.toFile())) {
      g.start();
      try (FFmpegFrameRecorder r =
          new FFmpegFrameRecorder(out.toFile(), g.getImageWidth(), g.getImageHeight(), 0)) {
        r.setFormat("mov");
        r.setVideoCodec(AV_CODEC_ID_MPEG4);
        r.setFrameRate(g.getFrameRate());
        r.setVideoQuality(5);
        r.setMetadata(Map.of("timecode", timecode));
        r.start();
        for (Frame f; (f = g.grabImage()) != null; ) {
          r.record(f);
        }
        r.stop();
      }
      g.stop();
    }
    return out;
  }
}
