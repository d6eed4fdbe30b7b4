package io.camreasoner.ingest.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.camreasoner.ingest.source.Source;
import io.camreasoner.ingest.source.Sources;
import io.camreasoner.synth.CameraMotion;
import io.camreasoner.synth.ClipSpec;
import io.camreasoner.synth.ClipWriter;
import io.camreasoner.synth.SceneKind;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
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
    IngestResult r = ingest(dir.resolve("nope.mp4").toString());
    assertThat(r.error()).isEqualTo("no such file");
    assertThat(r.source()).endsWith("nope.mp4");
  }

  @Test
  void shouldReportEmptyFile() throws IOException {
    Path empty = Files.createFile(dir.resolve("empty.mp4"));
    assertThat(ingest(empty.toString()).error()).isEqualTo("empty file (0 bytes)");
  }

  @Test
  void shouldReportRandomBytesAsNotDecodable() throws IOException {
    byte[] noise = new byte[64 * 1024];
    new Random(1).nextBytes(noise);
    Path random = Files.write(dir.resolve("random.mp4"), noise);
    assertThat(ingest(random.toString()).error()).startsWith("not a decodable video");
  }

  @Test
  void shouldReportTextFileNamedAvi() throws IOException {
    Path text =
        Files.writeString(
            dir.resolve("notes.avi"), "these are my holiday notes, not a video\n".repeat(50));
    assertThat(ingest(text.toString()).error()).startsWith("not a decodable video");
  }

  @Test
  void shouldReportTruncatedMp4() throws IOException {
    byte[] bytes = Files.readAllBytes(good);
    Path truncated =
        Files.write(dir.resolve("truncated.mp4"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
    assertThat(ingest(truncated.toString()).error()).startsWith("truncated");
  }

  @Test
  void shouldKeepGoingPastCorruptPacketsWhenMiddleIsDamaged() throws IOException {
    byte[] bytes = Files.readAllBytes(good);
    Random random = new Random(7);
    // damage bytes in the middle of the media data (the index at the end stays intact)
    for (int i = bytes.length / 3; i < bytes.length / 3 + 300; i += 7) {
      bytes[i] = (byte) random.nextInt(256);
    }
    Path corrupt = Files.write(dir.resolve("corrupt.mp4"), bytes);
    IngestResult r = ingest(corrupt.toString());
    assertThat(r.frames()).isGreaterThanOrEqualTo(45);
    assertThat(r.error()).isNull();
  }

  @Test
  void shouldReportUnreachableUrlWithinSeconds() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    long start = System.nanoTime();
    IngestResult r = ingest("http://127.0.0.1:" + port + "/live.mp4");
    assertThat(r.error()).startsWith("unreachable");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
  }

  @Test
  void shouldReportUnsupportedCodec() throws Exception {
    // an AVI whose video fourcc names no codec FFmpeg knows: write MJPEG, then rename its fourcc
    Path avi = dir.resolve("odd-codec.avi");
    try (org.bytedeco.javacv.FFmpegFrameRecorder recorder =
            new org.bytedeco.javacv.FFmpegFrameRecorder(avi.toFile(), 160, 90, 0);
        org.bytedeco.javacv.Java2DFrameConverter converter =
            new org.bytedeco.javacv.Java2DFrameConverter()) {
      recorder.setFormat("avi");
      recorder.setVideoCodec(org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MJPEG);
      recorder.setPixelFormat(org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ420P);
      recorder.setFrameRate(25);
      recorder.start();
      java.awt.image.BufferedImage image =
          new java.awt.image.BufferedImage(160, 90, java.awt.image.BufferedImage.TYPE_3BYTE_BGR);
      for (int i = 0; i < 10; i++) {
        recorder.record(converter.convert(image));
      }
      recorder.stop();
    }
    byte[] bytes = Files.readAllBytes(avi);
    int patched = 0;
    for (int i = 0; i + 4 <= bytes.length; i++) {
      if (bytes[i] == 'M' && bytes[i + 1] == 'J' && bytes[i + 2] == 'P' && bytes[i + 3] == 'G') {
        bytes[i] = 'Z';
        bytes[i + 1] = 'Z';
        bytes[i + 2] = 'Z';
        bytes[i + 3] = 'Z';
        patched++;
      }
    }
    assertThat(patched).isPositive();
    Files.write(avi, bytes);
    assertThat(ingest(avi.toString()).error()).contains("unsupported codec");
  }
}
