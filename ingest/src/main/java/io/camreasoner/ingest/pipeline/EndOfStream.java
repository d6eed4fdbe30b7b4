package io.camreasoner.ingest.pipeline;

import io.camreasoner.ingest.cuts.TransitionDetector;
import java.util.List;

/**
 * How a stream ended.
 *
 * @param seq the sequence number the marker takes (one past the last window)
 * @param totalFrames frames decoded
 * @param lastTimestampMicros timestamp of the last frame (0 if none)
 * @param cuts first frame of every shot after the first
 * @param error why it ended in error, or null when it ended cleanly
 * @param transitions every transition of the stream (cuts, dissolves, fades) in frame order
 */
public record EndOfStream(
    long seq,
    long totalFrames,
    long lastTimestampMicros,
    List<Long> cuts,
    String error,
    List<TransitionDetector.Found> transitions) {
  /** Copies the lists. */
  public EndOfStream {
    cuts = List.copyOf(cuts);
    transitions = List.copyOf(transitions);
  }
}
