package io.camreasoner.ingest.cuts;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * What the transition detector compares: a 48x27 luma thumbnail normalised to zero mean and unit
 * variance, the picture's luma level (mean and spread, for fades) and a coarser 24x13 thumbnail of
 * the raw luma (for dissolves, which blend raw levels). {@link #distance} is the mean absolute
 * difference of two normalised thumbnails after the best small shift (up to {@value #MAX_SHIFT}
 * thumbnail pixels, about 6 % of the width): a motion-compensated structural residual, so a fast
 * pan, a brightness flash (an affine change of levels) or a zoom leave it small while a cut, which
 * replaces the picture's structure, makes it large even between shots of one palette.
 */
public final class FrameSignature {
  static final int THUMB_W = 48;
  static final int THUMB_H = 27;
  static final int MAX_SHIFT = 3;

  /** Every shift of up to {@value #MAX_SHIFT} pixels, nearest first. */
  private static final int[][] SHIFTS = shiftsNearestFirst();

  /**
   * Shifts along one axis, -MAX_SHIFT..MAX_SHIFT; {@link #costs} is written out for seven (a test
   * holds it to the plain one-shift-at-a-time definition).
   */
  private static final int SIDE = 2 * MAX_SHIFT + 1;

  /** Width of the coarse raw-luma thumbnail (2x2 blocks of the normalised one's grid). */
  static final int COARSE_W = THUMB_W / 2;

  /** Height of the coarse raw-luma thumbnail. */
  static final int COARSE_H = THUMB_H / 2;

  private final float[] luma;
  private final float mean;
  private final float spread;
  private final float[] coarse;

  private FrameSignature(float[] luma, float mean, float spread, float[] coarse) {
    this.luma = luma;
    this.mean = mean;
    this.spread = spread;
    this.coarse = coarse;
  }

  /** Mean luma of the picture, 0..255. */
  public double mean() {
    return mean;
  }

  /** Standard deviation of the picture's luma (over the thumbnail), 0..255. */
  public double spread() {
    return spread;
  }

  /** The 48x27 normalised luma thumbnail, row by row; do not modify. */
  float[] luma() {
    return luma;
  }

  /** The 24x13 raw-luma thumbnail (levels 0..255), row by row; do not modify. */
  float[] coarse() {
    return coarse;
  }

  /** The signature of a BGR frame of any size. */
  public static FrameSignature of(Mat bgr) {
    try (PointerScope scope = new PointerScope()) {
      Mat source = bgr;
      if (bgr.cols() >= 4 * THUMB_W && bgr.rows() >= 4 * THUMB_H) {
        // halving first takes area averaging's fast integer path; the second step then sees a
        // quarter of the pixels: together 2-3x cheaper than one fractional area resize
        source = new Mat();
        resize(bgr, source, new Size(bgr.cols() / 2, bgr.rows() / 2), 0, 0, INTER_AREA);
      }
      Mat thumb = new Mat();
      resize(source, thumb, new Size(THUMB_W, THUMB_H), 0, 0, INTER_AREA);
      byte[] px = new byte[THUMB_W * THUMB_H * 3];
      thumb.data().get(px);
      return fromThumbnail(px);
    }
  }

  /** The signature of interleaved BGR pixels of a frame of the given size. */
  public static FrameSignature ofBgr(byte[] bgr, int width, int height) {
    try (PointerScope scope = new PointerScope()) {
      return of(new Mat(height, width, CV_8UC3, new BytePointer(bgr)));
    }
  }

  private static FrameSignature fromThumbnail(byte[] px) {
    int n = THUMB_W * THUMB_H;
    float[] y = new float[n];
    double sum = 0;
    for (int i = 0, p = 0; i < n; i++, p += 3) {
      y[i] = (29 * (px[p] & 0xff) + 150 * (px[p + 1] & 0xff) + 77 * (px[p + 2] & 0xff)) / 256f;
      sum += y[i];
    }
    float mean = (float) (sum / n);
    double var = 0;
    for (float v : y) {
      var += (v - mean) * (v - mean);
    }
    float[] coarse = new float[COARSE_W * COARSE_H];
    for (int cy = 0; cy < COARSE_H; cy++) {
      for (int cx = 0; cx < COARSE_W; cx++) {
        int p = 2 * cy * THUMB_W + 2 * cx;
        coarse[cy * COARSE_W + cx] = (y[p] + y[p + 1] + y[p + THUMB_W] + y[p + THUMB_W + 1]) / 4;
      }
    }
    float spread = (float) Math.sqrt(var / n);
    // flat pictures (black frames) keep a floor so noise is not blown up
    float scale = (float) (1 / Math.max(4.0, spread));
    for (int i = 0; i < n; i++) {
      y[i] = (y[i] - mean) * scale;
    }
    return new FrameSignature(y, mean, spread, coarse);
  }

  /**
   * Mean absolute difference after the best shift of up to {@value #MAX_SHIFT} pixels (0 = same).
   */
  public double distance(FrameSignature other) {
    return least(costs(other));
  }

  /**
   * Whether {@link #distance} to {@code other} is under {@code limit}, the same answer to the last
   * bit but usually far cheaper: shifts are tried nearest first and each is left as soon as its
   * running sum shows it cannot come in under the limit, and the first shift under it answers.
   */
  public boolean closerThan(FrameSignature other, double limit) {
    for (int[] shift : SHIFTS) {
      if (shifted(other, shift[0], shift[1], limit) < limit) {
        return true;
      }
    }
    return false;
  }

  /**
   * The mean absolute difference for one shift (summed in the same order as {@link #costs}, so the
   * same value), or infinity once the running sum shows it is above {@code stopAbove}.
   */
  private double shifted(FrameSignature other, int dx, int dy, double stopAbove) {
    int x0 = Math.max(0, dx);
    int x1 = Math.min(THUMB_W, THUMB_W + dx);
    int y0 = Math.max(0, dy);
    int y1 = Math.min(THUMB_H, THUMB_H + dy);
    int count = (x1 - x0) * (y1 - y0);
    // a hair above the limit: a sum this far over it cannot round back under it
    double abandonAbove = stopAbove * count * (1 + 1e-9);
    double sum = 0;
    for (int yy = y0; yy < y1; yy++) {
      int row = yy * THUMB_W;
      int otherRow = (yy - dy) * THUMB_W - dx;
      for (int xx = x0; xx < x1; xx++) {
        sum += Math.abs(luma[row + xx] - other.luma[otherRow + xx]);
      }
      if (sum > abandonAbove) {
        return Double.POSITIVE_INFINITY;
      }
    }
    return sum / count;
  }

  /**
   * This picture against the one before it, from one pass over every shift: {@link #distance} and
   * {@link #motionSince}, each exactly as those give it, at the cost of one of them.
   */
  Comparison compareWith(FrameSignature previous) {
    double[] cost = costs(previous);
    return new Comparison(least(cost), motion(cost));
  }

  private static double least(double[] cost) {
    double least = Double.MAX_VALUE;
    for (double c : cost) {
      least = Math.min(least, c);
    }
    return least;
  }

  /** A frame pair's {@link #distance} and global motion ({@link #motionSince}, {dx, dy}). */
  record Comparison(double distance, double[] motion) {}

  /**
   * The picture's global motion since {@code previous}, in thumbnail pixels to sub-pixel precision:
   * the shift {@code (dx, dy)} of up to {@value #MAX_SHIFT} pixels with this picture at {@code p}
   * like {@code previous} at {@code p - (dx, dy)} (the least mean absolute difference of the
   * normalised thumbnails), refined along each axis by the parabola through the neighbouring
   * shifts.
   */
  double[] motionSince(FrameSignature previous) {
    return motion(costs(previous));
  }

  private static double[] motion(double[] cost) {
    int best = 0;
    for (int c = 1; c < cost.length; c++) {
      if (cost[c] < cost[best]) {
        best = c;
      }
    }
    int bx = best % SIDE;
    int by = best / SIDE;
    double dx = bx - MAX_SHIFT + vertex(cost, best, bx, SIDE, 1);
    double dy = by - MAX_SHIFT + vertex(cost, best, by, SIDE, SIDE);
    return new double[] {dx, dy};
  }

  /**
   * The mean absolute difference of the normalised thumbnails for every shift {@code (dx, dy)}
   * (this picture at {@code p} against {@code previous} at {@code p - (dx, dy)}, over the pixels
   * both cover), at {@code (dy + MAX_SHIFT) * SIDE + dx + MAX_SHIFT}. The seven horizontal shifts
   * of a row pair are summed side by side, so each pixel is read once per vertical shift and the
   * seven sums do not wait on each other: about 8x faster under C1 than one loop per shift, and to
   * the last bit the same (each shift's terms are added in the same order).
   */
  double[] costs(FrameSignature previous) {
    float[] a = luma;
    float[] b = previous.luma;
    double[] cost = new double[SIDE * SIDE];
    double[] sum = new double[SIDE];
    for (int dy = -MAX_SHIFT; dy <= MAX_SHIFT; dy++) {
      java.util.Arrays.fill(sum, 0);
      int y0 = Math.max(0, dy);
      int y1 = Math.min(THUMB_H, THUMB_H + dy);
      for (int yy = y0; yy < y1; yy++) {
        int row = yy * THUMB_W;
        int other = (yy - dy) * THUMB_W; // previous's pixel for shift dx: other + xx - dx
        for (int xx = 0; xx < MAX_SHIFT; xx++) {
          addBorder(sum, a[row + xx], b, other + xx, xx);
        }
        double s0 = sum[0];
        double s1 = sum[1];
        double s2 = sum[2];
        double s3 = sum[3];
        double s4 = sum[4];
        double s5 = sum[5];
        double s6 = sum[6];
        for (int xx = MAX_SHIFT; xx < THUMB_W - MAX_SHIFT; xx++) {
          float v = a[row + xx];
          int q = other + xx;
          s0 += Math.abs(v - b[q + 3]);
          s1 += Math.abs(v - b[q + 2]);
          s2 += Math.abs(v - b[q + 1]);
          s3 += Math.abs(v - b[q]);
          s4 += Math.abs(v - b[q - 1]);
          s5 += Math.abs(v - b[q - 2]);
          s6 += Math.abs(v - b[q - 3]);
        }
        sum[0] = s0;
        sum[1] = s1;
        sum[2] = s2;
        sum[3] = s3;
        sum[4] = s4;
        sum[5] = s5;
        sum[6] = s6;
        for (int xx = THUMB_W - MAX_SHIFT; xx < THUMB_W; xx++) {
          addBorder(sum, a[row + xx], b, other + xx, xx);
        }
      }
      for (int dx = -MAX_SHIFT; dx <= MAX_SHIFT; dx++) {
        int count = (THUMB_W - Math.abs(dx)) * (y1 - y0);
        cost[(dy + MAX_SHIFT) * SIDE + dx + MAX_SHIFT] = sum[dx + MAX_SHIFT] / count;
      }
    }
    return cost;
  }

  /** Adds pixel value v at column xx (near a side) to the sums of the shifts that reach it. */
  private static void addBorder(double[] sum, float v, float[] b, int q, int xx) {
    for (int dx = -MAX_SHIFT; dx <= MAX_SHIFT; dx++) {
      if (dx <= xx && xx < THUMB_W + dx) {
        sum[dx + MAX_SHIFT] += Math.abs(v - b[q - dx]);
      }
    }
  }

  /** The offset (-0.5..0.5) of the parabola's vertex through a minimum and its two neighbours. */
  private static double vertex(double[] cost, int at, int coordinate, int side, int stride) {
    if (coordinate == 0 || coordinate == side - 1) {
      return 0;
    }
    double before = cost[at - stride];
    double after = cost[at + stride];
    double curve = before - 2 * cost[at] + after;
    return curve <= 0 ? 0 : Math.max(-0.5, Math.min(0.5, (before - after) / (2 * curve)));
  }

  private static int[][] shiftsNearestFirst() {
    java.util.List<int[]> all = new java.util.ArrayList<>();
    for (int dy = -MAX_SHIFT; dy <= MAX_SHIFT; dy++) {
      for (int dx = -MAX_SHIFT; dx <= MAX_SHIFT; dx++) {
        all.add(new int[] {dx, dy});
      }
    }
    all.sort(java.util.Comparator.comparingInt(d -> d[0] * d[0] + d[1] * d[1]));
    return all.toArray(int[][]::new);
  }
}
