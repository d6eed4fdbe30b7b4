package io.camreasoner.worker.backend.model;

import io.camreasoner.schemas.MotionLabel;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * How the {@code model} backend combines its scores with the geometric reasoner's ({@code
 * model.ensemble}): {@link #NONE} uses the model alone, {@link #GEOMETRY} averages the two per
 * label, {@code w·model + (1 - w)·geometry} with {@code w = model.ensemble.weight}, or {@code
 * model.ensemble.zoom-dolly-weight} for the zoom and dolly labels, before the labels are chosen.
 * The zoom and dolly labels get their own weight because there the two disagree most in kind: the
 * geometry's scores are nearly all-or-nothing once it has decided between a zoom and a dolly, and
 * the model tells a dolly from a zoom better than the geometry does (training/README.md). Both
 * backends come from one pass over the frames, so the ensemble costs no extra measurement.
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
   * The scores to choose labels from, one weight for every label.
   *
   * @param model the model's 15 scores in label order
   * @param geometry the geometric reasoner's scores
   * @param weight the model's weight in (0, 1]
   */
  public Map<MotionLabel, Double> combine(
      float[] model, Map<MotionLabel, Double> geometry, double weight) {
    return combine(model, geometry, weight, weight);
  }

  /**
   * The scores to choose labels from.
   *
   * @param model the model's 15 scores in label order
   * @param geometry the geometric reasoner's scores
   * @param weight the model's weight in (0, 1] for every label but zoom and dolly
   * @param zoomDollyWeight the model's weight in (0, 1] for the zoom and dolly labels
   */
  public Map<MotionLabel, Double> combine(
      float[] model, Map<MotionLabel, Double> geometry, double weight, double zoomDollyWeight) {
    Map<MotionLabel, Double> out = new EnumMap<>(MotionLabel.class);
    for (MotionLabel l : MotionLabel.values()) {
      double m = Math.min(1, Math.max(0, model[l.ordinal()]));
      double w = zoomOrDolly(l) ? zoomDollyWeight : weight;
      out.put(l, this == NONE ? m : w * m + (1 - w) * geometry.get(l));
    }
    return out;
  }

  /** True for the labels {@code model.ensemble.zoom-dolly-weight} applies to. */
  public static boolean zoomOrDolly(MotionLabel label) {
    return label.kind() == MotionLabel.Kind.ZOOM || label.kind() == MotionLabel.Kind.DOLLY;
  }
}
