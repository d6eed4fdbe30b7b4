package io.camreasoner.reasoner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.camreasoner.schemas.MotionLabel;
import io.camreasoner.synth.CameraMotion;
import io.camreasoner.synth.LayeredScene;
import io.camreasoner.synth.SensorNoise;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Invariants of the motion descriptor on freshly rendered 3D scenes (tuning seeds 1..99). */
class MotionFeaturesTest {

  private static final double FPS = 25;
  private final GeometricReasoner reasoner = new GeometricReasoner();

  /** 16 frames, every second one at 25 fps, of a 16:9 3D scene under a camera motion. */
  private static AnalysisWindow window(int width, CameraMotion motion, long seed) {
    try (LayeredScene scene =
        new LayeredScene(width, width * 9 / 16, seed, SensorNoise.PER_PIXEL)
            .background(10)
            .cards(6, 3, 6)) {
      return new AnalysisWindow(scene.render(motion, FPS, 16, 2, 1.0, AnalysisFrame::new), FPS);
    }
  }

  private MotionFeatures features(int width, CameraMotion motion, long seed) {
    return reasoner.analyse(window(width, motion, seed)).features();
  }

  private static CameraMotion motion(MotionLabel label, double speed) {
    return CameraMotion.STATIC.plus(label, speed);
  }

  private static double[] cells(MotionFeatures f, String value) {
    double[] out = new double[MotionFeatures.GRID_COLUMNS * MotionFeatures.GRID_ROWS];
    for (int r = 0; r < MotionFeatures.GRID_ROWS; r++) {
      for (int c = 0; c < MotionFeatures.GRID_COLUMNS; c++) {
        out[r * MotionFeatures.GRID_COLUMNS + c] = f.get("cell" + r + c + "." + value);
      }
    }
    return out;
  }

  /** The cells' values weighted by their share of the tracks. */
  private static double weighted(MotionFeatures f, String value) {
    double[] v = cells(f, value);
    double[] share = cells(f, "share");
    double s = 0;
    for (int i = 0; i < v.length; i++) {
      s += v[i] * share[i];
    }
    return s;
  }

  private static double mean(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return s / v.length;
  }

  @Test
  void shouldDescribeTheWindowWithTheDocumentedLayout() {
    MotionFeatures f = features(320, motion(MotionLabel.PAN_RIGHT, 6), 1);

    assertThat(f.values()).hasSize(MotionFeatures.COUNT);
    assertThat(MotionFeatures.NAMES).doesNotHaveDuplicates().hasSize(MotionFeatures.COUNT);
    assertThat(MotionFeatures.COUNT)
        .isEqualTo(
            29 + MotionFeatures.GRID_COLUMNS * MotionFeatures.GRID_ROWS * MotionFeatures.PER_CELL);
    // the cell shares split the baseline's tracks
    assertThat(mean(cells(f, "share")) * cells(f, "share").length).isCloseTo(1.0, within(1e-5));
    assertThat(f.get("log1pTracks")).isGreaterThan((float) Math.log1p(30));
  }

  @Test
  void shouldGiveTheSameDecisionAsReasonAndTheSameFeaturesForTheSameWindow() {
    AnalysisWindow w = window(320, motion(MotionLabel.TRUCK_RIGHT, 1.2), 2);

    GeometricReasoner.Analysis a = reasoner.analyse(w);
    GeometricReasoner.Analysis b = reasoner.analyse(w);
    ReasoningResult r = reasoner.reason(w);

    assertThat(a.features()).isEqualTo(b.features());
    assertThat(a.result().labels()).isEqualTo(r.labels());
    assertThat(a.result().scores()).isEqualTo(r.scores());
    assertThat(a.result().thinking()).isEqualTo(r.thinking());
  }

  @Test
  void shouldStayNearZeroMotionWhenTheCameraIsStill() {
    MotionFeatures f = features(320, CameraMotion.STATIC, 3);

    for (String name : List.of("tx", "ty", "scale", "roll", "residualParallax")) {
      assertThat(f.get(name)).as(name).isCloseTo(0f, within(0.01f));
    }
    for (double v : cells(f, "dx")) {
      assertThat(v).isCloseTo(0.0, within(0.01));
    }
    assertThat(f.get("stationaryShare")).isGreaterThan(0.8f);
  }

  @Test
  void shouldMirrorTheMotionFieldWhenThePanDirectionFlips() {
    MotionFeatures right = features(320, motion(MotionLabel.PAN_RIGHT, 6), 4);
    MotionFeatures left = features(320, motion(MotionLabel.PAN_LEFT, 6), 4);

    // camera pans right: content slides left
    assertThat(right.get("tx")).isNegative();
    assertThat(left.get("tx")).isCloseTo(-right.get("tx"), within(0.1f * -right.get("tx")));
    assertThat(mean(cells(right, "dx"))).isNegative();
    assertThat(mean(cells(left, "dx"))).isPositive();
  }

  @Test
  void shouldKeepRatesWhenTheResolutionDoubles() {
    CameraMotion tilt = motion(MotionLabel.TILT_UP, 5);
    MotionFeatures small = features(320, tilt, 5);
    MotionFeatures large = features(640, tilt, 5);

    // rates are in frame widths per second: independent of the pixel count
    assertThat(large.get("ty"))
        .isCloseTo(small.get("ty"), within(0.1f * Math.abs(small.get("ty"))));
    double smallField = weighted(small, "dy");
    assertThat(weighted(large, "dy")).isCloseTo(smallField, within(0.1 * Math.abs(smallField)));
  }

  @Test
  void shouldShowParallaxInTheResidualsWhenTheCameraTrucksButNotWhenItPans() {
    MotionFeatures truck = features(320, motion(MotionLabel.TRUCK_RIGHT, 1.2), 6);
    MotionFeatures pan = features(320, motion(MotionLabel.PAN_LEFT, 5), 6);

    // comparable image motion, but only translation leaves motion after the best homography
    assertThat(Math.abs(truck.get("tx"))).isGreaterThan(0.05f);
    assertThat(mean(cells(truck, "res"))).isGreaterThan(3 * mean(cells(pan, "res")));
    assertThat(truck.get("parallaxShare")).isGreaterThan(pan.get("parallaxShare"));
  }

  @Test
  void shouldRefuseAVectorOfTheWrongLengthOrWithNonFiniteValues() {
    assertThatThrownBy(() -> new MotionFeatures(new float[12]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(MotionFeatures.COUNT + " values");
    float[] v = new float[MotionFeatures.COUNT];
    v[3] = Float.NaN;
    assertThatThrownBy(() -> new MotionFeatures(v))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("roll");
  }
}
