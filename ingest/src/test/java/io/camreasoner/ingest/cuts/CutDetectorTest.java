package io.camreasoner.ingest.cuts;

import static org.assertj.core.api.Assertions.assertThat;

import io.camreasoner.synth.ClipRenderer;
import io.camreasoner.synth.Programme;
import io.camreasoner.synth.ProgrammeGenerator;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CutDetectorTest {

  /** Cut frames the detector finds in a programme rendered in memory (no compression). */
  static List<Long> detect(Programme p) {
    CutDetector detector = new CutDetector(CutDetector.Settings.defaults());
    List<Long> cuts = new ArrayList<>();
    for (Programme.Shot shot : p.shots()) {
      try (ClipRenderer r =
          new ClipRenderer(
              shot.spec().withFormat(96, 54, shot.spec().fps(), shot.spec().frames()))) {
        for (int i = 0; i < shot.spec().frames(); i++) {
          for (CutDetector.Decision d :
              detector.push(shot.startFrame() + i, FrameSignature.ofBgr(r.renderBgr(i), 96, 54))) {
            if (d.cut()) {
              cuts.add(d.frameNumber());
            }
          }
        }
      }
    }
    detector.flush().stream()
        .filter(CutDetector.Decision::cut)
        .forEach(d -> cuts.add(d.frameNumber()));
    return cuts;
  }

  @Test
  void shouldFindCutsWithF1AboveTargetWhenProgrammesHaveFastPansFlashesAndMovers() {
    int truePositives = 0;
    int falsePositives = 0;
    int falseNegatives = 0;
    for (long seed = 100; seed < 112; seed++) {
      Programme p = ProgrammeGenerator.generate(seed, "p" + seed, 6, 320, 180, 25, 3.0, true);
      Set<Long> truth = new HashSet<>();
      p.cuts().forEach(c -> truth.add((long) c));
      List<Long> found = detect(p);
      for (long c : found) {
        if (truth.contains(c)) {
          truePositives++;
        } else {
          falsePositives++;
        }
      }
      falseNegatives += (int) truth.stream().filter(c -> !found.contains(c)).count();
    }
    double precision = truePositives / (double) (truePositives + falsePositives);
    double recall = truePositives / (double) (truePositives + falseNegatives);
    double f1 = 2 * precision * recall / (precision + recall);
    assertThat(truePositives + falseNegatives).isEqualTo(12 * 5);
    assertThat(f1)
        .as("cut F1 (precision %.3f, recall %.3f)", precision, recall)
        .isGreaterThanOrEqualTo(0.98);
  }

  @Test
  void shouldNotCutWhenFrameFlashesForTwoFrames() {
    byte[] normal = new byte[96 * 54 * 3];
    byte[] bright = new byte[normal.length];
    for (int i = 0; i < normal.length; i++) {
      normal[i] = (byte) (40 + (i * 7) % 120);
      bright[i] = (byte) Math.min(255, (normal[i] & 0xff) * 2 + 60);
    }
    CutDetector detector = new CutDetector(CutDetector.Settings.defaults());
    List<CutDetector.Decision> decisions = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      decisions.addAll(
          detector.push(i, FrameSignature.ofBgr(i == 10 || i == 11 ? bright : normal, 96, 54)));
    }
    decisions.addAll(detector.flush());
    assertThat(decisions).hasSize(20).noneMatch(CutDetector.Decision::cut);
  }

  @Test
  void shouldCutWhenPictureChangesAndStaysChanged() {
    byte[] a = new byte[96 * 54 * 3];
    byte[] b = new byte[a.length];
    for (int i = 0; i < a.length; i++) {
      a[i] = (byte) (20 + (i * 13) % 90);
      b[i] = (byte) (140 + (i * 5) % 110);
    }
    CutDetector detector = new CutDetector(CutDetector.Settings.defaults());
    List<CutDetector.Decision> decisions = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      decisions.addAll(detector.push(i, FrameSignature.ofBgr(i < 8 ? a : b, 96, 54)));
    }
    decisions.addAll(detector.flush());
    assertThat(
            decisions.stream()
                .filter(CutDetector.Decision::cut)
                .map(CutDetector.Decision::frameNumber))
        .containsExactly(8L);
  }
}
