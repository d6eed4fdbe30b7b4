package io.camreasoner.ingest.window;

import java.util.List;

/**
 * A window of sampled frames within one shot.
 *
 * @param seq 0-based sequence number within the stream (same input, same numbers)
 * @param shotIndex 0-based shot index
 * @param shotStartFrame first frame of the shot
 * @param firstFrame first source frame the window covers (inclusive)
 * @param lastFrame last source frame the window covers (inclusive)
 * @param startMicros timestamp of firstFrame
 * @param endMicros timestamp of lastFrame
 * @param samples the sampled frames in order, JPEG-encoded
 * @param previousShotEndFrame exclusive end of the shot before (the first frame of the transition
 *     between them), -1 for the first shot
 */
public record Window(
    long seq,
    int shotIndex,
    long shotStartFrame,
    long firstFrame,
    long lastFrame,
    long startMicros,
    long endMicros,
    List<Sample> samples,
    long previousShotEndFrame) {

  /** A window of a shot that follows a cut at its start (or of the first shot). */
  public Window(
      long seq,
      int shotIndex,
      long shotStartFrame,
      long firstFrame,
      long lastFrame,
      long startMicros,
      long endMicros,
      List<Sample> samples) {
    this(
        seq,
        shotIndex,
        shotStartFrame,
        firstFrame,
        lastFrame,
        startMicros,
        endMicros,
        samples,
        shotIndex == 0 ? -1 : shotStartFrame);
  }

  /**
   * One sampled frame.
   *
   * @param frameNumber source frame number
   * @param timestampMicros presentation time
   * @param jpeg the frame as JPEG at the analysis resolution
   */
  public record Sample(long frameNumber, long timestampMicros, byte[] jpeg) {}

  /** Total JPEG bytes of the samples. */
  public long jpegBytes() {
    return samples.stream().mapToLong(s -> s.jpeg().length).sum();
  }
}
