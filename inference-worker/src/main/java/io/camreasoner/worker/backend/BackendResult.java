package io.camreasoner.worker.backend;

import io.camreasoner.schemas.MotionLabel;
import io.camreasoner.schemas.avro.MotionCues;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What a backend concluded about one window: the chosen labels, a confidence for each of the 15
 * labels, the Observation-Thinking-Answer text and the measurements behind it.
 *
 * @param labels chosen labels; {@code static} stands alone; empty when a free-text answer could not
 *     be mapped to the vocabulary (the answer is then kept verbatim)
 * @param scores confidence 0..1 for every vocabulary label
 * @param observation the {@code <observation>} text
 * @param thinking the {@code <think>} text
 * @param answer the {@code <answer>} text (verbatim for the vlm backend)
 * @param cues the measured numbers (all null for a backend that measures nothing)
 * @param inferenceMillis time spent on this window in milliseconds
 */
public record BackendResult(
    List<MotionLabel> labels,
    Map<MotionLabel, Double> scores,
    String observation,
    String thinking,
    String answer,
    MotionCues cues,
    double inferenceMillis) {

  public BackendResult {
    labels = List.copyOf(labels);
    EnumMap<MotionLabel, Double> all = new EnumMap<>(MotionLabel.class);
    for (MotionLabel l : MotionLabel.values()) {
      double s = scores.getOrDefault(l, 0.0);
      if (!(s >= 0.0 && s <= 1.0)) {
        throw new IllegalArgumentException("score of " + l + " must lie in 0..1, was " + s);
      }
      all.put(l, s);
    }
    scores = Collections.unmodifiableMap(all);
  }

  /** The same result with a different inference time (set by backends that time a whole batch). */
  public BackendResult withInferenceMillis(double millis) {
    return new BackendResult(labels, scores, observation, thinking, answer, cues, millis);
  }

  /** Cues with every measurement absent, for backends that measure nothing. */
  public static MotionCues noCues() {
    return MotionCues.newBuilder().build();
  }
}
