package io.camreasoner.ingest.cuts;

import static org.assertj.core.api.Assertions.assertThat;

import io.camreasoner.schemas.MotionLabel;
import io.camreasoner.schemas.TransitionType;
import io.camreasoner.synth.CameraMotion;
import io.camreasoner.synth.ClipSpec;
import io.camreasoner.synth.Programme;
import io.camreasoner.synth.ProgrammeGenerator;
import io.camreasoner.synth.ProgrammeRenderer;
import io.camreasoner.synth.SceneKind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TransitionDetectorTest {

  /** The transitions the detector finds in a programme rendered in memory (no compression). */
  static List<TransitionDetector.Found> detect(Programme p) {
    TransitionDetector detector = new TransitionDetector(TransitionDetector.Settings.defaults());
    try (ProgrammeRenderer r = new ProgrammeRenderer(p)) {
      for (int f = 0; f < p.frames(); f++) {
        detector.push(f, FrameSignature.ofBgr(r.renderBgr(f), p.width(), p.height()));
      }
    }
    detector.flush();
    return detector.transitions();
  }

  /** The cut frames the detector finds. */
  static List<Long> cuts(Programme p) {
    return detect(p).stream()
        .filter(t -> t.type() == TransitionType.CUT)
        .map(TransitionDetector.Found::startFrame)
        .toList();
  }

  /** True transitions of a programme, as the detector reports them. */
  static List<TransitionDetector.Found> truth(Programme p) {
    return p.transitions().stream()
        .map(t -> new TransitionDetector.Found(t.type(), t.startFrame(), t.endFrame()))
        .toList();
  }

  /** Found transitions that match no true one of the same type within {@code tolerance}. */
  static List<TransitionDetector.Found> unmatched(
      List<TransitionDetector.Found> found, List<TransitionDetector.Found> truth, int tolerance) {
    return found.stream()
        .filter(
            f ->
                truth.stream()
                    .noneMatch(
                        t ->
                            t.type() == f.type()
                                && Math.abs(t.startFrame() - f.startFrame()) <= tolerance
                                && Math.abs(t.endFrame() - f.endFrame()) <= tolerance))
        .toList();
  }

  private static Programme edited(long seed, ProgrammeGenerator.Edit edit) {
    return ProgrammeGenerator.edited(seed, "p" + seed, 6, 192, 108, 25, 3.5, edit);
  }

  private static ClipSpec spec(MotionLabel label, double speed, int frames, long seed) {
    return ClipSpec.of(
        SceneKind.LAYERED_3D, CameraMotion.STATIC.plus(label, speed), 192, 108, 25, frames, seed);
  }

  @Test
  void shouldFindEveryCutAtItsFrameWhenShotsAreFramingsOfOneScene() {
    for (long seed = 4000; seed < 4002; seed++) {
      Programme p = edited(seed, ProgrammeGenerator.Edit.of(ProgrammeGenerator.Join.SIMILAR_CUT));
      assertThat(detect(p)).as("seed %d", seed).containsExactlyElementsOf(truth(p));
    }
  }

  @Test
  void shouldReportDissolveWithinTwoFramesWhenTwoMovingShotsCrossFade() {
    // shot 0 alone 0-49, a 20-frame dissolve 50-69, shot 1 alone from 70
    ClipSpec a = spec(MotionLabel.PAN_LEFT, 6, 70, 21);
    ClipSpec b = spec(MotionLabel.DOLLY_IN, 1.0, 70, 22);
    Programme p =
        new Programme(
            "dissolve",
            192,
            108,
            25,
            List.of(
                new Programme.Shot(0, 0, 50, a, 0, Programme.View.FULL),
                new Programme.Shot(1, 70, 120, b, 50, Programme.View.FULL)),
            List.of(new Programme.Transition(TransitionType.DISSOLVE, 50, 70, 20)));
    List<TransitionDetector.Found> found = detect(p);
    assertThat(found).hasSize(1);
    assertThat(found.get(0).type()).isEqualTo(TransitionType.DISSOLVE);
    assertThat(found.get(0).startFrame()).isBetween(48L, 52L);
    assertThat(found.get(0).endFrame()).isBetween(68L, 72L);
  }

  @Test
  void shouldFindMostDissolvesWithinTwoFramesAndNoneElsewhereWhenProgrammesDissolve() {
    int truths = 0;
    int matched = 0;
    for (long seed = 5000; seed < 5002; seed++) {
      Programme p = edited(seed, ProgrammeGenerator.Edit.of(ProgrammeGenerator.Join.DISSOLVE));
      List<TransitionDetector.Found> found = detect(p);
      List<TransitionDetector.Found> truth = truth(p);
      // every dissolve found overlaps a true one (no false transition), most match it within 2
      assertThat(found)
          .as("seed %d", seed)
          .allMatch(f -> f.type() == TransitionType.DISSOLVE)
          .allMatch(
              f ->
                  truth.stream()
                      .anyMatch(
                          t -> t.startFrame() < f.endFrame() && f.startFrame() < t.endFrame()));
      truths += truth.size();
      matched += found.size() - unmatched(found, truth, 2).size();
    }
    assertThat(matched)
        .as("dissolves found within two frames of %d", truths)
        .isGreaterThanOrEqualTo(truths * 3 / 4);
  }

  @Test
  void shouldReportFadeOutAndFadeInWithTheirFramesWhenShotsDipToBlack() {
    // shot 0 alone 0-39, fade-out 40-59 (a 15-frame ramp, then black), fade-in 60-74, shot 1 from
    // 75
    ClipSpec a = spec(MotionLabel.TILT_UP, 5, 55, 31);
    ClipSpec b = spec(MotionLabel.PAN_RIGHT, 7, 75, 32);
    Programme p =
        new Programme(
            "dip",
            192,
            108,
            25,
            List.of(
                new Programme.Shot(0, 0, 40, a, 0, Programme.View.FULL),
                new Programme.Shot(1, 75, 120, b, 45, Programme.View.FULL)),
            List.of(
                new Programme.Transition(TransitionType.FADE_OUT, 40, 60, 15),
                new Programme.Transition(TransitionType.FADE_IN, 60, 75, 15)));
    List<TransitionDetector.Found> found = detect(p);
    assertThat(found).hasSize(2);
    assertThat(unmatched(found, truth(p), 2)).isEmpty();
  }

  @Test
  void shouldFindEveryFadeAtItsFramesWhenProgrammesFadeThroughBlack() {
    ProgrammeGenerator.Edit fades = ProgrammeGenerator.Edit.fades();
    for (long seed = 6000; seed < 6002; seed++) {
      Programme p = edited(seed, fades);
      List<TransitionDetector.Found> found = detect(p);
      assertThat(found).as("seed %d", seed).hasSameSizeAs(p.transitions());
      assertThat(unmatched(found, truth(p), 2)).as("seed %d", seed).isEmpty();
    }
  }

  @Test
  void shouldReportNoFalseTransitionWhenShotsHaveFlashesWhipPansOrLargeMovers() {
    int truths = 0;
    int found = 0;
    long seed = 7000;
    for (ProgrammeGenerator.Trap trap : ProgrammeGenerator.Trap.values()) {
      for (int i = 0; i < 2; i++, seed++) {
        Programme p =
            edited(
                seed, ProgrammeGenerator.Edit.of(ProgrammeGenerator.Join.CUT).withTraps(1, trap));
        List<TransitionDetector.Found> all = detect(p);
        assertThat(unmatched(all, truth(p), 0)).as("%s, seed %d", trap, seed).isEmpty();
        truths += p.transitions().size();
        found += all.size();
      }
    }
    assertThat(found).as("cuts found").isGreaterThanOrEqualTo(truths - 1);
  }

  @Test
  void shouldFindCutsWithF1AboveTargetWhenProgrammesHaveFastPansFlashesAndMovers() {
    int truePositives = 0;
    int falsePositives = 0;
    int falseNegatives = 0;
    for (long seed = 100; seed < 112; seed++) {
      Programme p = ProgrammeGenerator.generate(seed, "p" + seed, 6, 192, 108, 25, 3.0, true);
      Set<Long> truth = new HashSet<>();
      p.cuts().forEach(c -> truth.add((long) c));
      List<Long> found = cuts(p);
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
    TransitionDetector detector = new TransitionDetector(TransitionDetector.Settings.defaults());
    List<TransitionDetector.Decision> decisions = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      decisions.addAll(
          detector.push(i, FrameSignature.ofBgr(i == 10 || i == 11 ? bright : normal, 96, 54)));
    }
    decisions.addAll(detector.flush());
    assertThat(decisions).hasSize(20).noneMatch(TransitionDetector.Decision::cut);
  }

  @Test
  void shouldCutWhenPictureChangesAndStaysChanged() {
    byte[] a = new byte[96 * 54 * 3];
    byte[] b = new byte[a.length];
    for (int i = 0; i < a.length; i++) {
      a[i] = (byte) (20 + (i * 13) % 90);
      b[i] = (byte) (140 + (i * 5) % 110);
    }
    TransitionDetector detector = new TransitionDetector(TransitionDetector.Settings.defaults());
    List<TransitionDetector.Decision> decisions = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      decisions.addAll(detector.push(i, FrameSignature.ofBgr(i < 8 ? a : b, 96, 54)));
    }
    decisions.addAll(detector.flush());
    assertThat(
            decisions.stream()
                .filter(TransitionDetector.Decision::cut)
                .map(TransitionDetector.Decision::frameNumber))
        .containsExactly(8L);
  }
}
