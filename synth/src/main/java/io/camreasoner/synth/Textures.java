package io.camreasoner.synth;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.FILLED;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_CUBIC;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_AA;
import static org.bytedeco.opencv.global.opencv_imgproc.circle;
import static org.bytedeco.opencv.global.opencv_imgproc.rectangle;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.util.SplittableRandom;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Procedural colour textures rich in corners (what feature trackers need): multi-scale value noise
 * in a random palette with random rectangles and discs on top. {@code richness} in [0, 1] scales
 * contrast and shape count, so low-texture scenes are possible.
 */
final class Textures {
  private Textures() {}

  /** A square BGR texture of {@code size} pixels; the caller owns (and must close) the Mat. */
  static Mat texture(int size, double richness, SplittableRandom random) {
    double[] sum = new double[size * size * 3];
    int[] cells = {Math.max(2, size / 48), Math.max(3, size / 12), Math.max(4, size / 4)};
    double[] weights = {0.45, 0.35, 0.2};
    for (int s = 0; s < cells.length; s++) {
      int c = cells[s];
      byte[] small = new byte[c * c * 3];
      for (int i = 0; i < small.length; i++) {
        small[i] = (byte) random.nextInt(256);
      }
      try (Mat sm = new Mat(c, c, CV_8UC3, new BytePointer(small));
          Mat big = new Mat()) {
        resize(sm, big, new Size(size, size), 0, 0, INTER_CUBIC);
        byte[] b = new byte[size * size * 3];
        big.data().get(b);
        for (int i = 0; i < b.length; i++) {
          sum[i] += weights[s] * (b[i] & 0xff);
        }
      }
    }
    double min = Double.MAX_VALUE;
    double max = -Double.MAX_VALUE;
    for (double v : sum) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    double contrast = 40 + 190 * richness;
    double base = 128 - contrast / 2;
    byte[] px = new byte[sum.length];
    for (int i = 0; i < sum.length; i++) {
      px[i] = (byte) Math.round(base + contrast * (sum[i] - min) / Math.max(1e-9, max - min));
    }
    Mat texture = new Mat(size, size, CV_8UC3);
    texture.data().put(px);
    int shapes = (int) Math.round(richness * size / 6.0);
    for (int i = 0; i < shapes; i++) {
      Scalar colour = new Scalar(random.nextInt(256), random.nextInt(256), random.nextInt(256), 0);
      int x = random.nextInt(size);
      int y = random.nextInt(size);
      int r = 2 + random.nextInt(Math.max(3, size / 16));
      if (random.nextBoolean()) {
        rectangle(
            texture,
            new Point(x, y),
            new Point(x + r, y + r * (1 + random.nextInt(2))),
            colour,
            FILLED,
            LINE_AA,
            0);
      } else {
        circle(texture, new Point(x, y), r, colour, FILLED, LINE_AA, 0);
      }
    }
    return texture;
  }
}
