package io.camreasoner.ingest.pipeline;

import java.util.List;

/**
 * How a stream ended.
 *
 * @param seq the sequence number the marker takes (one past the last window)
 * @param totalFrames frames decoded
 * @param lastTimestampMicros timestamp of the last frame (0 if none)
 * @param cuts first frame of every shot after the first
 * @param error why it ended in error, or null when it ended cleanly
 */
public record EndOfStream(
    long seq, long totalFrames, long lastTimestampMicros, List<Long> cuts, String error) {
  /** Copies the cut list. */
  public EndOfStream {
    cuts = List.copyOf(cuts);
  }
}
