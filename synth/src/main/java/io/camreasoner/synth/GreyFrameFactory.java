package io.camreasoner.synth;

/**
 * Makes the caller's frame type from a rendered grey frame, so renderers hand frames straight to
 * consumers that synth does not know (the reasoner's {@code AnalysisFrame::new} fits).
 *
 * @param <F> the frame type made
 */
@FunctionalInterface
public interface GreyFrameFactory<F> {
  /**
   * One frame.
   *
   * @param gray 8-bit grey pixels, row-major, {@code width * height} bytes; a fresh array
   * @param width frame width in pixels
   * @param height frame height in pixels
   * @param frameNumber 0-based frame number in the rendered source
   * @param timestampMicros presentation time in microseconds from the start of the source
   */
  F frame(byte[] gray, int width, int height, long frameNumber, long timestampMicros);
}
