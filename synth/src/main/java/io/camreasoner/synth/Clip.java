package io.camreasoner.synth;

import io.camreasoner.schemas.MotionLabel;
import java.util.List;

/**
 * A rendered shot held in memory: its spec (hence its ground truth) and its frames as interleaved
 * BGR.
 *
 * @param spec what was rendered
 * @param bgrFrames one {@code width*height*3} array per frame
 */
public record Clip(ClipSpec spec, List<byte[]> bgrFrames) {
  /** Wraps the frames without copying them. */
  public Clip {
    bgrFrames = List.copyOf(bgrFrames);
  }

  /** Ground-truth labels. */
  public List<MotionLabel> labels() {
    return spec.labels();
  }

  /** Frame {@code index} as 8-bit grey (ITU-R BT.601 luma), width*height bytes. */
  public byte[] gray(int index) {
    return toGray(bgrFrames.get(index));
  }

  /** Converts interleaved BGR to 8-bit grey luma. */
  public static byte[] toGray(byte[] bgr) {
    byte[] gray = new byte[bgr.length / 3];
    for (int i = 0, p = 0; i < gray.length; i++, p += 3) {
      int b = bgr[p] & 0xff;
      int g = bgr[p + 1] & 0xff;
      int r = bgr[p + 2] & 0xff;
      gray[i] = (byte) ((29 * b + 150 * g + 77 * r + 128) >> 8);
    }
    return gray;
  }
}
