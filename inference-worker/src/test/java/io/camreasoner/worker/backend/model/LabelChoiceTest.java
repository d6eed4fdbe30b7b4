package io.camreasoner.worker.backend.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.camreasoner.schemas.MotionLabel;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelChoiceTest {

  @Test
  void shouldKeepTheStrongerDirectionPerFamilyAboveThreshold() {
    Map<MotionLabel, Double> s = new EnumMap<>(MotionLabel.class);
    for (MotionLabel l : MotionLabel.values()) {
      s.put(l, 0.1);
    }
    s.put(MotionLabel.PAN_LEFT, 0.8);
    s.put(MotionLabel.PAN_RIGHT, 0.6);
    s.put(MotionLabel.TILT_UP, 0.55);
    assertThat(LabelChoice.choose(s, 0.5))
        .containsExactly(MotionLabel.PAN_LEFT, MotionLabel.TILT_UP);

    s.put(MotionLabel.STATIC, 0.9);
    assertThat(LabelChoice.choose(s, 0.5)).containsExactly(MotionLabel.STATIC);

    s.put(MotionLabel.STATIC, 0.2);
    s.put(MotionLabel.PAN_LEFT, 0.3);
    s.put(MotionLabel.PAN_RIGHT, 0.3);
    s.put(MotionLabel.TILT_UP, 0.45);
    assertThat(LabelChoice.choose(s, 0.5)).containsExactly(MotionLabel.TILT_UP);
  }

  @Test
  void shouldAverageScoresWithTheModelWeightWhenBlendingGeometry() {
    float[] model = new float[MotionLabel.values().length];
    model[MotionLabel.ZOOM_IN.ordinal()] = 0.9f;
    model[MotionLabel.DOLLY_IN.ordinal()] = 1.2f; // clamped to 1
    Map<MotionLabel, Double> geometry = new EnumMap<>(MotionLabel.class);
    for (MotionLabel l : MotionLabel.values()) {
      geometry.put(l, l == MotionLabel.DOLLY_IN ? 0.4 : 0.0);
    }

    Map<MotionLabel, Double> blend = ModelEnsemble.GEOMETRY.combine(model, geometry, 0.75);
    Map<MotionLabel, Double> alone = ModelEnsemble.NONE.combine(model, geometry, 0.75);

    assertThat(blend.get(MotionLabel.ZOOM_IN)).isEqualTo(0.75 * 0.9f);
    assertThat(blend.get(MotionLabel.DOLLY_IN)).isEqualTo(0.75 + 0.25 * 0.4);
    assertThat(alone.get(MotionLabel.DOLLY_IN)).isEqualTo(1.0);
    assertThat(alone.get(MotionLabel.ZOOM_IN)).isEqualTo((double) 0.9f);
  }

  @Test
  void shouldWeighTheModelMoreOnZoomAndDollyWhenTheirOwnWeightIsHigher() {
    // a dolly-in the geometry took for a zoom-in (its scores all-or-nothing), the model for a dolly
    float[] model = new float[MotionLabel.values().length];
    model[MotionLabel.ZOOM_IN.ordinal()] = 0.15f;
    model[MotionLabel.DOLLY_IN.ordinal()] = 0.85f;
    model[MotionLabel.PAN_LEFT.ordinal()] = 0.9f;
    Map<MotionLabel, Double> geometry = new EnumMap<>(MotionLabel.class);
    for (MotionLabel l : MotionLabel.values()) {
      geometry.put(l, l == MotionLabel.ZOOM_IN ? 0.95 : 0.0);
    }

    Map<MotionLabel, Double> even = ModelEnsemble.GEOMETRY.combine(model, geometry, 0.5);
    Map<MotionLabel, Double> own = ModelEnsemble.GEOMETRY.combine(model, geometry, 0.5, 0.7);

    assertThat(LabelChoice.choose(even, 0.5)).containsExactly(MotionLabel.ZOOM_IN);
    assertThat(LabelChoice.choose(own, 0.5)).containsExactly(MotionLabel.DOLLY_IN);
    assertThat(own.get(MotionLabel.DOLLY_IN)).isCloseTo(0.7 * 0.85f, within(1e-6));
    assertThat(own.get(MotionLabel.ZOOM_IN)).isCloseTo(0.7 * 0.15f + 0.3 * 0.95, within(1e-6));
    assertThat(own.get(MotionLabel.PAN_LEFT)).isCloseTo(0.5 * 0.9f, within(1e-6));
  }
}
