package io.camreasoner.ingest.window;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WindowerTest {
  /** What the test encoder writes after the frame number for a colour and for a grey frame. */
  private static final byte C = 'C';

  private static final byte G = 'G';

  private static List<Window> run(WindowSettings s, double fps, int frames, Set<Integer> cuts) {
    Windower w = new Windower(s, fps, 0);
    List<Window> out = new ArrayList<>();
    for (int i = 0; i < frames; i++) {
      int n = i;
      out.addAll(
          w.accept(
              new Windower.Frame(
                  n, Math.round(n * 1e6 / fps), colour -> new byte[] {(byte) n, colour ? C : G}),
              cuts.contains(n)));
    }
    out.addAll(w.finish());
    return out;
  }

  @Test
  void shouldNeverCrossCutWhenShotsEndMidWindow() {
    Set<Integer> cuts = Set.of(37, 90, 91 + 40);
    List<Window> windows = run(WindowSettings.defaults(), 25, 200, cuts);
    for (Window w : windows) {
      for (int cut : cuts) {
        assertThat(w.firstFrame() < cut && w.lastFrame() >= cut)
            .as("window %s crosses cut %d", w, cut)
            .isFalse();
      }
      assertThat(w.samples())
          .allSatisfy(s -> assertThat(s.frameNumber()).isBetween(w.firstFrame(), w.lastFrame()));
    }
    assertThat(windows.stream().map(Window::shotIndex).distinct()).containsExactly(0, 1, 2, 3);
  }

  @Test
  void shouldTileEveryShotContiguouslyWhenWindowsAreJoined() {
    List<Window> windows = run(WindowSettings.defaults(), 30, 301, Set.of(100, 103, 250));
    long expected = 0;
    for (Window w : windows) {
      assertThat(w.firstFrame()).isEqualTo(expected);
      assertThat(w.lastFrame()).isGreaterThanOrEqualTo(w.firstFrame());
      expected = w.lastFrame() + 1;
    }
    assertThat(expected).isEqualTo(301);
    // the 3-frame shot 100..102 still gets an analysable window of two frames
    Window shortShot =
        windows.stream().filter(w -> w.firstFrame() == 100).findFirst().orElseThrow();
    assertThat(shortShot.lastFrame()).isEqualTo(102);
    assertThat(shortShot.samples()).hasSize(2);
  }

  @Test
  void shouldNumberWindowsIdenticallyWhenSameInputIsWindowedTwice() {
    List<Window> a = run(WindowSettings.defaults(), 25, 400, Set.of(50, 180));
    List<Window> b = run(WindowSettings.defaults(), 25, 400, Set.of(50, 180));
    assertThat(a).hasSameSizeAs(b);
    for (int i = 0; i < a.size(); i++) {
      assertThat(a.get(i).seq()).isEqualTo(i).isEqualTo(b.get(i).seq());
      assertThat(a.get(i).firstFrame()).isEqualTo(b.get(i).firstFrame());
      assertThat(a.get(i).samples().stream().map(Window.Sample::frameNumber).toList())
          .isEqualTo(b.get(i).samples().stream().map(Window.Sample::frameNumber).toList());
    }
  }

  @Test
  void shouldSampleAtConfiguredRateWhenShotIsLong() {
    List<Window> windows = run(WindowSettings.defaults(), 25, 250, Set.of());
    // 12.5 samples per second of 25 fps video (every second frame): 125 samples in 10 s, 16 per
    // window
    assertThat(windows.stream().mapToInt(w -> w.samples().size()).sum()).isBetween(125, 126);
    assertThat(windows.get(0).samples()).hasSize(16);
    assertThat(windows.get(0).samples().get(1).frameNumber()).isEqualTo(2);
    assertThat(windows.get(0).lastFrame() + 1).isEqualTo(windows.get(1).firstFrame());
  }

  @Test
  void shouldOverlapWindowsWhenHopIsShorterThanWindow() {
    WindowSettings overlapping = new WindowSettings(8, 12, 6, 320, 85, WindowSettings.Colour.FIRST);
    // samples 6..11 of the first window start the second
    List<Window> windows = run(overlapping, 25, 250, Set.of());
    assertThat(windows.get(1).samples().get(0).frameNumber())
        .isEqualTo(windows.get(0).samples().get(6).frameNumber());
  }

  @Test
  void shouldMergeShortTailIntoPreviousWindowWhenShotEndsSoonAfterAWindow() {
    // 100 frames at 25 fps sampled every second frame: 50 samples = 3 windows of 16 + a tail of 2
    List<Window> windows = run(WindowSettings.defaults(), 25, 100, Set.of());
    assertThat(windows).hasSize(3);
    assertThat(windows.get(2).samples()).hasSize(18);
    assertThat(windows.get(2).lastFrame()).isEqualTo(99);
    // a tail of half a window or more stays a window of its own
    List<Window> longer = run(WindowSettings.defaults(), 25, 112, Set.of());
    assertThat(longer).hasSize(4);
    assertThat(longer.get(3).samples()).hasSize(8);
  }

  @Test
  void shouldGiveOneFrameShotAWindowOfItsOneFrameWhenCutsComeBackToBack() {
    // damage can make a shot of a single frame: at the start, between two cuts, at the very end
    Set<Integer> cuts = Set.of(1, 40, 41, 99);
    List<Window> windows = run(WindowSettings.defaults(), 25, 100, cuts);
    for (long single : List.of(0L, 40L, 99L)) {
      Window w = windows.stream().filter(x -> x.firstFrame() == single).findFirst().orElseThrow();
      assertThat(w.lastFrame()).isEqualTo(single);
      assertThat(w.shotStartFrame()).isEqualTo(single);
      assertThat(w.samples())
          .singleElement()
          .satisfies(s -> assertThat(s.frameNumber()).isEqualTo(single));
    }
    assertThat(windows)
        .extracting(Window::seq)
        .containsExactlyElementsOf(
            java.util.stream.LongStream.range(0, windows.size()).boxed().toList());
  }

  @Test
  void shouldSendOnlyEachShotsFirstSampleInColourWhenColourIsFirst() {
    List<Window> windows = run(WindowSettings.defaults(), 25, 200, Set.of(37, 120));
    int shotsSeen = -1;
    int colourSamples = 0;
    for (Window w : windows) {
      for (int i = 0; i < w.samples().size(); i++) {
        Window.Sample s = w.samples().get(i);
        boolean shotFirst = i == 0 && w.shotIndex() > shotsSeen;
        assertThat(s.jpeg()[1])
            .as("window %d sample %d (frame %d)", w.seq(), i, s.frameNumber())
            .isEqualTo(shotFirst ? C : G);
        colourSamples += s.jpeg()[1] == C ? 1 : 0;
      }
      shotsSeen = Math.max(shotsSeen, w.shotIndex());
    }
    assertThat(shotsSeen).isEqualTo(2);
    assertThat(colourSamples).isEqualTo(3);
    assertThat(windows.get(0).samples().get(0).frameNumber()).isZero();
  }

  @Test
  void shouldSendEverySampleInColourWhenColourIsAll() {
    List<Window> windows =
        run(WindowSettings.defaults().withColour(WindowSettings.Colour.ALL), 25, 200, Set.of(37));
    assertThat(windows).isNotEmpty();
    for (Window w : windows) {
      assertThat(w.samples()).allSatisfy(s -> assertThat(s.jpeg()[1]).isEqualTo(C));
    }
  }
}
