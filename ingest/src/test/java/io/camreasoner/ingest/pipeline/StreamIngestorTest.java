package io.camreasoner.ingest.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.camreasoner.ingest.cuts.TransitionDetector;
import io.camreasoner.ingest.source.Source;
import io.camreasoner.ingest.source.Sources;
import io.camreasoner.ingest.window.Window;
import io.camreasoner.schemas.MotionLabel;
import io.camreasoner.schemas.TransitionType;
import io.camreasoner.synth.CameraMotion;
import io.camreasoner.synth.ClipSpec;
import io.camreasoner.synth.ClipWriter;
import io.camreasoner.synth.Programme;
import io.camreasoner.synth.ProgrammeGenerator;
import io.camreasoner.synth.SceneKind;
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

  @Test
  void shouldKeepDissolveAndFadeFramesOutOfEveryWindowWhenProgrammeHasThem() throws Exception {
    // shot 0 0-44, dissolve 45-64, shot 1 65-104, fade-out 105-124 (12-frame ramp), fade-in
    // 125-139, shot 2 from 140
    ClipSpec a = spec(MotionLabel.PAN_LEFT, 6, 65, 41);
    ClipSpec b = spec(MotionLabel.DOLLY_IN, 1.0, 117, 42);
    ClipSpec c = spec(MotionLabel.PAN_RIGHT, 7, 50, 43);
    Programme p =
        new Programme(
            "gradual",
            320,
            180,
            25,
            List.of(
                new Programme.Shot(0, 0, 45, a, 0, Programme.View.FULL),
                new Programme.Shot(1, 65, 105, b, 45, Programme.View.FULL),
                new Programme.Shot(2, 140, 175, c, 125, Programme.View.FULL)),
            List.of(
                new Programme.Transition(TransitionType.DISSOLVE, 45, 65, 20),
                new Programme.Transition(TransitionType.FADE_OUT, 105, 125, 12),
                new Programme.Transition(TransitionType.FADE_IN, 125, 140, 15)));
    Path gradual = dir.resolve("gradual.mp4");
    ClipWriter.write(gradual, p, 5);
    CollectingSink sink = new CollectingSink();
    IngestResult result =
        new StreamIngestor(StreamIngestor.Settings.defaults(), sink, IngestMetrics.inMemory())
            .run(Sources.expand(List.of(gradual.toString()), null).get(0), (d, e) -> {});
    assertThat(result.cuts()).isEmpty();
    assertThat(result.transitions())
        .extracting(TransitionDetector.Found::type)
        .containsExactly(TransitionType.DISSOLVE, TransitionType.FADE_OUT, TransitionType.FADE_IN);
    for (int k = 0; k < 3; k++) {
      TransitionDetector.Found found = result.transitions().get(k);
      Programme.Transition truth = p.transitions().get(k);
      assertThat(found.startFrame()).isCloseTo(truth.startFrame(), within(2L));
      assertThat(found.endFrame()).isCloseTo(truth.endFrame(), within(2L));
    }
    for (Window w : sink.windows) {
      for (TransitionDetector.Found t : result.transitions()) {
        assertThat(w.lastFrame() < t.startFrame() || w.firstFrame() >= t.endFrame())
            .as("window %d (%d-%d) overlaps %s", w.seq(), w.firstFrame(), w.lastFrame(), t)
            .isTrue();
      }
    }
    assertThat(sink.windows).extracting(Window::shotIndex).contains(0, 1, 2).doesNotContain(3);
    Window afterDissolve =
        sink.windows.stream().filter(w -> w.shotIndex() == 1).findFirst().orElseThrow();
    assertThat(afterDissolve.previousShotEndFrame())
        .isEqualTo(result.transitions().get(0).startFrame());
    assertThat(afterDissolve.shotStartFrame()).isEqualTo(result.transitions().get(0).endFrame());
    assertThat(sink.ends.get(0).transitions()).isEqualTo(result.transitions());
  }

  private static ClipSpec spec(MotionLabel label, double speed, int frames, long seed) {
    return ClipSpec.of(
        SceneKind.LAYERED_3D, CameraMotion.STATIC.plus(label, speed), 320, 180, 25, frames, seed);
  }
}
