package io.camreasoner.reasoner;

import static org.bytedeco.opencv.global.opencv_calib3d.LMEDS;
import static org.bytedeco.opencv.global.opencv_calib3d.RANSAC;
import static org.bytedeco.opencv.global.opencv_calib3d.estimateAffine2D;
import static org.bytedeco.opencv.global.opencv_calib3d.findHomography;

import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * A 3x3 image homography (row-major, {@code m[8]} normalised to 1 where possible) and the robust
 * fits of one to track motions. Call the fits inside a {@link org.bytedeco.javacpp.PointerScope}.
 */
record Homography(double[] m) {

  /** RANSAC iterations of the background fit over the long baseline. */
  private static final int RANSAC_ITERATIONS = 2000;

  /** RANSAC confidence of the background fit. */
  private static final double RANSAC_CONFIDENCE = 0.995;

  /** RANSAC iterations of the cheap per-frame-pair fits (rates over time only). */
  private static final int PAIR_ITERATIONS = 400;

  static final Homography IDENTITY = new Homography(new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1});

  /**
   * Most a camera's homography may vary its projective denominator ({@code m6 x + m7 y + m8}) over
   * the tracks' extent, as the ratio of its largest to its smallest value (both positive). A turn
   * of θ seen through a lens of focal length f varies it by (cos θ + sin θ · x/f) across the frame:
   * a 30° turn within one window through a 90° lens gives 3.7 from edge to edge, any real window
   * less. A fit beyond it sends part of the frame towards its line at infinity: RANSAC carried by
   * tracks in one corner (movers over the rest) extrapolated residuals of 400 frame-widths/s onto a
   * real-photos pedestal's other corner and read it as a dolly.
   */
  static final double MAX_PERSPECTIVE_RATIO = 4;

  /** Where a point goes. */
  double[] apply(double x, double y) {
    double z = m[6] * x + m[7] * y + m[8];
    return new double[] {(m[0] * x + m[1] * y + m[2]) / z, (m[3] * x + m[4] * y + m[5]) / z};
  }

  /**
   * Whether a camera could have made this motion over the tracks' start points: the projective
   * denominator stays positive at the corners of their bounding box and varies there by at most
   * {@link #MAX_PERSPECTIVE_RATIO} (an affine map always passes).
   */
  boolean plausibleOver(List<TrackMotion> tracks) {
    if (m[6] == 0 && m[7] == 0) {
      return m[8] != 0;
    }
    double x0 = Double.POSITIVE_INFINITY;
    double y0 = Double.POSITIVE_INFINITY;
    double x1 = Double.NEGATIVE_INFINITY;
    double y1 = Double.NEGATIVE_INFINITY;
    for (TrackMotion t : tracks) {
      x0 = Math.min(x0, t.x());
      y0 = Math.min(y0, t.y());
      x1 = Math.max(x1, t.x());
      y1 = Math.max(y1, t.y());
    }
    double low = Double.POSITIVE_INFINITY;
    double high = Double.NEGATIVE_INFINITY;
    for (double x : new double[] {x0, x1}) {
      for (double y : new double[] {y0, y1}) {
        double z = m[6] * x + m[7] * y + m[8];
        low = Math.min(low, z);
        high = Math.max(high, z);
      }
    }
    // a denominator of either sign throughout is the same map (scaled by -1)
    if (high < 0) {
      double flip = -low;
      low = -high;
      high = flip;
    }
    return low > 0 && high <= MAX_PERSPECTIVE_RATIO * low;
  }

  /** The displacement this homography predicts for a track's start. */
  double[] flow(TrackMotion t) {
    double[] p = apply(t.x(), t.y());
    return new double[] {p[0] - t.x(), p[1] - t.y()};
  }

  /** The part of a track's displacement this homography does not explain. */
  double[] residual(TrackMotion t) {
    double[] p = apply(t.x(), t.y());
    return new double[] {t.x() + t.dx() - p[0], t.y() + t.dy() - p[1]};
  }

  /**
   * The point this homography carries symmetrically through {@code (cx, cy)}: the {@code p} with
   * {@code H(p) + p = 2c}, found by fixed-point steps from the centre. A camera rotation (pan,
   * tilt) magnifies its image unevenly (a pan of 30° stretches the frame's centre by about 1.5 in
   * area), but exactly not at this point: at the point moving through the centre halfway, the
   * rotation's Jacobian has determinant 1, so the scale read there is the zoom alone. For a zoom or
   * dolly about the centre and for a translation the point is the centre itself (or the scale is
   * the same everywhere). Null when the steps leave the neighbourhood of the frame (a degenerate
   * fit).
   */
  double[] symmetricPoint(double cx, double cy) {
    double px = cx;
    double py = cy;
    for (int i = 0; i < SYMMETRIC_POINT_STEPS; i++) {
      double[] q = apply(px, py);
      px -= (q[0] + px - 2 * cx) / 2;
      py -= (q[1] + py - 2 * cy) / 2;
      if (!Double.isFinite(px)
          || !Double.isFinite(py)
          || Vector2.length(px - cx, py - cy) > SYMMETRIC_POINT_MAX_OFFSET * 2 * Math.max(cx, cy)) {
        return null;
      }
    }
    return new double[] {px, py};
  }

  /**
   * Fixed-point steps towards the symmetric point: each one halves the error for any motion a
   * camera makes in a window (the map {@code H + I} is within a few percent of {@code 2I} there),
   * so eight leave well under a pixel.
   */
  private static final int SYMMETRIC_POINT_STEPS = 8;

  /**
   * Farthest the symmetric point may lie from the centre, in frame sizes: a 90° pan puts it half a
   * frame to one side; beyond this the fit is degenerate and the centre is used.
   */
  private static final double SYMMETRIC_POINT_MAX_OFFSET = 1.0;

  /**
   * The anisotropic part of the homography's Jacobian at a point over its similarity part: 0 for a
   * rotation, a zoom or any similarity, about the scale change itself for the one-axis stretch a
   * sideways translation gives a slanted plane.
   */
  double anisotropy(double cx, double cy) {
    double[] j = jacobianAt(cx, cy);
    double similar = Vector2.length((j[0] + j[3]) / 2, (j[2] - j[1]) / 2);
    double other = Vector2.length((j[0] - j[3]) / 2, (j[1] + j[2]) / 2);
    return other / Math.max(1e-9, similar);
  }

  /**
   * The homography at a point: its Jacobian {@code {j00, j01, j10, j11}} there, then where it
   * carries the point {@code {x', y'}}.
   */
  private double[] jacobianAt(double cx, double cy) {
    double u = m[0] * cx + m[1] * cy + m[2];
    double v = m[3] * cx + m[4] * cy + m[5];
    double z = m[6] * cx + m[7] * cy + m[8];
    return new double[] {
      (m[0] * z - u * m[6]) / (z * z),
      (m[1] * z - u * m[7]) / (z * z),
      (m[3] * z - v * m[6]) / (z * z),
      (m[4] * z - v * m[7]) / (z * z),
      u / z,
      v / z
    };
  }

  /**
   * The local motion at a point, read from the homography's Jacobian there: {translation x,
   * translation y (pixels), log scale, rotation (radians)}. Read at the image centre it gives the
   * camera's image translation, zoom and roll without the bias a whole-frame similarity fit gets
   * from uneven track coverage.
   */
  double[] localMotion(double cx, double cy) {
    double[] j = jacobianAt(cx, cy);
    double det = j[0] * j[3] - j[1] * j[2];
    return new double[] {
      j[4] - cx,
      j[5] - cy,
      det > 0 ? 0.5 * Math.log(det) : Double.NaN,
      Math.atan2(j[2] - j[1], j[0] + j[3])
    };
  }

  /**
   * The dominant motion of the tracks: a RANSAC homography and a RANSAC affine fit (a homography is
   * exact for rotation and zoom but extrapolates badly when one small plane carries it; an affine
   * extrapolates safely), whichever explains more tracks within {@code tolerance}, then refitted by
   * least squares to its inliers, twice (iterated re-weighting with hard weights). A homography no
   * camera could make over the tracks ({@link #plausibleOver}) is never taken, nor a refit that
   * becomes one. Null when no fit exists.
   */
  static Homography dominant(List<TrackMotion> tracks, double tolerance) {
    return dominant(tracks, tolerance, 1);
  }

  /**
   * The dominant motion as {@link #dominant(List, double)}, the homography taken only when it
   * explains at least {@code homographyGain} times the affine fit's tracks (1: at least as many).
   */
  static Homography dominant(List<TrackMotion> tracks, double tolerance, double homographyGain) {
    if (tracks.size() < 4) {
      return null;
    }
    Mat from = points(tracks, false);
    Mat to = points(tracks, true);
    Mat hMask = new Mat();
    Mat hm =
        findHomography(from, to, RANSAC, tolerance, hMask, RANSAC_ITERATIONS, RANSAC_CONFIDENCE);
    Mat aMask = new Mat();
    Mat am =
        estimateAffine2D(
            from, to, aMask, RANSAC, tolerance, RANSAC_ITERATIONS, RANSAC_CONFIDENCE, 10);
    int hIn = hm == null || hm.empty() ? -1 : countNonZero(hMask, tracks.size());
    int aIn = am == null || am.empty() ? -1 : countNonZero(aMask, tracks.size());
    if (hIn < 0 && aIn < 0) {
      return null;
    }
    double[] h = new double[9];
    if (hIn >= 0) {
      new DoublePointer(hm.data()).get(h);
      if (!new Homography(h).plausibleOver(tracks)) {
        hIn = -1;
        if (aIn < 0) {
          return null;
        }
      }
    }
    boolean affine = hIn < homographyGain * aIn;
    if (affine) {
      h = new double[9];
      new DoublePointer(am.data()).get(h, 0, 6);
      h[8] = 1;
    }
    Homography fit = new Homography(h);
    for (int round = 0; round < 2; round++) {
      Homography refined = fit.refit(tracks, tolerance, affine);
      if (refined == null || !refined.plausibleOver(tracks)) {
        break;
      }
      fit = refined;
    }
    return fit;
  }

  /** A quick RANSAC homography between neighbouring frames (rates over time). */
  static Homography pair(List<TrackMotion> tracks, double tolerance) {
    if (tracks.size() < 4) {
      return null;
    }
    Mat hm =
        findHomography(
            points(tracks, false),
            points(tracks, true),
            RANSAC,
            tolerance,
            new Mat(),
            PAIR_ITERATIONS,
            0.99);
    if (hm == null || hm.empty()) {
      return null;
    }
    double[] h = new double[9];
    new DoublePointer(hm.data()).get(h);
    return new Homography(h);
  }

  /** Least squares over the tracks this fit explains within the tolerance. */
  private Homography refit(List<TrackMotion> tracks, double tolerance, boolean affine) {
    List<TrackMotion> inliers =
        tracks.stream()
            .filter(
                t -> {
                  double[] r = residual(t);
                  return Vector2.length(r[0], r[1]) <= tolerance;
                })
            .toList();
    if (inliers.size() < (affine ? 3 : 4) + 4) {
      return null;
    }
    double[] h = new double[9];
    if (affine) {
      Mat am =
          estimateAffine2D(
              points(inliers, false),
              points(inliers, true),
              new Mat(),
              LMEDS,
              tolerance,
              200,
              0.99,
              10);
      if (am == null || am.empty()) {
        return null;
      }
      new DoublePointer(am.data()).get(h, 0, 6);
      h[8] = 1;
    } else {
      Mat hm =
          findHomography(
              points(inliers, false), points(inliers, true), 0, tolerance, new Mat(), 1, 0.99);
      if (hm == null || hm.empty()) {
        return null;
      }
      new DoublePointer(hm.data()).get(h);
    }
    return new Homography(h);
  }

  private static Mat points(List<TrackMotion> tracks, boolean end) {
    float[] xy = new float[2 * tracks.size()];
    for (int i = 0; i < tracks.size(); i++) {
      TrackMotion t = tracks.get(i);
      xy[2 * i] = (float) (t.x() + (end ? t.dx() : 0));
      xy[2 * i + 1] = (float) (t.y() + (end ? t.dy() : 0));
    }
    return KltTracker.points(xy);
  }

  private static int countNonZero(Mat mask, int n) {
    BytePointer p = mask.data();
    int c = 0;
    for (int i = 0; i < n; i++) {
      if (p.get(i) != 0) {
        c++;
      }
    }
    return c;
  }
}
