package io.camreasoner.reasoner;

import io.camreasoner.schemas.MotionLabel;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What a reasoner concluded about one window.
 *
 * @param labels the chosen labels: {@code [static]} alone, or one or more motion labels (at most
 *     one per family)
 * @param scores a confidence in 0..1 for every one of the 15 labels (also the ones not chosen), for
 *     ranking and average-precision measurement
 * @param confidence the confidence of the answer as a whole, 0..1
 * @param cues the measured numbers the decision rests on
 * @param observation what was measured, in plain words with numbers
 * @param thinking the chain of reasoning, naming the alternatives ruled out and why
 * @param answer the labels as a comma-separated list of kebab-case names
 */
public record ReasoningResult(
    List<MotionLabel> labels,
    Map<MotionLabel, Double> scores,
    double confidence,
    MotionCues cues,
    String observation,
    String thinking,
    String answer) {

  /** Copies the labels and checks that every label has a score. */
  public ReasoningResult {
    labels = List.copyOf(labels);
    if (labels.isEmpty()) {
      throw new IllegalArgumentException("a result needs at least one label");
    }
    EnumMap<MotionLabel, Double> copy = new EnumMap<>(MotionLabel.class);
    copy.putAll(scores);
    if (copy.size() != MotionLabel.values().length) {
      throw new IllegalArgumentException(
          "scores must cover all " + MotionLabel.values().length + " labels, got " + copy.keySet());
    }
    scores = Collections.unmodifiableMap(copy);
  }

  /** The confidence of one label. */
  public double score(MotionLabel label) {
    return scores.get(label);
  }

  /**
   * The three parts as tagged text: {@code
   * <observation>…</observation><think>…</think><answer>…</answer>}.
   */
  public String otaText() {
    return OtaText.format(observation, thinking, answer);
  }
}
