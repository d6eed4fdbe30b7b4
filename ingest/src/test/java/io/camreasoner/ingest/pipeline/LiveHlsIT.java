package io.camreasoner.ingest.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.camreasoner.ingest.hls.HlsSegmentStream;
import io.camreasoner.ingest.source.Source;
import io.camreasoner.ingest.source.Sources;
import io.camreasoner.ingest.testing.HlsRecording;
import io.camreasoner.ingest.testing.HttpDirectoryServer;
import io.camreasoner.ingest.window.Window;
import io.camreasoner.synth.Programme;
import io.camreasoner.synth.ProgrammeGenerator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Live and VOD HLS end to end on loopback: FFmpeg's hls muxer writes a synthetic programme with
 * known cuts in real time (one-second segments), a plain static HTTP server serves it, and the
 * ingestor follows the playlist through ends, outages, a server gone for good and a stop.
 */
class LiveHlsIT {
  /** About 5 s of video in three shots (cuts at frames 42 and 85), 160x90 at 25 fps. */
  static final Programme PROGRAMME =
      ProgrammeGenerator.generate(5, "live", 3, 160, 90, 25, 2.0, false);

  @TempDir Path dir;

  /** Loads the native libraries once, so that no test's timing includes it. */
  @BeforeAll
  static void loadNativeLibraries() {
    Loader.load(avformat.class);
    Loader.load(opencv_imgcodecs.class);
    Loader.load(opencv_imgproc.class);
  }

  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final CollectingSink sink = new CollectingSink();

  private static StreamIngestor.Settings settings(int maxReconnects) {
    StreamIngestor.Settings d = StreamIngestor.Settings.defaults();
    return new StreamIngestor.Settings(
        d.window(), d.cuts(), Duration.ofSeconds(2), false, maxReconnects, Duration.ofMillis(100));
  }

  /** An ingest running on its own thread, as IngestService runs it. */
  private final class Ingesting {
    final AtomicReference<IngestResult> result = new AtomicReference<>();
    volatile long finishedNanos;
    final Thread thread;

    Ingesting(String url, StreamIngestor.Settings settings) {
      Source source = Sources.expand(List.of(url), "cam-1").get(0);
      StreamIngestor ingestor = new StreamIngestor(settings, sink, new IngestMetrics(registry));
      thread =
          new Thread(
              () -> {
                result.set(ingestor.run(source, (d, e) -> {}));
                finishedNanos = System.nanoTime();
              },
              "ingest-under-test");
      thread.start();
    }

    IngestResult await(Duration timeout) throws InterruptedException {
      thread.join(timeout.toMillis());
      assertThat(thread.isAlive()).as("ingest still running after %s", timeout).isFalse();
      return result.get();
    }
  }

  private static void awaitServed(HttpDirectoryServer server, String file) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (server.served(file) == 0) {
      assertThat(System.nanoTime()).as("%s never served", file).isLessThan(deadline);
      TimeUnit.MILLISECONDS.sleep(10);
    }
  }

  private static Map<String, Integer> segmentsServed(HttpDirectoryServer server) {
    Map<String, Integer> segments = new TreeMap<>(server.served());
    segments.keySet().removeIf(file -> !file.endsWith(".ts"));
    return segments;
  }

  private double counter(String name) {
    return registry.get(name).counter().count();
  }

  /** Windows in order, never crossing a cut, with frames and timestamps going forward. */
  private void assertWindowsInOrder(List<Long> cuts) {
    Window previous = null;
    for (Window w : sink.windows) {
      if (previous != null) {
        assertThat(w.seq()).isEqualTo(previous.seq() + 1);
        assertThat(w.firstFrame()).isGreaterThan(previous.lastFrame());
        assertThat(w.startMicros()).isGreaterThan(previous.endMicros());
      }
      for (long cut : cuts) {
        assertThat(w.firstFrame() < cut && w.lastFrame() >= cut)
            .as("window %d crosses cut %d", w.seq(), cut)
            .isFalse();
      }
      previous = w;
    }
  }

  private static List<Long> programmeCuts() {
    return PROGRAMME.cuts().stream().map(Long::valueOf).toList();
  }

  @Test
  void shouldReadEveryShotOnceAndEndWithinSecondsWhenLiveEventPlaylistGetsEndList()
      throws Exception {
    try (HlsRecording recording = HlsRecording.start(dir, PROGRAMME, HlsRecording.Kind.EVENT);
        HttpDirectoryServer server = HttpDirectoryServer.start(dir)) {
      recording.awaitSegments(1, Duration.ofSeconds(20));

      IngestResult result =
          new Ingesting(server.url(HlsRecording.PLAYLIST), settings(5))
              .await(Duration.ofSeconds(30));
      long finished = System.nanoTime();

      assertThat(result.error()).isNull();
      assertThat(result.frames()).isEqualTo(PROGRAMME.frames());
      assertThat(result.cuts()).isEqualTo(programmeCuts());
      assertThat(result.reconnects()).isZero();
      assertThat(result.session()).as("a live source has a session").isPositive();
      assertWindowsInOrder(result.cuts());
      assertThat(sink.windows.get(sink.windows.size() - 1).lastFrame())
          .isEqualTo(PROGRAMME.frames() - 1);
      assertThat(sink.ends).singleElement().satisfies(end -> assertThat(end.error()).isNull());
      assertThat(segmentsServed(server))
          .as("every segment fetched exactly once")
          .containsOnlyKeys(recording.listedSegments())
          .allSatisfy((file, n) -> assertThat(n).as(file).isEqualTo(1));
      assertThat(recording.endListNanos()).isPositive();
      assertThat(Duration.ofNanos(finished - recording.endListNanos()))
          .as("result after #EXT-X-ENDLIST")
          .isLessThan(Duration.ofSeconds(4));
    }
  }

  @Test
  void shouldResumeAtNextSegmentWithoutDuplicatesWhenServerRefusesConnectionsForAWhile()
      throws Exception {
    try (HlsRecording recording = HlsRecording.start(dir, PROGRAMME, HlsRecording.Kind.EVENT);
        HttpDirectoryServer server = HttpDirectoryServer.start(dir)) {
      recording.awaitSegments(1, Duration.ofSeconds(20));
      Ingesting ingesting = new Ingesting(server.url(HlsRecording.PLAYLIST), settings(8));
      awaitServed(server, "seg001.ts");
      server.refuse();
      TimeUnit.MILLISECONDS.sleep(2000);
      server.accept();
      IngestResult result = ingesting.await(Duration.ofSeconds(30));

      assertThat(result.error()).isNull();
      assertThat(result.reconnects()).isPositive();
      assertThat(counter("camreasoner.ingest.reconnects")).isEqualTo(result.reconnects());
      assertThat(counter("camreasoner.ingest.hls.segments.skipped")).isZero();
      assertThat(result.frames()).isEqualTo(PROGRAMME.frames());
      assertThat(result.cuts()).isEqualTo(programmeCuts());
      assertWindowsInOrder(result.cuts());
      assertThat(segmentsServed(server))
          .allSatisfy((file, n) -> assertThat(n).as(file).isEqualTo(1));
    }
  }

  @Test
  void shouldSkipForwardWithLoggedGapWhenSlidingPlaylistMovedOnDuringOutage() throws Exception {
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    ((Logger) LoggerFactory.getLogger(HlsSegmentStream.class)).addAppender(log);
    try (HlsRecording recording = HlsRecording.start(dir, PROGRAMME, HlsRecording.Kind.SLIDING);
        HttpDirectoryServer server = HttpDirectoryServer.start(dir)) {
      recording.awaitSegments(1, Duration.ofSeconds(20));
      Ingesting ingesting = new Ingesting(server.url(HlsRecording.PLAYLIST), settings(8));
      awaitServed(server, "seg000.ts");
      server.refuse();
      TimeUnit.MILLISECONDS.sleep(3200); // the two-segment window moves past what was read
      server.accept();
      IngestResult result = ingesting.await(Duration.ofSeconds(30));

      double skipped = counter("camreasoner.ingest.hls.segments.skipped");
      assertThat(result.error()).isNull();
      assertThat(skipped).isGreaterThanOrEqualTo(1);
      assertThat(log.list)
          .anySatisfy(
              e ->
                  assertThat(e.getFormattedMessage())
                      .contains("the server has moved on")
                      .contains("skipping about"));
      // what was skipped is missing, nothing more and nothing twice
      assertThat(result.frames())
          .isLessThan(PROGRAMME.frames())
          .isGreaterThanOrEqualTo(PROGRAMME.frames() - Math.round((skipped + 1) * 25));
      assertWindowsInOrder(result.cuts());
      assertThat(segmentsServed(server))
          .allSatisfy((file, n) -> assertThat(n).as(file).isEqualTo(1));
      long jump = 0;
      for (int i = 1; i < sink.windows.size(); i++) {
        jump =
            Math.max(jump, sink.windows.get(i).startMicros() - sink.windows.get(i - 1).endMicros());
      }
      assertThat(jump).as("the gap shows in the timestamps").isGreaterThan(900_000);
    } finally {
      ((Logger) LoggerFactory.getLogger(HlsSegmentStream.class)).detachAppender(log);
    }
  }

  @Test
  void shouldKeepWindowsAndFailWithReasonWhenServerIsGoneForGood() throws Exception {
    try (HlsRecording recording = HlsRecording.start(dir, PROGRAMME, HlsRecording.Kind.EVENT);
        HttpDirectoryServer server = HttpDirectoryServer.start(dir)) {
      recording.awaitSegments(1, Duration.ofSeconds(20));
      Ingesting ingesting = new Ingesting(server.url(HlsRecording.PLAYLIST), settings(3));
      awaitServed(server, "seg002.ts");
      server.refuse();
      IngestResult result = ingesting.await(Duration.ofSeconds(30));

      assertThat(result.error())
          .isEqualTo("unreachable: connection refused (gave up after 3 reconnects)");
      assertThat(result.reconnects()).isEqualTo(3);
      assertThat(counter("camreasoner.ingest.reconnects")).isEqualTo(3);
      assertThat(counter("camreasoner.ingest.inputs.failed")).isEqualTo(1);
      assertThat(result.frames()).isBetween(75L, (long) PROGRAMME.frames() - 1);
      assertThat(sink.windows).hasSize((int) result.windows()).isNotEmpty();
      assertThat(sink.windows.get(sink.windows.size() - 1).lastFrame())
          .as("the windows of everything received went out")
          .isEqualTo(result.frames() - 1);
      assertThat(sink.ends)
          .singleElement()
          .satisfies(
              end -> {
                assertThat(end.error()).isEqualTo(result.error());
                assertThat(end.totalFrames()).isEqualTo(result.frames());
                assertThat(end.seq()).isEqualTo(sink.windows.size());
              });
    }
  }

  @Test
  void shouldReadVodPlaylistAtFullSpeedAsAnArchive() throws Exception {
    Programme vod = ProgrammeGenerator.generate(8, "vod", 4, 160, 90, 25, 3.0, false);
    double mediaSeconds = vod.frames() / vod.fps();
    try (HlsRecording recording = HlsRecording.start(dir, vod, HlsRecording.Kind.VOD);
        HttpDirectoryServer server = HttpDirectoryServer.start(dir)) {
      recording.awaitEnd(Duration.ofSeconds(60));

      long start = System.nanoTime();
      IngestResult result =
          new Ingesting(server.url(HlsRecording.PLAYLIST), settings(5))
              .await(Duration.ofSeconds(30));
      double seconds = (System.nanoTime() - start) / 1e9;

      assertThat(result.error()).isNull();
      assertThat(result.session()).as("an archive keeps session 0").isZero();
      assertThat(sink.infos.get(0).source().live()).isFalse();
      assertThat(result.frames()).isEqualTo(vod.frames());
      assertThat(result.cuts()).isEqualTo(vod.cuts().stream().map(Long::valueOf).toList());
      assertThat(seconds).as("not paced: %s s of media", mediaSeconds).isLessThan(mediaSeconds / 3);
      assertThat(registry.get("camreasoner.ingest.realtime.lag").gauge().value())
          .as("never paced, so never behind")
          .isZero();
    }
  }

  @Test
  void shouldEndCleanlyWithWhatWasReadWhenStoppedWhileReadingLiveHls() throws Exception {
    try (HlsRecording recording = HlsRecording.start(dir, PROGRAMME, HlsRecording.Kind.EVENT);
        HttpDirectoryServer server = HttpDirectoryServer.start(dir)) {
      recording.awaitSegments(1, Duration.ofSeconds(20));
      Ingesting ingesting = new Ingesting(server.url(HlsRecording.PLAYLIST), settings(5));
      awaitServed(server, "seg001.ts");
      long stopAt = System.nanoTime();
      ingesting.thread.interrupt();
      IngestResult result = ingesting.await(Duration.ofSeconds(10));

      assertThat(Duration.ofNanos(ingesting.finishedNanos - stopAt))
          .isLessThan(Duration.ofSeconds(1));
      assertThat(result.error()).as("a stop ends a live source cleanly").isNull();
      assertThat(result.frames()).isBetween(1L, (long) PROGRAMME.frames() - 1);
      assertThat(sink.windows).isNotEmpty();
      assertThat(sink.windows.get(sink.windows.size() - 1).lastFrame())
          .isEqualTo(result.frames() - 1);
      assertThat(sink.ends)
          .singleElement()
          .satisfies(
              end -> {
                assertThat(end.error()).isNull();
                assertThat(end.totalFrames()).isEqualTo(result.frames());
              });
    }
  }
}
