package io.camreasoner.bench;

import io.camreasoner.reasoner.AnalysisWindow;
import io.camreasoner.schemas.MotionLabel;
import java.util.Set;

/**
 * One labelled benchmark clip: a window of frames and its ground-truth labels.
 *
 * @param window the frames to reason about
 * @param truth the true labels ({@code static} alone, or the camera motions)
 * @param category how the clip was made (e.g. {@code 3d}, {@code flat}, {@code moving-objects})
 * @param description the generating parameters, for reports
 * @param group the benchmark group the clip belongs to (e.g. {@code synth}, {@code movers}), for
 *     per-group figures; empty when run alone
 */
record Clip(
    AnalysisWindow window,
    Set<MotionLabel> truth,
    String category,
    String description,
    String group) {

  /** A clip outside any group. */
  Clip(AnalysisWindow window, Set<MotionLabel> truth, String category, String description) {
    this(window, truth, category, description, "");
  }

  /** The same clip in a group. */
  Clip inGroup(String name) {
    return new Clip(window, truth, category, description, name);
  }

  /** True when the clip has exactly one true label. */
  boolean single() {
    return truth.size() == 1;
  }

  /** The only true label of a single-label clip. */
  MotionLabel only() {
    return truth.iterator().next();
  }
}
