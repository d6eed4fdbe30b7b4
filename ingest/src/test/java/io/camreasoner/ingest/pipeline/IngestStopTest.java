package io.camreasoner.ingest.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.camreasoner.ingest.IngestService;
import io.camreasoner.ingest.source.Source;
import io.camreasoner.ingest.source.Sources;
import io.camreasoner.synth.ClipWriter;
import io.camreasoner.synth.Programme;
import io.camreasoner.synth.ProgrammeGenerator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stopping an ingest on request (Ctrl-C, a removed source): a live source ends cleanly with what it
 * read; an archive pauses without its tail or an end marker, so a resumed run completes it.
 */
class IngestStopTest {
  private static final Programme PROGRAMME =
      ProgrammeGenerator.generate(8, "stop", 3, 160, 90, 25, 3.0, false);

  @TempDir static Path dir;
  private static Path video;

  @BeforeAll
  static void render() throws Exception {
    video = dir.resolve("programme.mp4");
    ClipWriter.write(video, PROGRAMME, 5);
  }

  /** Ingests the video paced as if live, stops once a few windows are out, returns the result. */
  private static IngestResult stoppedMidway(Source source, CollectingSink sink, boolean byStream)
      throws Exception {
    StreamIngestor.Settings d = StreamIngestor.Settings.defaults();
    StreamIngestor.Settings paced =
        new StreamIngestor.Settings(
            d.window(), d.cuts(), d.timeout(), true, d.maxReconnects(), d.reconnectBackoff());
    try (IngestService service = new IngestService(paced, sink, IngestMetrics.inMemory(), 1)) {
      Future<IngestResult> running = service.submit(source, IngestService.Listener.NONE);
      Awaitility.await("windows published")
          .atMost(Duration.ofSeconds(30))
          .until(() -> sink.windows.size() >= 2);
      if (byStream) {
        assertThat(service.stop(source.streamId())).isTrue();
      } else {
        service.stopAll();
      }
      return running.get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void shouldEndALiveSourceCleanlyWithWhatItReadWhenStopped() throws Exception {
    // a file read as a live feed (paced, ended by its session)
    Source live = new Source(video.toString(), "cam", true);
    CollectingSink sink = new CollectingSink();

    IngestResult result = stoppedMidway(live, sink, true);

    assertThat(result.error()).isNull();
    assertThat(result.frames()).isPositive().isLessThan(PROGRAMME.frames());
    assertThat(sink.ends).singleElement().satisfies(end -> assertThat(end.error()).isNull());
    // the tail of what was read is published: the last window ends at the last frame read
    assertThat(sink.windows.get(sink.windows.size() - 1).lastFrame())
        .isEqualTo(result.frames() - 1);
  }

  @Test
  void shouldPauseAnArchiveWithoutTailOrEndMarkerWhenStopped() throws Exception {
    Source archive = Sources.expand(List.of(video.toString()), "clip", false).get(0);
    CollectingSink sink = new CollectingSink();

    IngestResult result = stoppedMidway(archive, sink, false);

    assertThat(result.error()).isEqualTo(StreamIngestor.STOPPED);
    assertThat(result.session()).isZero();
    assertThat(sink.ends).as("no end marker: the archive is not over").isEmpty();
    // only whole windows went out: each is one an uninterrupted run publishes too
    CollectingSink full = new CollectingSink();
    new StreamIngestor(StreamIngestor.Settings.defaults(), full, IngestMetrics.inMemory())
        .run(archive, (decoded, expected) -> {});
    assertThat(full.windows.subList(0, sink.windows.size()))
        .usingRecursiveFieldByFieldElementComparatorIgnoringFields("samples")
        .isEqualTo(sink.windows);
  }
}
