package io.camreasoner.ingest.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.camreasoner.ingest.source.Source;
import io.camreasoner.ingest.source.Sources;
import io.camreasoner.ingest.window.Window;
import io.camreasoner.synth.ClipWriter;
import io.camreasoner.synth.Programme;
import io.camreasoner.synth.ProgrammeGenerator;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamIngestorTest {
  @TempDir static Path dir;
  static Programme programme;
  static Path file;

  @BeforeAll
  static void writeProgramme() throws Exception {
    programme = ProgrammeGenerator.generate(21, "prog", 4, 320, 180, 25, 3.0, true);
    file = dir.resolve("prog.mp4");
    ClipWriter.write(file, programme, 5);
  }

  private static IngestResult ingest(CollectingSink sink) {
    Source source = Sources.expand(List.of(file.toString()), null).get(0);
    return new StreamIngestor(StreamIngestor.Settings.defaults(), sink, IngestMetrics.inMemory())
        .run(source, (decoded, expected) -> {});
  }

  @Test
  void shouldFindProgrammeCutsAndNeverCrossThemWhenFileIsEncoded() {
    CollectingSink sink = new CollectingSink();
    IngestResult result = ingest(sink);
    assertThat(result.ok()).as(String.valueOf(result.error())).isTrue();
    assertThat(result.frames()).isEqualTo(programme.frames());
    assertThat(result.cuts())
        .containsExactlyElementsOf(programme.cuts().stream().map(Long::valueOf).toList());
    for (Window w : sink.windows) {
      for (long cut : result.cuts()) {
        assertThat(w.firstFrame() < cut && w.lastFrame() >= cut)
            .as("window %d crosses cut %d", w.seq(), cut)
            .isFalse();
      }
      assertThat(w.samples()).hasSizeGreaterThanOrEqualTo(2);
      assertThat(w.samples().get(0).jpeg()).startsWith((byte) 0xFF, (byte) 0xD8);
    }
    assertThat(sink.windows.get(sink.windows.size() - 1).lastFrame())
        .isEqualTo(programme.frames() - 1);
    EndOfStream end = sink.ends.get(0);
    assertThat(end.error()).isNull();
    assertThat(end.seq()).isEqualTo(sink.windows.size());
    assertThat(end.totalFrames()).isEqualTo(programme.frames());
    assertThat(sink.infos.get(0).width()).isEqualTo(320);
  }

  @Test
  void shouldProduceSameWindowsAndSequenceNumbersWhenSameFileIsIngestedTwice() {
    CollectingSink first = new CollectingSink();
    CollectingSink second = new CollectingSink();
    ingest(first);
    ingest(second);
    assertThat(second.windows).hasSameSizeAs(first.windows);
    for (int i = 0; i < first.windows.size(); i++) {
      Window a = first.windows.get(i);
      Window b = second.windows.get(i);
      assertThat(b.seq()).isEqualTo(a.seq()).isEqualTo(i);
      assertThat(b.firstFrame()).isEqualTo(a.firstFrame());
      assertThat(b.lastFrame()).isEqualTo(a.lastFrame());
      assertThat(b.shotIndex()).isEqualTo(a.shotIndex());
      assertThat(b.samples().get(1).jpeg()).isEqualTo(a.samples().get(1).jpeg());
    }
  }
}
