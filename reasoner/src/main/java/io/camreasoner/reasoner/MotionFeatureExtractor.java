package io.camreasoner.reasoner;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Computes {@link MotionFeatures} from a window's {@link WindowEvidence}: the global cues copied in
 * fixed order (each keeping the meaning the shipped model was trained on), and the coarse motion
 * field of the baseline (median displacement and residual after the background's homography per
 * grid cell). The only place the descriptor is computed.
 */
final class MotionFeatureExtractor {

  private static final int GLOBAL = 29;

  private MotionFeatureExtractor() {}

  /**
   * The focus of expansion enters the descriptor only above this scale rate (per second): the
   * threshold the shipped model was trained with.
   */
  private static final double FOE_MIN_SCALE_RATE = 0.03;

  static MotionFeatures extract(WindowEvidence e, TrackSet tracks) {
    BackgroundMotion b = e.background();
    ParallaxEvidence p = e.parallax();
    int w = e.width();
    float[] v = new float[MotionFeatures.COUNT];
    int i = 0;
    v[i++] = (float) b.translationX();
    v[i++] = (float) b.translationY();
    v[i++] = (float) b.scaleRate();
    v[i++] = (float) (b.rollRate() / 10);
    double[] spread = b.pairRateSpread();
    v[i++] = (float) spread[0];
    v[i++] = (float) spread[1];
    v[i++] = (float) spread[2];
    v[i++] = (float) (spread[3] / 10);
    v[i++] = (float) (p.medianResidualPixels() / w / b.baseline().seconds());
    v[i++] = (float) GeometricReasoner.clamp(p.parallaxRatio(), 0, 5);
    v[i++] = (float) p.parallaxShare();
    v[i++] = (float) p.spread();
    v[i++] = (float) p.sameVector();
    v[i++] = (float) e.moverTrackShare();
    v[i++] = (float) (trackSpread(p.independentGroups()) / w);
    v[i++] = (float) b.inlierShare();
    v[i++] = (float) b.pairInlierShare();
    v[i++] = (float) b.stillSupport();
    v[i++] = (float) e.textureScore();
    v[i++] = (float) Math.log1p(Math.max(0, e.trackCount()));
    v[i++] = (float) (e.seconds() > 0 ? Math.min(1, b.baseline().seconds() / e.seconds()) : 0);
    double[] foe =
        Math.abs(b.scaleRate()) >= FOE_MIN_SCALE_RATE
            ? GeometricReasoner.focusOfExpansion(b.homography(), w, e.height())
            : null;
    v[i++] = foe != null ? 1 : 0;
    v[i++] = foe != null ? (float) (foe[0] - 0.5) : 0;
    v[i++] = foe != null ? (float) (foe[1] - 0.5) : 0;
    double[] ep = p.epipole();
    if (ep != null && Double.isFinite(ep[0] + ep[1] + ep[2])) {
      double norm = Math.sqrt(ep[0] * ep[0] + ep[1] * ep[1] + ep[2] * ep[2]);
      double sign = ep[2] < -1e-12 || (Math.abs(ep[2]) <= 1e-12 && ep[0] < 0) ? -1 : 1;
      double distance = p.epipoleDistance();
      v[i++] = 1;
      v[i++] = (float) (sign * ep[0] / norm);
      v[i++] = (float) (sign * ep[1] / norm);
      v[i++] = (float) (sign * ep[2] / norm);
      v[i++] = (float) (Double.isFinite(distance) ? 1 / (1 + distance) : 0);
    } else {
      i += 5;
    }
    if (i != GLOBAL) {
      throw new IllegalStateException("global feature count drifted: " + i);
    }
    motionField(v, GLOBAL, b, w, e.height());
    return new MotionFeatures(v);
  }

  /** RMS distance of the groups' tracks from their centroid, pixels. */
  private static double trackSpread(List<MotionGroup> groups) {
    List<TrackMotion> all = new ArrayList<>();
    groups.forEach(g -> all.addAll(g.members()));
    if (all.size() < 2) {
      return 0;
    }
    double mx = all.stream().mapToDouble(TrackMotion::x).average().orElse(0);
    double my = all.stream().mapToDouble(TrackMotion::y).average().orElse(0);
    double s = 0;
    for (TrackMotion t : all) {
      s += (t.x() - mx) * (t.x() - mx) + (t.y() - my) * (t.y() - my);
    }
    return Math.sqrt(s / all.size());
  }

  /** Fills the grid cells: share, median dx, dy, residual and residual along the flow. */
  private static void motionField(float[] v, int offset, BackgroundMotion b, int w, int h) {
    List<TrackMotion> tracks = b.baseline().tracks();
    int n = tracks.size();
    if (n == 0) {
      return;
    }
    double perSecond = 1.0 / (w * Math.max(b.baseline().seconds(), 1e-9));
    Homography hm = b.homography();
    int cells = MotionFeatures.GRID_COLUMNS * MotionFeatures.GRID_ROWS;
    double[][] dx = new double[cells][n];
    double[][] dy = new double[cells][n];
    double[][] res = new double[cells][n];
    double[][] along = new double[cells][n];
    int[] count = new int[cells];
    for (TrackMotion t : tracks) {
      int col = cellIndex(t.x() / w, MotionFeatures.GRID_COLUMNS);
      int row = cellIndex(t.y() / h, MotionFeatures.GRID_ROWS);
      int c = row * MotionFeatures.GRID_COLUMNS + col;
      double[] r = hm.residual(t);
      double[] f = hm.flow(t);
      double a = Vector2.length(f[0], f[1]);
      int j = count[c]++;
      dx[c][j] = t.dx() * perSecond;
      dy[c][j] = t.dy() * perSecond;
      res[c][j] = Vector2.length(r[0], r[1]) * perSecond;
      along[c][j] = a > 1e-6 ? (r[0] * f[0] + r[1] * f[1]) / a * perSecond : 0;
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
