package io.camreasoner.synth;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC;
import static org.bytedeco.opencv.global.opencv_imgproc.FILLED;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_CUBIC;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_AA;
import static org.bytedeco.opencv.global.opencv_imgproc.circle;
import static org.bytedeco.opencv.global.opencv_imgproc.rectangle;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Procedural textures: multi-scale value noise (random cells upscaled bicubically and summed),
 * stretched to a grey-level range. {@link #colour} adds a random palette and random rectangles and
 * discs on top, rich in corners (what feature trackers need); {@link #grey} is the plain noise of
 * {@link LayeredScene}. Each draws from the given random source in a fixed order, so a seed always
 * gives the same pixels.
 */
final class Textures {
  /** Colour noise: cells per side at each scale are size / these, at least {@link #COLOUR_MIN}. */
  private static final int[] COLOUR_DIVISORS = {48, 12, 4};

  private static final int[] COLOUR_MIN = {2, 3, 4};
  private static final double[] COLOUR_WEIGHTS = {0.45, 0.35, 0.2};

  /** Grey noise: cells per side at each scale are size / these, at least 2. */
  private static final int[] GREY_DIVISORS = {32, 8, 2};

  private static final int[] GREY_MIN = {2, 2, 2};
  private static final double[] GREY_WEIGHTS = {0.5, 0.3, 0.2};

  /** Grey levels of the grey textures: 20..235, clear of the black backdrop and of clipping. */
  private static final double GREY_LOW = 20;

  private static final double GREY_SPAN = 215;

  private Textures() {}

  /**
   * A square BGR texture of {@code size} pixels; {@code richness} in [0, 1] scales contrast and
   * shape count, so low-texture scenes are possible. The caller owns (and must close) the Mat.
   */
  static Mat colour(int size, double richness, RandomGenerator random) {
    double[] sum =
        valueNoise(
            size,
            3,
            COLOUR_DIVISORS,
            COLOUR_MIN,
            COLOUR_WEIGHTS,
            cells -> {
              for (int i = 0; i < cells.length; i++) {
                cells[i] = (byte) random.nextInt(256);
              }
            });
    double contrast = 40 + 190 * richness;
    Mat texture = stretch(sum, size, 3, 128 - contrast / 2, contrast);
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

  /**
   * A square grey texture of {@code size} pixels, levels 20..235. The caller owns (and must close)
   * the Mat.
   */
  static Mat grey(int size, RandomGenerator random) {
    double[] sum = valueNoise(size, 1, GREY_DIVISORS, GREY_MIN, GREY_WEIGHTS, random::nextBytes);
    return stretch(sum, size, 1, GREY_LOW, GREY_SPAN);
  }

  /** The weighted sum of random cell grids, each filled by {@code draw} and resized bicubically. */
  private static double[] valueNoise(
      int size,
      int channels,
      int[] divisors,
      int[] minCells,
      double[] weights,
      Consumer<byte[]> draw) {
    double[] sum = new double[size * size * channels];
    for (int s = 0; s < divisors.length; s++) {
      int c = Math.max(minCells[s], size / divisors[s]);
      byte[] small = new byte[c * c * channels];
      draw.accept(small);
      try (BytePointer cells = new BytePointer(small);
          Mat sm = new Mat(c, c, CV_8UC(channels), cells);
          Mat big = new Mat()) {
        resize(sm, big, new Size(size, size), 0, 0, INTER_CUBIC);
        byte[] b = new byte[sum.length];
        big.data().get(b);
        for (int i = 0; i < b.length; i++) {
          sum[i] += weights[s] * (b[i] & 0xff);
        }
      }
    }
    return sum;
  }

  /** The sum stretched linearly onto [low, low + span], rounded, as a new square Mat. */
  private static Mat stretch(double[] sum, int size, int channels, double low, double span) {
    double min = Double.MAX_VALUE;
    double max = -Double.MAX_VALUE;
    for (double v : sum) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    byte[] px = new byte[sum.length];
    for (int i = 0; i < sum.length; i++) {
      px[i] = (byte) Math.round(low + span * (sum[i] - min) / Math.max(1e-9, max - min));
    }
    Mat texture = new Mat(size, size, CV_8UC(channels));
    texture.data().put(px);
    return texture;
  }
}
