package io.camreasoner.reasoner;

import static org.bytedeco.opencv.global.opencv_calib3d.RANSAC;
import static org.bytedeco.opencv.global.opencv_calib3d.findHomography;

import java.util.Arrays;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Computes {@link MotionFeatures} from a window's {@link Measurement} and its tracks: the global
 * cues copied in fixed order, and the coarse motion field of the measurement's baseline (median
 * displacement and residual after a RANSAC homography per grid cell). The only place the descriptor
 * is computed; call inside the reasoner's {@link org.bytedeco.javacpp.PointerScope}.
 */
final class MotionFeatureExtractor {

  private static final int GLOBAL = 29;

  private MotionFeatureExtractor() {}

  static MotionFeatures extract(Measurement m, TrackSet tracks, int width, int height) {
    float[] v = new float[MotionFeatures.COUNT];
    int i = 0;
    v[i++] = (float) m.translationX();
    v[i++] = (float) m.translationY();
    v[i++] = (float) m.scaleRate();
    v[i++] = (float) (m.rollRate() / 10);
    double[] spread = m.pairRateSpread();
    v[i++] = (float) spread[0];
    v[i++] = (float) spread[1];
    v[i++] = (float) spread[2];
    v[i++] = (float) (spread[3] / 10);
    v[i++] = (float) m.residualParallax();
    v[i++] = (float) MotionEstimator.clamp(m.parallaxRatio(), 0, 5);
    v[i++] = (float) m.parallaxShare();
    v[i++] = (float) m.parallaxSpread();
    v[i++] = (float) m.parallaxCoherence();
    v[i++] = (float) m.movingShare();
    v[i++] = (float) m.movingSpread();
    v[i++] = (float) m.homographyInlierShare();
    v[i++] = (float) m.pairInlierShare();
    v[i++] = (float) m.stationaryShare();
    v[i++] = (float) m.textureScore();
    v[i++] = (float) Math.log1p(Math.max(0, m.trackCount()));
    v[i++] = (float) (m.seconds() > 0 ? Math.min(1, m.baselineSeconds() / m.seconds()) : 0);
    boolean foe = m.foeX() != null && m.foeY() != null;
    v[i++] = foe ? 1 : 0;
    v[i++] = foe ? (float) (m.foeX() - 0.5) : 0;
    v[i++] = foe ? (float) (m.foeY() - 0.5) : 0;
    double[] e = m.epipole();
    if (e != null && Double.isFinite(e[0] + e[1] + e[2])) {
      double norm = Math.sqrt(e[0] * e[0] + e[1] * e[1] + e[2] * e[2]);
      double sign = e[2] < -1e-12 || (Math.abs(e[2]) <= 1e-12 && e[0] < 0) ? -1 : 1;
      double distance = m.epipoleDistance();
      v[i++] = 1;
      v[i++] = (float) (sign * e[0] / norm);
      v[i++] = (float) (sign * e[1] / norm);
      v[i++] = (float) (sign * e[2] / norm);
      v[i++] = (float) (Double.isFinite(distance) ? 1 / (1 + distance) : 0);
    } else {
      i += 5;
    }
    if (i != GLOBAL) {
      throw new IllegalStateException("global feature count drifted: " + i);
    }
    motionField(v, GLOBAL, m, tracks, width, height);
    return new MotionFeatures(v);
  }

  /** Fills the grid cells: share, median dx, dy, residual and residual along the flow. */
  private static void motionField(
      float[] v, int offset, Measurement m, TrackSet tracks, int w, int h) {
    int fa = m.baselineFrom();
    int fb = m.baselineTo();
    int[] common = tracks.common(fa, fb);
    int n = common.length;
    if (n == 0) {
      return;
    }
    double perSecond = 1.0 / (w * Math.max(m.baselineSeconds(), 1e-9));
    float[] src = new float[2 * n];
    float[] dst = new float[2 * n];
    for (int k = 0; k < n; k++) {
      src[2 * k] = tracks.x(common[k], fa);
      src[2 * k + 1] = tracks.y(common[k], fa);
      dst[2 * k] = tracks.x(common[k], fb);
      dst[2 * k + 1] = tracks.y(common[k], fb);
    }
    double[] hm = null;
    if (n >= 4) {
      double tau = m.parallaxThresholdPixels() * Math.max(1, Math.sqrt((fb - fa) / 2.0));
      Mat fit =
          findHomography(
              KltTracker.points(src), KltTracker.points(dst), RANSAC, tau, new Mat(), 2000, 0.995);
      if (fit != null && !fit.empty()) {
        hm = new double[9];
        new DoublePointer(fit.data()).get(hm);
      }
    }
    int cells = MotionFeatures.GRID_COLUMNS * MotionFeatures.GRID_ROWS;
    double[][] dx = new double[cells][n];
    double[][] dy = new double[cells][n];
    double[][] res = new double[cells][n];
    double[][] along = new double[cells][n];
    int[] count = new int[cells];
    for (int k = 0; k < n; k++) {
      double x = src[2 * k];
      double y = src[2 * k + 1];
      int col = cellIndex(x / w, MotionFeatures.GRID_COLUMNS);
      int row = cellIndex(y / h, MotionFeatures.GRID_ROWS);
      int c = row * MotionFeatures.GRID_COLUMNS + col;
      double mx = dst[2 * k] - x;
      double my = dst[2 * k + 1] - y;
      double rx = 0;
      double ry = 0;
      double ax = 0;
      double ay = 0;
      if (hm != null) {
        double z = hm[6] * x + hm[7] * y + hm[8];
        double hx = (hm[0] * x + hm[1] * y + hm[2]) / z;
        double hy = (hm[3] * x + hm[4] * y + hm[5]) / z;
        rx = dst[2 * k] - hx;
        ry = dst[2 * k + 1] - hy;
        ax = hx - x;
        ay = hy - y;
      }
      double a = Math.hypot(ax, ay);
      int j = count[c]++;
      dx[c][j] = mx * perSecond;
      dy[c][j] = my * perSecond;
      res[c][j] = Math.hypot(rx, ry) * perSecond;
      along[c][j] = a > 1e-6 ? (rx * ax + ry * ay) / a * perSecond : 0;
    }
    for (int c = 0; c < cells; c++) {
      int base = offset + c * MotionFeatures.PER_CELL;
      if (count[c] == 0) {
        continue;
      }
      v[base] = (float) (count[c] / (double) n);
      v[base + 1] = (float) median(dx[c], count[c]);
      v[base + 2] = (float) median(dy[c], count[c]);
      v[base + 3] = (float) median(res[c], count[c]);
      v[base + 4] = (float) median(along[c], count[c]);
    }
  }

  private static int cellIndex(double relative, int cells) {
    return (int) Math.max(0, Math.min(cells - 1, Math.floor(relative * cells)));
  }

  private static double median(double[] values, int n) {
    double[] c = Arrays.copyOf(values, n);
    Arrays.sort(c);
    return n % 2 == 1 ? c[n / 2] : (c[n / 2 - 1] + c[n / 2]) / 2;
  }
}
