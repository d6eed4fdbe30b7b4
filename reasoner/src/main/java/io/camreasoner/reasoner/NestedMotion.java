package io.camreasoner.reasoner;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Robust fits of the nested similarity models of the background's image motion (translation, plus a
 * scale change and/or a rotation about the frame's centre), to ask whether a secondary component is
 * needed by the tracks at all: a component that a fit bent by movers or depth layers picked up
 * explains hardly more tracks than the model without it (the parsimony of GRIC or MDL).
 */
final class NestedMotion {

  /**
   * RANSAC samples per model: pairs of tracks (single tracks for two parameters). With half the
   * tracks on the background, 300 pairs miss it with probability 0.75^300.
   */
  static final int SAMPLES = 300;

  /** Least-squares refits to the inliers after the best sample (iterated hard re-weighting). */
  static final int REFITS = 2;

  private NestedMotion() {}

  /**
   * The most tracks one model explains within a tolerance: RANSAC over pairs of tracks, then least
   * squares over the inliers.
   *
   * @param tracks the tracks
   * @param cx the centre the scale and rotation act about
   * @param cy the same
   * @param active which of the parameters {translation x, translation y, scale, rotation} the model
   *     has (the others are zero)
   * @param tol residual within which a track is explained (analysis pixels)
   * @return how many tracks it explains
   */
  static int support(List<TrackMotion> tracks, double cx, double cy, boolean[] active, double tol) {
    int n = tracks.size();
    if (n == 0) {
      return 0;
    }
    int params = 0;
    for (boolean x : active) {
      params += x ? 1 : 0;
    }
    int sampleSize = params > 2 ? 2 : 1;
    if (n < sampleSize) {
      return 0;
    }
    Random random = new Random(n * 31L + Arrays.hashCode(active));
    double[] best = null;
    int bestCount = -1;
    boolean[] in = new boolean[n];
    for (int k = 0; k < SAMPLES; k++) {
      int a = random.nextInt(n);
      int b = sampleSize == 2 ? random.nextInt(n) : a;
      if (sampleSize == 2 && a == b) {
        continue;
      }
      Arrays.fill(in, false);
      in[a] = true;
      in[b] = true;
      double[] p = solve(tracks, in, cx, cy, active);
      if (p == null) {
        continue;
      }
      int c = count(tracks, p, cx, cy, tol, null);
      if (c > bestCount) {
        bestCount = c;
        best = p;
      }
    }
    if (best == null) {
      return 0;
    }
    for (int r = 0; r < REFITS; r++) {
      count(tracks, best, cx, cy, tol, in);
      double[] p = solve(tracks, in, cx, cy, active);
      if (p == null) {
        break;
      }
      int c = count(tracks, p, cx, cy, tol, null);
      if (c < bestCount) {
        break;
      }
      best = p;
      bestCount = c;
    }
    return bestCount;
  }

  /** Tracks within the tolerance of the model {@code {tx, ty, s, r}}; marks them when asked. */
  private static int count(
      List<TrackMotion> tracks, double[] p, double cx, double cy, double tol, boolean[] mark) {
    int c = 0;
    for (int i = 0; i < tracks.size(); i++) {
      TrackMotion t = tracks.get(i);
      double x = t.x() - cx;
      double y = t.y() - cy;
      double ex = t.dx() - (p[0] + p[2] * x - p[3] * y);
      double ey = t.dy() - (p[1] + p[2] * y + p[3] * x);
      boolean ok = Vector2.length(ex, ey) <= tol;
      if (mark != null) {
        mark[i] = ok;
      }
      c += ok ? 1 : 0;
    }
    return c;
  }

  /** Least squares of the model over the marked tracks; null when singular. */
  private static double[] solve(
      List<TrackMotion> tracks, boolean[] use, double cx, double cy, boolean[] active) {
    double[][] a = new double[4][4];
    double[] rhs = new double[4];
    for (int i = 0; i < tracks.size(); i++) {
      if (!use[i]) {
        continue;
      }
      TrackMotion t = tracks.get(i);
      double x = t.x() - cx;
      double y = t.y() - cy;
      double[][] rows = {{1, 0, x, -y}, {0, 1, y, x}};
      double[] obs = {t.dx(), t.dy()};
      for (int r = 0; r < 2; r++) {
        for (int j = 0; j < 4; j++) {
          rhs[j] += rows[r][j] * obs[r];
          for (int k = 0; k < 4; k++) {
            a[j][k] += rows[r][j] * rows[r][k];
          }
        }
      }
    }
    for (int j = 0; j < 4; j++) {
      if (!active[j]) {
        for (int k = 0; k < 4; k++) {
          a[j][k] = 0;
          a[k][j] = 0;
        }
        a[j][j] = 1;
        rhs[j] = 0;
      }
    }
    // Gaussian elimination with partial pivoting
    for (int c = 0; c < 4; c++) {
      int piv = c;
      for (int r = c + 1; r < 4; r++) {
        if (Math.abs(a[r][c]) > Math.abs(a[piv][c])) {
          piv = r;
        }
      }
      if (Math.abs(a[piv][c]) < 1e-9) {
        return null;
      }
      double[] tmp = a[c];
      a[c] = a[piv];
      a[piv] = tmp;
      double tr = rhs[c];
      rhs[c] = rhs[piv];
      rhs[piv] = tr;
      for (int r = c + 1; r < 4; r++) {
        double f = a[r][c] / a[c][c];
        for (int k = c; k < 4; k++) {
          a[r][k] -= f * a[c][k];
        }
        rhs[r] -= f * rhs[c];
      }
    }
    double[] p = new double[4];
    for (int r = 3; r >= 0; r--) {
      double s = rhs[r];
      for (int k = r + 1; k < 4; k++) {
        s -= a[r][k] * p[k];
      }
      p[r] = s / a[r][r];
    }
    return p;
  }
}
