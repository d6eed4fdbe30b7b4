package io.camreasoner.reasoner;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Step 4b of the reasoner: a translation's parallax read from the whole field of background tracks,
 * where it is too small for single tracks to clear the separation threshold (a slow dolly or
 * pedestal in a 6-15-frame window moves its layers 0.3-1.5 px off the background's homography,
 * within a few times the tracking noise).
 *
 * <p>Each track's residual after the background's homography splits into a part along the motion a
 * translation would give it and a part across. A rotation or a zoom leaves tracking noise and fit
 * error in both about alike; a translation adds to the part along it each surface's own motion (its
 * parallax: nearer surfaces move farther), and the tracks on one surface share it with their
 * neighbours. The <em>excess</em> measures that: the residual a track shares with its {@link
 * #NEIGHBOURS} nearest tracks along the motion, beyond what it shares across, in units of the
 * across residual's energy (the window's noise as seen by this measure):
 *
 * <pre>excess = (Σ a·ā − Σ c·c̄) / Σ c²</pre>
 *
 * where a and c are a track's residuals along and across the motion and ā, c̄ their means over its
 * neighbours. Two motions are measured: a forward or backward translation's, along the radius from
 * the background's focus of expansion ({@link #forward}), and a sideways one's, along the
 * background's image translation ({@link #sideways}). Tracks of groups that clearly move on their
 * own ({@link ParallaxTest#CLEAR_RESIDUAL} times the separation) and tracks beyond the background's
 * tolerance are left out: walkers share their residuals with their neighbours too.
 *
 * @param forward the excess along the radius from the focus of expansion (measured when the
 *     background scales measurably about a point within {@link ParallaxTest#NEAR_EPIPOLE} of the
 *     centre; tracks nearer the focus than {@link #MIN_FOCUS_DISTANCE} left out)
 * @param sideways the excess along the background's image translation (measured when the background
 *     translates at the configured minimum rate or faster)
 * @param focusX the focus of expansion, pixels (NaN when the background does not scale measurably
 *     about a point within {@link ParallaxTest#NEAR_EPIPOLE} of the centre)
 * @param focusY the same, y
 */
record ParallaxField(Excess forward, Excess sideways, double focusX, double focusY) {

  /**
   * One excess and the tracks it was measured on.
   *
   * @param value the excess; NaN when not measured (the motion absent, or fewer than {@link
   *     #MIN_TRACKS} tracks)
   * @param tracks the tracks measured
   */
  record Excess(double value, int tracks) {

    static final Excess NONE = new Excess(Double.NaN, 0);

    boolean measured() {
      return Double.isFinite(value);
    }

    /** Whether measured and at least {@code threshold}. */
    boolean reaches(double threshold) {
      return measured() && value >= threshold;
    }
  }

  /**
   * Neighbours a track's residual is compared with. Layers are cards tens of tracks wide; on the
   * development seeds (1000-1007, zoom and dolly clips of the slow, movers, real-photos and
   * real-footage groups) 5 set the most missed dollies above every zoom (30 of 121), 10 and 20
   * fewer (22 and 19): wider neighbourhoods mix layers and average the zooms' own coherent tracking
   * bias down less than the layers' parallax.
   */
  static final int NEIGHBOURS = 5;

  /**
   * Tracks nearer the focus of expansion than this (frame widths) are left out of the forward
   * excess: there the radial direction is undefined and a layer's parallax vanishes.
   */
  static final double MIN_FOCUS_DISTANCE = 0.1;

  /** Fewer tracks than this give no measure: a handful of neighbourhoods proves nothing. */
  static final int MIN_TRACKS = 20;

  /** Nothing measured. */
  static final ParallaxField NONE =
      new ParallaxField(Excess.NONE, Excess.NONE, Double.NaN, Double.NaN);

  /** The parallax field of the background's tracks. */
  static ParallaxField of(
      BackgroundMotion background, List<MotionGroup> groups, int w, int h, GeometryConfig config) {
    double clear = ParallaxTest.CLEAR_RESIDUAL * background.separation();
    Set<TrackMotion> movers = new HashSet<>();
    for (MotionGroup g : groups) {
      if (g.residual() > clear) {
        movers.addAll(g.members());
      }
    }
    List<TrackMotion> tracks = new ArrayList<>();
    for (TrackMotion t : background.baseline().tracks()) {
      double[] r = background.homography().residual(t);
      if (!movers.contains(t) && Vector2.length(r[0], r[1]) <= background.tolerance()) {
        tracks.add(t);
      }
    }
    Excess sideways = Excess.NONE;
    if (background.translationRate() >= config.minTranslationRate()) {
      double rate = background.translationRate();
      sideways =
          sideways(
              tracks,
              background.homography(),
              background.translationX() / rate,
              background.translationY() / rate);
    }
    double[] focus = focus(background, w, h, config);
    if (focus == null) {
      return new ParallaxField(Excess.NONE, sideways, Double.NaN, Double.NaN);
    }
    Excess forward =
        forward(tracks, background.homography(), focus[0], focus[1], MIN_FOCUS_DISTANCE * w);
    return new ParallaxField(forward, sideways, focus[0], focus[1]);
  }

  /**
   * The background's focus of expansion in pixels when it scales measurably about a point within
   * {@link ParallaxTest#NEAR_EPIPOLE} of the centre, else null.
   */
  private static double[] focus(BackgroundMotion background, int w, int h, GeometryConfig config) {
    if (!background.scalesMeasurably(config)) {
      return null;
    }
    double[] at = GeometricReasoner.fixedPoint(background.homography(), w, h);
    if (at == null) {
      return null;
    }
    double fx = at[0] * w;
    double fy = at[1] * h;
    return Vector2.length(fx - w / 2.0, fy - h / 2.0) / w < ParallaxTest.NEAR_EPIPOLE
        ? new double[] {fx, fy}
        : null;
  }

  /**
   * The excess of the tracks' residuals after {@code homography} along the radius from the focus
   * (pixels); tracks within {@code minDistance} pixels of the focus are left out.
   */
  static Excess forward(
      List<TrackMotion> tracks, Homography homography, double fx, double fy, double minDistance) {
    List<double[]> at = new ArrayList<>(tracks.size());
    for (TrackMotion t : tracks) {
      double ux = t.x() - fx;
      double uy = t.y() - fy;
      double d = Vector2.length(ux, uy);
      if (d >= minDistance) {
        at.add(split(t, homography, ux / d, uy / d));
      }
    }
    return excess(at);
  }

  /**
   * The excess of the tracks' residuals after {@code homography} along the unit direction (ux, uy).
   */
  static Excess sideways(List<TrackMotion> tracks, Homography homography, double ux, double uy) {
    List<double[]> at = new ArrayList<>(tracks.size());
    for (TrackMotion t : tracks) {
      at.add(split(t, homography, ux, uy));
    }
    return excess(at);
  }

  /** {x, y, residual along (ux, uy), residual across}. */
  private static double[] split(TrackMotion t, Homography homography, double ux, double uy) {
    double[] r = homography.residual(t);
    return new double[] {t.x(), t.y(), r[0] * ux + r[1] * uy, r[1] * ux - r[0] * uy};
  }

  private static Excess excess(List<double[]> at) {
    int n = at.size();
    if (n < MIN_TRACKS) {
      return new Excess(Double.NaN, n);
    }
    double sharedAlong = 0;
    double sharedAcross = 0;
    double across = 0;
    for (int i = 0; i < n; i++) {
      int[] near = nearest(at, i);
      double a = 0;
      double c = 0;
      for (int j : near) {
        a += at.get(j)[2];
        c += at.get(j)[3];
      }
      double[] p = at.get(i);
      sharedAlong += p[2] * a / near.length;
      sharedAcross += p[3] * c / near.length;
      across += p[3] * p[3];
    }
    return new Excess((sharedAlong - sharedAcross) / Math.max(across, 1e-12), n);
  }

  /** Indices of the {@link #NEIGHBOURS} points nearest point i (other than i). */
  private static int[] nearest(List<double[]> at, int i) {
    int k = Math.min(NEIGHBOURS, at.size() - 1);
    int[] best = new int[k];
    double[] dist = new double[k];
    Arrays.fill(dist, Double.POSITIVE_INFINITY);
    double[] p = at.get(i);
    for (int j = 0; j < at.size(); j++) {
      if (j == i) {
        continue;
      }
      double[] q = at.get(j);
      double d = (q[0] - p[0]) * (q[0] - p[0]) + (q[1] - p[1]) * (q[1] - p[1]);
      if (d < dist[k - 1]) {
        int s = k - 1;
        while (s > 0 && dist[s - 1] > d) {
          dist[s] = dist[s - 1];
          best[s] = best[s - 1];
          s--;
        }
        dist[s] = d;
        best[s] = j;
      }
    }
    return best;
  }
}
