package io.camreasoner.reasoner;

/**
 * Tells how the camera moves over one window of frames: labels from the design.md vocabulary with a
 * confidence for each, the measured cues and Observation-Thinking-Answer text. Frames in, result
 * out; implementations know nothing of Kafka.
 */
public interface CameraMotionReasoner {

  /**
   * Reasons about one window.
   *
   * @throws IllegalArgumentException if the window cannot be analysed (no frames, one frame, frames
   *     of different sizes, frames out of order, non-positive fps), with a one-line reason
   */
  ReasoningResult reason(AnalysisWindow window);

  /** A short stable name of the backend, e.g. {@code geometry}. */
  String name();
}
