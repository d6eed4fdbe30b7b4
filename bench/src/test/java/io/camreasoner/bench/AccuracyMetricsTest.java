package io.camreasoner.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.camreasoner.reasoner.AnalysisWindow;
import io.camreasoner.reasoner.MotionCues;
import io.camreasoner.reasoner.ReasoningResult;
import io.camreasoner.schemas.MotionLabel;
import io.camreasoner.schemas.MotionLabel.Kind;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AccuracyMetricsTest {

  private static ReasoningResult result(List<MotionLabel> labels, Map<MotionLabel, Double> s) {
    Map<MotionLabel, Double> scores = new EnumMap<>(MotionLabel.class);
    for (MotionLabel l : MotionLabel.values()) {
      scores.put(l, s.getOrDefault(l, 0.0));
    }
    MotionCues cues = new MotionCues(0, 0, 0, 0, 0, 0, null, null, 1, 0, 10, 1, Map.of());
    return new ReasoningResult(labels, scores, 1, cues, "o", "t", "a");
  }

  private static Clip clip(MotionLabel truth, String category) {
    return new Clip(new AnalysisWindow(List.of(), 25), EnumSet.of(truth), category, "");
  }

  @Test
  void shouldComputeAccuracyPairRatesAndFalseMotion() {
    AccuracyMetrics m = new AccuracyMetrics();
    m.add(clip(MotionLabel.DOLLY_IN, "3d"), result(List.of(MotionLabel.DOLLY_IN), Map.of()));
    m.add(clip(MotionLabel.DOLLY_IN, "3d"), result(List.of(MotionLabel.ZOOM_IN), Map.of()));
    m.add(
        clip(MotionLabel.STATIC, "moving-objects"),
        result(List.of(MotionLabel.PAN_LEFT), Map.of()));
    m.add(
        clip(MotionLabel.STATIC, "moving-objects"), result(List.of(MotionLabel.STATIC), Map.of()));
    assertThat(m.accuracy()).isEqualTo(0.5);
    assertThat(m.pairRate(Kind.DOLLY, Kind.ZOOM)).isEqualTo(0.5);
    assertThat(m.falseMotion("moving-objects")).isEqualTo(1);
    assertThat(m.precision(MotionLabel.DOLLY_IN)).isEqualTo(1.0);
    assertThat(m.recall(MotionLabel.DOLLY_IN)).isEqualTo(0.5);
    assertThat(m.confusion()[MotionLabel.DOLLY_IN.ordinal()][MotionLabel.ZOOM_IN.ordinal()])
        .isEqualTo(1);
  }

  @Test
  void shouldComputeAveragePrecisionFromRanking() {
    AccuracyMetrics m = new AccuracyMetrics();
    // Ranking by pan-left score: positive (0.9), negative (0.8), positive (0.7).
    m.add(
        clip(MotionLabel.PAN_LEFT, "3d"),
        result(List.of(MotionLabel.PAN_LEFT), Map.of(MotionLabel.PAN_LEFT, 0.9)));
    m.add(
        clip(MotionLabel.TILT_UP, "3d"),
        result(List.of(MotionLabel.TILT_UP), Map.of(MotionLabel.PAN_LEFT, 0.8)));
    m.add(
        clip(MotionLabel.PAN_LEFT, "3d"),
        result(List.of(MotionLabel.PAN_LEFT), Map.of(MotionLabel.PAN_LEFT, 0.7)));
    assertThat(m.averagePrecision(MotionLabel.PAN_LEFT)).isCloseTo((1 + 2 / 3.0) / 2, within(1e-9));
    assertThat(m.averagePrecision(MotionLabel.ROLL_CW)).isNaN();
  }

  @Test
  void shouldCountMissesByFailureModeAndFiguresByGroup() {
    AccuracyMetrics m = new AccuracyMetrics();
    m.add(
        clip(MotionLabel.PAN_LEFT, "movers").inGroup("movers"),
        result(List.of(MotionLabel.TRUCK_LEFT), Map.of()));
    m.add(
        clip(MotionLabel.TRUCK_RIGHT, "slow").inGroup("slow"),
        result(List.of(MotionLabel.STATIC), Map.of()));
    m.add(
        clip(MotionLabel.STATIC, "static+movers").inGroup("slow"),
        result(List.of(MotionLabel.DOLLY_IN), Map.of()));
    m.add(
        clip(MotionLabel.TRUCK_RIGHT, "slow").inGroup("slow"),
        result(List.of(MotionLabel.TRUCK_RIGHT), Map.of()));
    Map<AccuracyMetrics.FailureMode, Integer> modes = m.failureModes();
    assertThat(modes.get(AccuracyMetrics.FailureMode.ROTATION_READ_AS_TRANSLATION)).isEqualTo(1);
    assertThat(modes.get(AccuracyMetrics.FailureMode.MOTION_MISSED)).isEqualTo(1);
    assertThat(modes.get(AccuracyMetrics.FailureMode.STATIC_FALSE_POSITIVE)).isEqualTo(1);
    assertThat(m.groups()).containsExactly("movers", "slow");
    assertThat(m.groupAccuracy("slow")).isCloseTo(1 / 3.0, within(1e-9));
    assertThat(m.staticFalsePositives("slow")).isEqualTo(1);
    assertThat(m.staticFalsePositives("movers")).isZero();
    assertThat(m.labelAccuracy(MotionLabel.TRUCK_RIGHT)).isEqualTo(0.5);
  }
}
