package io.camreasoner.reasoner;

import java.util.Objects;

/**
 * One sampled video frame as the reasoner consumes it: 8-bit grey pixels (row-major, {@code width}
 * bytes per row) plus where it came from in the source (0-based frame number, presentation time).
 * Build one from JPEG bytes or BGR pixels with {@link Frames}.
 *
 * @param gray grey pixels, {@code width * height} bytes; the array is not copied, do not mutate it
 * @param width frame width in pixels
 * @param height frame height in pixels
 * @param frameNumber 0-based source frame number
 * @param timestampMicros presentation time in microseconds from the start of the source
 */
public record AnalysisFrame(
    byte[] gray, int width, int height, long frameNumber, long timestampMicros) {

  /** Checks the pixel buffer against the declared size. */
  public AnalysisFrame {
    Objects.requireNonNull(gray, "gray");
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException(
          "frame " + frameNumber + ": size must be positive, got " + width + "x" + height);
    }
    if (gray.length != width * height) {
      throw new IllegalArgumentException(
          "frame "
              + frameNumber
              + ": pixel buffer has "
              + gray.length
              + " bytes but "
              + width
              + "x"
              + height
              + " needs "
              + (width * height));
    }
  }
}
