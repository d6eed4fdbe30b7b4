package io.camreasoner.ingest.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.camreasoner.ingest.source.Source;
import io.camreasoner.ingest.source.Sources;
import io.camreasoner.ingest.testing.BadMedia;
import io.camreasoner.synth.CameraMotion;
import io.camreasoner.synth.ClipSpec;
import io.camreasoner.synth.ClipWriter;
import io.camreasoner.synth.SceneKind;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BadInputTest {
  @TempDir static Path dir;
  static Path good;

  @BeforeAll
  static void writeGoodClip() throws IOException {
    good = dir.resolve("good.mp4");
    ClipWriter.write(
        good, ClipSpec.of(SceneKind.LAYERED_3D, CameraMotion.STATIC, 160, 90, 25, 50, 3), 5);
  }

  private static IngestResult ingest(String location) {
    CollectingSink sink = new CollectingSink();
    Source source = Sources.expand(List.of(location), null).get(0);
    StreamIngestor.Settings settings = StreamIngestor.Settings.defaults();
    settings =
        new StreamIngestor.Settings(
            settings.window(),
            settings.cuts(),
            Duration.ofSeconds(2),
            false,
            0,
            Duration.ofMillis(10));
    IngestResult result =
        new StreamIngestor(settings, sink, IngestMetrics.inMemory()).run(source, (d, e) -> {});
    // whatever happened, the stream ended with exactly one marker that carries the error
    assertThat(sink.ends).hasSize(1);
    assertThat(sink.ends.get(0).error()).isEqualTo(result.error());
    return result;
  }

  @Test
  void shouldReportMissingFile() {
    IngestResult r = ingest(BadMedia.missing(dir).toString());
    assertThat(r.error()).isEqualTo("no such file");
    assertThat(r.source()).endsWith("nope.mp4");
  }

  @Test
  void shouldReportEmptyFile() throws IOException {
    assertThat(ingest(BadMedia.empty(dir).toString()).error()).isEqualTo("empty file (0 bytes)");
  }

  @Test
  void shouldReportRandomBytesAsNotDecodable() throws IOException {
    assertThat(ingest(BadMedia.randomBytes(dir).toString()).error())
        .startsWith("not a decodable video");
  }

  @Test
  void shouldReportTextFileNamedAvi() throws IOException {
    assertThat(ingest(BadMedia.textAvi(dir).toString()).error())
        .startsWith("not a decodable video");
  }

  @Test
  void shouldReportTruncatedMp4() throws IOException {
    assertThat(ingest(BadMedia.truncated(dir, good).toString()).error()).startsWith("truncated");
  }

  @Test
  void shouldKeepGoingPastCorruptPacketsWhenMiddleIsDamaged() throws IOException {
    IngestResult r = ingest(BadMedia.corruptMiddle(dir, good).toString());
    assertThat(r.frames()).isGreaterThanOrEqualTo(45);
    assertThat(r.error()).isNull();
  }

  @Test
  void shouldReportUnreachableUrlWithinSeconds() throws IOException {
    long start = System.nanoTime();
    IngestResult r = ingest(BadMedia.unreachableUrl());
    assertThat(r.error()).startsWith("unreachable");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
  }

  @Test
  void shouldReportUnsupportedCodec() throws Exception {
    assertThat(ingest(BadMedia.unsupportedCodec(dir).toString()).error())
        .contains("unsupported codec");
  }
}
