package io.camreasoner.worker.backend.model;

import io.camreasoner.schemas.MotionLabel;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * How the {@code model} backend combines its scores with the geometric reasoner's ({@code
 * model.ensemble}): {@link #NONE} uses the model alone, {@link #GEOMETRY} averages the two per
 * label, {@code w·model + (1 - w)·geometry} with {@code w = model.ensemble.weight}, before the
 * labels are chosen. Both backends come from one pass over the frames, so the ensemble costs no
 * extra measurement.
 */
public enum ModelEnsemble {
  /** The model's scores alone. */
  NONE,
  /** Weighted average with the geometric reasoner's scores. */
  GEOMETRY;

  /** The configuration spelling: {@code none} or {@code geometry}. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The scores to choose labels from.
   *
   * @param model the model's 15 scores in label order
   * @param geometry the geometric reasoner's scores
   * @param weight the model's weight in (0, 1]
   */
  public Map<MotionLabel, Double> combine(
      float[] model, Map<MotionLabel, Double> geometry, double weight) {
    Map<MotionLabel, Double> out = new EnumMap<>(MotionLabel.class);
    for (MotionLabel l : MotionLabel.values()) {
      double m = Math.min(1, Math.max(0, model[l.ordinal()]));
      out.put(l, this == NONE ? m : weight * m + (1 - weight) * geometry.get(l));
    }
    return out;
  }
}
