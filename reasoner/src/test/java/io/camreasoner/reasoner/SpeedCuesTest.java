package io.camreasoner.reasoner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.camreasoner.schemas.MotionLabel;
import io.camreasoner.synth.CameraMotion;
import io.camreasoner.synth.LayeredScene;
import io.camreasoner.synth.SensorNoise;
import org.junit.jupiter.api.Test;

/**
 * The speed cues of issue 18's curves (pan and tilt rate, translation speed, shake and steadiness)
 * on synthesised scenes whose camera speed and shake are known; tuning seeds 120..139.
 */
class SpeedCuesTest {

  private static final double FPS = 25;

  /** 16 frames, every second one at 25 fps, of a layered scene; closes the scene. */
  private static ReasoningResult reason(long seed, CameraMotion motion) {
    try (LayeredScene scene =
        new LayeredScene(320, 180, seed, SensorNoise.PER_PIXEL).background(10).cards(6, 3, 6)) {
      AnalysisWindow w =
          new AnalysisWindow(scene.render(motion, FPS, 16, 2, 1.5, AnalysisFrame::new), FPS);
      return new GeometricReasoner().reason(w);
    }
  }

  @Test
  void shouldMeasurePanRateWhenTheCameraPansAtAKnownSpeed() {
    // the synthetic camera has the 60° field of view the reasoner assumes
    for (long seed = 120; seed <= 122; seed++) {
      ReasoningResult right = reason(seed, CameraMotion.STATIC.plus(MotionLabel.PAN_RIGHT, 8));
      assertThat(right.labels()).containsExactly(MotionLabel.PAN_RIGHT);
      assertThat(right.cues().panRate()).as("seed %d", seed).isCloseTo(8, within(0.8));
      assertThat(right.cues().tiltRate()).isZero();
      assertThat(right.cues().translationSpeed()).isZero();
    }
    ReasoningResult up = reason(123, CameraMotion.STATIC.plus(MotionLabel.TILT_UP, 5));
    assertThat(up.cues().tiltRate()).isCloseTo(5, within(0.5));
    assertThat(up.cues().panRate()).isZero();
  }

  @Test
  void shouldMeasureTranslationSpeedWhenTheCameraTrucks() {
    ReasoningResult r = reason(124, CameraMotion.STATIC.plus(MotionLabel.TRUCK_LEFT, 1.2));
    assertThat(r.labels()).containsExactly(MotionLabel.TRUCK_LEFT);
    assertThat(r.cues().translationSpeed()).isEqualTo(Math.abs(r.cues().translationX()));
    assertThat(r.cues().panRate()).isZero();
  }

  @Test
  void shouldCallAJitteringCameraHandheldAndATripodSteady() {
    for (long seed = 125; seed <= 127; seed++) {
      CameraMotion pan = CameraMotion.STATIC.plus(MotionLabel.PAN_LEFT, 6);
      ReasoningResult tripod = reason(seed, pan);
      ReasoningResult handheld = reason(seed, pan.withJitter(0.3));
      assertThat(tripod.cues().steadiness())
          .as("seed %d tripod shake %.5f", seed, tripod.cues().shake())
          .isEqualTo(Steadiness.STEADY);
      assertThat(handheld.cues().steadiness())
          .as("seed %d handheld shake %.5f", seed, handheld.cues().shake())
          .isEqualTo(Steadiness.HANDHELD);
      assertThat(handheld.labels()).as(handheld.thinking()).contains(MotionLabel.PAN_LEFT);
      assertThat(handheld.observation()).contains("(handheld)");
    }
    ReasoningResult still = reason(128, CameraMotion.STATIC);
    assertThat(still.cues().steadiness()).isEqualTo(Steadiness.STEADY);
    assertThat(still.cues().shake()).isLessThan(Steadiness.STEADY_MAX_SHAKE / 2);
  }
}
