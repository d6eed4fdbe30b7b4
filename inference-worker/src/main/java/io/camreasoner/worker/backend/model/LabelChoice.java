package io.camreasoner.worker.backend.model;

import io.camreasoner.schemas.MotionLabel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Labels from 15 per-label scores, the one rule every learned backend and the accuracy bench use:
 * per family the stronger direction is kept if its score reaches the threshold; with none kept, or
 * {@code static} scoring above every kept motion, the answer is the single best label.
 */
public final class LabelChoice {

  private LabelChoice() {}

  /** The chosen labels, in vocabulary order (never empty). */
  public static List<MotionLabel> choose(Map<MotionLabel, Double> scores, double threshold) {
    List<MotionLabel> kept = new ArrayList<>();
    for (MotionLabel l : MotionLabel.values()) {
      if (l == MotionLabel.STATIC || l.direction() < 0) {
        continue;
      }
      MotionLabel stronger = scores.get(l) >= scores.get(l.opposite()) ? l : l.opposite();
      if (scores.get(stronger) >= threshold) {
        kept.add(stronger);
      }
    }
    double bestKept = kept.stream().mapToDouble(scores::get).max().orElse(-1);
    if (kept.isEmpty() || scores.get(MotionLabel.STATIC) > bestKept) {
      MotionLabel best =
          scores.entrySet().stream()
              .max(Comparator.comparingDouble(Map.Entry::getValue))
              .orElseThrow()
              .getKey();
      return List.of(best);
    }
    kept.sort(Comparator.comparingInt(MotionLabel::ordinal));
    return kept;
  }
}
