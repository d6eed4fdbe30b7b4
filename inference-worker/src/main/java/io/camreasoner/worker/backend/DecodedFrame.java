package io.camreasoner.worker.backend;

/**
 * One sampled frame of a window, both as it arrived (JPEG bytes, for backends that forward images
 * such as the VLM) and decoded to 8-bit grey (for backends that measure pixels, such as the
 * geometric reasoner).
 *
 * @param frameNumber 0-based source frame number
 * @param timestampMicros presentation time in microseconds
 * @param jpeg the frame as received (baseline JPEG); not copied, do not mutate
 * @param gray grey pixels, row-major, {@code width * height} bytes; not copied, do not mutate
 * @param width width in pixels
 * @param height height in pixels
 * @param colour whether the JPEG is in colour (ingest sends most frames grey: {@code
 *     window.colour})
 */
public record DecodedFrame(
    long frameNumber,
    long timestampMicros,
    byte[] jpeg,
    byte[] gray,
    int width,
    int height,
    boolean colour) {

  public DecodedFrame {
    if (gray.length != width * height) {
      throw new IllegalArgumentException(
          "frame " + frameNumber + ": " + gray.length + " grey bytes for " + width + "x" + height);
    }
  }

  /** The grey value (0..255) at a pixel. */
  public int grayAt(int x, int y) {
    return gray[y * width + x] & 0xff;
  }
}
