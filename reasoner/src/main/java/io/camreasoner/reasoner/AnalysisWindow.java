package io.camreasoner.reasoner;

import java.util.List;
import java.util.Objects;

/**
 * A window of sampled frames of one shot, in time order, with the source frame rate. The reasoner
 * measures camera motion over the whole window; frames may be sampled sparsely or have gaps
 * (dropped frames): time between two frames comes from their source frame numbers and {@code fps}.
 *
 * <p>The record accepts any list so that the reasoner, not the constructor, reports bad windows
 * (empty, one frame, mismatched sizes) with one clear message.
 *
 * @param frames the frames in increasing source frame number
 * @param fps source frame rate in frames per second (positive)
 */
public record AnalysisWindow(List<AnalysisFrame> frames, double fps) {

  /** Copies the frame list. */
  public AnalysisWindow {
    Objects.requireNonNull(frames, "frames");
    frames = List.copyOf(frames);
  }
}
