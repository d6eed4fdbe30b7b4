package io.camreasoner.ingest.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.camreasoner.ingest.source.Source;
import io.camreasoner.ingest.source.Sources;
import io.camreasoner.ingest.testing.DamagedMedia;
import io.camreasoner.ingest.testing.DamagedMedia.Codec;
import io.camreasoner.ingest.window.Window;
import io.camreasoner.synth.Programme;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged archives (issue 15): real encoded bytes corrupted the ways archives are, each ingested
 * under a hard deadline. Every one ends with a result or one clear error, never a hang; the stream
 * always ends with exactly one end-of-stream marker, windows never cross a cut and their frame
 * numbers only grow; packets lost to damage are counted.
 */
class DamagedArchiveTest {
  /** No damaged file of a few seconds may take longer to ingest than this. */
  private static final Duration DEADLINE = Duration.ofSeconds(30);

  /** A cut found within this many frames of the true one counts as found. */
  private static final int CUT_TOLERANCE = 2;

  @TempDir static Path dir;
  static Programme programme;
  static Path avi;
  static Path mkv;
  static Path h264;

  @BeforeAll
  static void encodeOriginals() throws Exception {
    programme = DamagedMedia.programme();
    avi = DamagedMedia.encode(dir, "archive.avi", Codec.MPEG4);
    mkv = DamagedMedia.encode(dir, "archive.mkv", Codec.MPEG4);
    h264 = DamagedMedia.encode(dir, "camera.mp4", Codec.H264);
  }

  record Outcome(IngestResult result, CollectingSink sink) {
    EndOfStream end() {
      return sink.ends.get(0);
    }

    StreamInfo info() {
      return sink.infos.get(0);
    }
  }

  private static Outcome ingest(Path file) {
    return assertTimeoutPreemptively(
        DEADLINE,
        () -> {
          CollectingSink sink = new CollectingSink();
          Source source = Sources.expand(List.of(file.toString()), null).get(0);
          IngestResult result =
              new StreamIngestor(StreamIngestor.Settings.defaults(), sink, IngestMetrics.inMemory())
                  .run(source, (decoded, expected) -> {});
          Outcome outcome = new Outcome(result, sink);
          assertWellFormed(outcome);
          return outcome;
        },
        () -> "ingest of " + file.getFileName() + " did not end within " + DEADLINE);
  }

  /** What holds for every outcome, good or bad. */
  private static void assertWellFormed(Outcome o) {
    IngestResult r = o.result();
    assertThat(o.sink().ends).as("exactly one end-of-stream marker").hasSize(1);
    assertThat(o.end().error()).isEqualTo(r.error());
    if (r.error() != null) {
      assertThat(r.error()).as("one line").doesNotContain("\n").isNotBlank();
    }
    assertThat(o.end().seq()).isEqualTo(o.sink().windows.size());
    assertThat(r.windows()).isEqualTo(o.sink().windows.size());
    long lastFrame = -1;
    long lastMicros = -1;
    for (Window w : o.sink().windows) {
      assertThat(w.firstFrame())
          .as("window %d starts after the last one", w.seq())
          .isGreaterThan(lastFrame);
      assertThat(w.lastFrame()).isGreaterThanOrEqualTo(w.firstFrame());
      assertThat(w.samples()).as("window %d has samples", w.seq()).isNotEmpty();
      for (Window.Sample s : w.samples()) {
        assertThat(s.frameNumber()).isBetween(w.firstFrame(), w.lastFrame());
        assertThat(s.timestampMicros()).as("sample times only grow").isGreaterThan(lastMicros);
        assertThat(s.jpeg()).startsWith((byte) 0xFF, (byte) 0xD8);
        lastMicros = s.timestampMicros();
      }
      for (long cut : r.cuts()) {
        assertThat(w.firstFrame() < cut && w.lastFrame() >= cut)
            .as("window %d (%d..%d) crosses cut %d", w.seq(), w.firstFrame(), w.lastFrame(), cut)
            .isFalse();
      }
      lastFrame = w.lastFrame();
    }
    if (!o.sink().windows.isEmpty()) {
      assertThat(o.end().totalFrames() - 1).isEqualTo(lastFrame);
    }
  }

  /**
   * The cuts found lie within {@link #CUT_TOLERANCE} frames of the programme's, in time: frame
   * numbers count decoded frames, so after frames lost to damage they run behind the source's.
   */
  private static void assertCutsNearTruth(Outcome o) {
    assertCutsNearTruth(
        o, programme.cuts().stream().map(c -> Math.round(c * 1e6 / DamagedMedia.FPS)).toList());
  }

  private static void assertCutsNearTruth(Outcome o, List<Long> truthMicros) {
    List<Long> found = new ArrayList<>();
    for (long cut : o.result().cuts()) {
      Window first =
          o.sink().windows.stream()
              .filter(w -> w.firstFrame() == cut && w.shotStartFrame() == cut)
              .findFirst()
              .orElseThrow(() -> new AssertionError("no window starts the shot at cut " + cut));
      found.add(first.startMicros());
    }
    assertThat(found).as("cut times %s vs truth %s", found, truthMicros).hasSameSizeAs(truthMicros);
    long tolerance = Math.round(CUT_TOLERANCE * 1e6 / DamagedMedia.FPS);
    for (int i = 0; i < truthMicros.size(); i++) {
      assertThat(found.get(i))
          .isBetween(truthMicros.get(i) - tolerance, truthMicros.get(i) + tolerance);
    }
  }

  @Test
  void shouldAnalyseUndamagedOriginalsCompletelyWhenNothingIsWrong() {
    for (Path file : List.of(avi, mkv, h264)) {
      Outcome o = ingest(file);
      assertThat(o.result().error()).as(file.getFileName().toString()).isNull();
      assertThat(o.result().frames()).isEqualTo(programme.frames());
      assertThat(o.result().decodeErrors()).isZero();
      assertCutsNearTruth(o);
    }
  }

  @Test
  void shouldSkipAndCountJunkPacketsWhenAviPacketsAreOverwritten() throws Exception {
    Outcome o = ingest(DamagedMedia.junkPackets(avi, 60, 61, 62, 110));
    IngestResult r = o.result();
    assertThat(r.error()).isNull();
    assertThat(r.decodeErrors()).as("skipped packets").isGreaterThanOrEqualTo(3);
    assertThat(r.frames()).isGreaterThanOrEqualTo(programme.frames() - 4L);
    assertCutsNearTruth(o);
  }

  @Test
  void shouldReadEveryFrameWhenAviIndexIsCutOff() throws Exception {
    Outcome o = ingest(DamagedMedia.cutIndex(avi));
    assertThat(o.result().error()).isNull();
    assertThat(o.result().frames()).isEqualTo(programme.frames());
    assertThat(o.result().decodeErrors()).isZero();
    assertCutsNearTruth(o);
  }

  @Test
  void shouldGiveResultWithSkippedPacketsWhenAviHasBrokenPacketsAndNoIndex() throws Exception {
    // the archive: MPEG-4 part 2 in AVI, broken packets, the index gone
    Outcome o = ingest(DamagedMedia.cutIndex(DamagedMedia.junkPackets(avi, 60, 61, 62, 151)));
    IngestResult r = o.result();
    assertThat(r.error()).isNull();
    assertThat(r.decodeErrors()).isGreaterThanOrEqualTo(3);
    assertCutsNearTruth(o);
  }

  @Test
  void shouldNotCallCompleteFileTruncatedWhenItsHeaderLiesAboutItsLength() throws Exception {
    for (Path file :
        List.of(DamagedMedia.lyingLength(avi, 10), DamagedMedia.lyingLength(mkv, 10))) {
      Outcome o = ingest(file);
      assertThat(o.result().error()).as(file.getFileName().toString()).isNull();
      assertThat(o.result().frames()).isEqualTo(programme.frames());
      assertCutsNearTruth(o);
    }
  }

  @Test
  void shouldCountMissingFramesAndKeepCutsWhenH264FramesAreDropped() throws Exception {
    Outcome o = ingest(DamagedMedia.dropFrames(h264, 20, 21, 22, 70));
    IngestResult r = o.result();
    assertThat(r.error()).isNull();
    assertThat(r.frames()).isEqualTo(programme.frames() - 4L);
    assertThat(r.decodeErrors()).as("frames missing").isEqualTo(4);
    assertCutsNearTruth(o);
  }

  @Test
  void shouldFailWithOneReasonWhenEveryPacketIsJunk() throws Exception {
    int[] all = java.util.stream.IntStream.range(0, programme.frames()).toArray();
    Outcome o = ingest(DamagedMedia.junkPackets(avi, all));
    assertThat(o.result().error()).startsWith("undecodable: all ");
    assertThat(o.sink().windows).isEmpty();
  }

  @Test
  void shouldKeepTimeMovingForwardWhenClockJumpsBack() throws Exception {
    Outcome o = ingest(DamagedMedia.rewoundClock(mkv, 3));
    IngestResult r = o.result();
    assertThat(r.error()).isNull();
    assertThat(r.frames()).isEqualTo(programme.frames());
    assertThat(r.decodeErrors()).as("a clock that jumps back loses no frame").isZero();
    assertCutsNearTruth(o);
  }

  @Test
  void shouldSayTruncatedWhenFilesAreCutShort() throws Exception {
    Path mp4 = DamagedMedia.encode(dir, "indexed.mp4", Codec.MPEG4);
    for (Path file :
        List.of(
            DamagedMedia.truncate(mp4, 0.6),
            DamagedMedia.truncate(mkv, 0.6),
            DamagedMedia.truncate(avi, 0.6))) {
      Outcome o = ingest(file);
      assertThat(o.result().error())
          .as(file.getFileName().toString())
          .startsWith("truncated: decoded ")
          .contains(" of " + programme.frames() + " frames");
      assertThat(o.result().frames()).isBetween(20L, programme.frames() - 10L);
      assertThat(o.sink().windows).as("what is there is still analysed").isNotEmpty();
    }
  }

  @Test
  void shouldKeepTimestampsAndCountNothingWhenFrameRateVaries() throws Exception {
    long[] ts = DamagedMedia.variableTimestamps();
    for (String name : List.of("vfr.mp4", "vfr.mkv")) {
      Outcome o = ingest(DamagedMedia.encodeWithTimestamps(dir, name, Codec.MPEG4, ts));
      IngestResult r = o.result();
      assertThat(r.error()).as(name).isNull();
      assertThat(r.frames()).isEqualTo(programme.frames());
      assertThat(r.decodeErrors()).isZero();
      assertCutsNearTruth(o, programme.cuts().stream().map(c -> ts[c]).toList());
      for (Window w : o.sink().windows) {
        for (Window.Sample s : w.samples()) {
          assertThat(s.timestampMicros()).isEqualTo(ts[(int) s.frameNumber()]);
        }
      }
    }
  }

  @Test
  void shouldTurnPhoneVideoUprightWhenDisplayMatrixSaysRotate() throws Exception {
    Outcome o = ingest(DamagedMedia.rotatedPhoneVideo(dir));
    assertThat(o.result().error()).isNull();
    StreamInfo info = o.info();
    assertThat(info.sourceWidth()).isEqualTo(DamagedMedia.PHONE_WIDTH);
    assertThat(info.sourceHeight()).isEqualTo(DamagedMedia.PHONE_HEIGHT);
    assertThat(info.width()).isEqualTo(DamagedMedia.PHONE_WIDTH);
    assertThat(info.height()).isEqualTo(DamagedMedia.PHONE_HEIGHT);
    byte[] jpeg = o.sink().windows.get(0).samples().get(0).jpeg();
    Mat image =
        opencv_imgcodecs.imdecode(
            new Mat(new BytePointer(jpeg)), opencv_imgcodecs.IMREAD_GRAYSCALE);
    assertThat(image.cols()).isEqualTo(DamagedMedia.PHONE_WIDTH);
    assertThat(image.rows()).isEqualTo(DamagedMedia.PHONE_HEIGHT);
    int m = DamagedMedia.PHONE_MARKER;
    assertThat(grey(image, m / 2, m / 2)).as("white square top-left").isGreaterThan(200);
    assertThat(grey(image, DamagedMedia.PHONE_WIDTH - m / 2, m / 2)).as("top-right").isLessThan(80);
    assertThat(grey(image, m / 2, DamagedMedia.PHONE_HEIGHT - 2 * m))
        .as("low on the left")
        .isLessThan(80);
    assertThat(grey(image, DamagedMedia.PHONE_WIDTH / 2, DamagedMedia.PHONE_HEIGHT - 10))
        .as("grey bar at the bottom")
        .isBetween(100, 180);
  }

  private static int grey(Mat image, int x, int y) {
    return image.ptr(y, x).get() & 0xff;
  }
}
