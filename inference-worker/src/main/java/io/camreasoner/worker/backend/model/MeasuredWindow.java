package io.camreasoner.worker.backend.model;

import io.camreasoner.reasoner.MotionFeatures;
import io.camreasoner.schemas.MotionLabel;
import io.camreasoner.schemas.avro.MotionCues;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What a {@link FeatureSource} measured on one window.
 *
 * @param cues the measured cues, as events carry them
 * @param features the motion descriptor the model reads ({@link MotionFeatures} layout)
 * @param geometryScores the geometric reasoner's 15 scores (for the ensemble)
 * @param geometryLabels the geometric reasoner's answer
 * @param observation the measurements in plain words, for the {@code <observation>} text
 */
public record MeasuredWindow(
    MotionCues cues,
    MotionFeatures features,
    Map<MotionLabel, Double> geometryScores,
    List<MotionLabel> geometryLabels,
    String observation) {

  /** Copies the collections; the scores must cover every label. */
  public MeasuredWindow {
    EnumMap<MotionLabel, Double> copy = new EnumMap<>(MotionLabel.class);
    copy.putAll(geometryScores);
    if (copy.size() != MotionLabel.values().length) {
      throw new IllegalArgumentException("geometry scores must cover every label");
    }
    geometryScores = Collections.unmodifiableMap(copy);
    geometryLabels = List.copyOf(geometryLabels);
  }
}
