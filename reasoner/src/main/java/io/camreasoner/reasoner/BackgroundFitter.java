package io.camreasoner.reasoner;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Step 2 of the reasoner: fits the background's motion ({@link BackgroundMotion}) to the tracks.
 */
final class BackgroundFitter {

  /**
   * A track within this many pixels (at {@value GeometryConfig#REFERENCE_WIDTH} px) of where it
   * started did not move: about three times KLT's noise on JPEG frames, measured on the unit tests'
   * still scenes (0.1-0.2 px).
   */
  static final double STILL_TOLERANCE_PIXELS = 0.5;

  /** The still tolerance is at least this many times the window's own tracking noise. */
  static final double STILL_NOISE_FACTOR = 3;

  /**
   * A track leaves the background's motion when its residual exceeds this many pixels (at {@value
   * GeometryConfig#REFERENCE_WIDTH} px) ...
   */
  static final double MIN_SEPARATION_PIXELS = 0.7;

  /**
   * ... and this many times the window's tracking noise. Residuals of a rotation's background reach
   * 0.5-1 px in the tail (noise 0.1-0.2 px); depth parallax and movers reach several pixels.
   */
  static final double SEPARATION_NOISE_FACTOR = 3;

  /**
   * The second, tight fit keeps only tracks within this many times the first fit's noise of the
   * background: a loose tolerance lets one homography straddle surfaces at nearby depths and hide
   * their parallax; KLT's own drift over a window is below it.
   */
  static final double TIGHT_NOISE_FACTOR = 4;

  /**
   * The tight fit's tolerance is never below this many pixels (at {@value
   * GeometryConfig#REFERENCE_WIDTH} px): about twice KLT's drift over a window on noisy frames.
   */
  static final double STRICT_MIN_PIXELS = 0.5;

  /**
   * The tight fit takes a full homography rather than an affine one only when it explains at least
   * this many times the affine fit's tracks: with no more support its two perspective parameters
   * bend to straddle depth layers or movers and fake a keystone, a roll or a zoom. Measured (tight
   * fit, homography over affine inliers) on development seeds 1000, 7001, 1001, 1002: real-photos
   * pedestals and a roll with movers 1.000 (6-34 tracks each), a slow dolly-in 1.013, while the
   * keystone of a real-footage pan that needs the homography bought 1.100; between the two.
   */
  static final double TIGHT_HOMOGRAPHY_GAIN = 1.05;

  /** The tight fit is kept only if it explains at least this share of the tracks. */
  static final double TIGHT_MIN_SUPPORT = 0.25;

  private BackgroundFitter() {}

  static BackgroundMotion fit(
      TrackSet tracks, double[] times, int w, int h, GeometryConfig config) {
    double pixel = w / (double) GeometryConfig.REFERENCE_WIDTH;
    double tau = config.minParallaxPixels() * pixel;
    Baseline baseline = Baseline.longest(tracks, times, config.minTracks());
    // KLT drift accumulates along chained tracks: widen the tolerance with the span.
    double tolerance = tau * Math.max(1, Math.sqrt(baseline.span() / 2.0));
    Homography fit = Homography.dominant(baseline.tracks(), tolerance);
    Homography background = fit != null ? fit : Homography.IDENTITY;
    // A second, tight fit: the loose one may straddle surfaces at nearby depths.
    double tight = Math.min(tau, TIGHT_NOISE_FACTOR * lowerQuartileResidual(background, baseline));
    tight = Math.max(tight, STRICT_MIN_PIXELS * pixel);
    if (fit != null && tight < tolerance) {
      Homography strict = Homography.dominant(baseline.tracks(), tight, TIGHT_HOMOGRAPHY_GAIN);
      if (strict != null && support(strict, baseline, tight) >= TIGHT_MIN_SUPPORT) {
        background = strict;
        tolerance = tight;
      }
    }
    double cx = (w - 1) / 2.0;
    double cy = (h - 1) / 2.0;
    double[] local = background.localMotion(cx, cy);
    double seconds = baseline.seconds();
    // the zoom is read where a rotation does not magnify (see Homography.symmetricPoint): read at
    // the centre, a fast pan's stretch would be taken for a zoom-in
    double[] sym = background.symmetricPoint(cx, cy);
    double symLogScale = sym == null ? Double.NaN : background.localMotion(sym[0], sym[1])[2];
    double logScale =
        !Double.isNaN(symLogScale) ? symLogScale : Double.isNaN(local[2]) ? 0 : local[2];

    List<TrackMotion> inliers = new ArrayList<>();
    double[] inlierResiduals = new double[baseline.tracks().size()];
    int still = 0;
    int explained = 0;
    List<Double> residuals = new ArrayList<>();
    for (TrackMotion t : baseline.tracks()) {
      double[] r = background.residual(t);
      double size = Vector2.length(r[0], r[1]);
      residuals.add(size);
      if (size <= tolerance) {
        inlierResiduals[inliers.size()] = size;
        inliers.add(t);
      }
    }
    // The noise is measured on the background itself (the fit's inliers): residuals of other
    // depths or of movers would inflate it and hide the parallax it is meant to separate.
    double noise = median(inlierResiduals, inliers.size());
    // A track the fit does not explain (beyond its tolerance) has left the background, whatever
    // the noise says.
    double separation =
        Math.max(
            MIN_SEPARATION_PIXELS * pixel, Math.min(tolerance, SEPARATION_NOISE_FACTOR * noise));
    double stillTolerance = Math.max(STILL_TOLERANCE_PIXELS * pixel, STILL_NOISE_FACTOR * noise);
    for (int i = 0; i < baseline.tracks().size(); i++) {
      if (baseline.tracks().get(i).distance() <= stillTolerance) {
        still++;
      }
      if (residuals.get(i) <= stillTolerance) {
        explained++;
      }
    }
    int n = Math.max(1, baseline.tracks().size());
    PairRates pairs = pairRates(tracks, times, tau, w, h, config.minTracks());
    return new BackgroundMotion(
        baseline,
        background,
        local[0] / w / seconds,
        local[1] / w / seconds,
        Math.expm1(logScale / seconds),
        Math.toDegrees(local[3]) / seconds,
        tolerance,
        List.copyOf(inliers),
        noise,
        separation,
        still / (double) n,
        explained / (double) n,
        edgeDisplacement(background, w, h) / pixel,
        pairs.spread,
        pairs.inlierShare,
        pairs.shake);
  }

  /** The 25th percentile of the tracks' residuals after a homography (pixels). */
  private static double lowerQuartileResidual(Homography hm, Baseline baseline) {
    double[] r = new double[baseline.tracks().size()];
    for (int i = 0; i < r.length; i++) {
      double[] v = hm.residual(baseline.tracks().get(i));
      r[i] = Vector2.length(v[0], v[1]);
    }
    Arrays.sort(r);
    return r.length == 0 ? 0 : r[r.length / 4];
  }

  /** Share of the baseline's tracks a homography explains within a tolerance. */
  private static double support(Homography hm, Baseline baseline, double tolerance) {
    int n = 0;
    for (TrackMotion t : baseline.tracks()) {
      double[] v = hm.residual(t);
      n += Vector2.length(v[0], v[1]) <= tolerance ? 1 : 0;
    }
    return n / (double) Math.max(1, baseline.tracks().size());
  }

  /** The largest displacement the homography gives a point of the frame's border, in pixels. */
  private static double edgeDisplacement(Homography hm, int w, int h) {
    double max = 0;
    double[][] points = {
      {0, 0},
      {w - 1, 0},
      {0, h - 1},
      {w - 1, h - 1},
      {(w - 1) / 2.0, 0},
      {(w - 1) / 2.0, h - 1},
      {0, (h - 1) / 2.0},
      {w - 1, (h - 1) / 2.0}
    };
    for (double[] p : points) {
      double[] q = hm.apply(p[0], p[1]);
      max = Math.max(max, Vector2.length(q[0] - p[0], q[1] - p[1]));
    }
    return max;
  }

  /**
   * Rates of every neighbouring frame pair: their spread over time, mean inlier share, and the
   * camera path's high-frequency jitter ({@link #shake}).
   */
  private record PairRates(double[] spread, double inlierShare, double shake) {}

  /**
   * The smoothed camera path averages the frame-to-frame motion over this many neighbouring pairs
   * (centred): a pan, a zoom or a slow acceleration is smooth over 5 pairs (0.2-0.4 s), the jitter
   * of a hand is not.
   */
  static final int SHAKE_SMOOTHING_PAIRS = 5;

  /** Fewer measured frame pairs than this say nothing about shake (reported as 0). */
  static final int MIN_SHAKE_PAIRS = 4;

  private static PairRates pairRates(
      TrackSet tracks, double[] times, double tau, int w, int h, int minTracks) {
    int n = tracks.frameCount();
    double[][] rates = new double[4][n];
    double[] stepX = new double[n];
    double[] stepY = new double[n];
    double[] stepSeconds = new double[n];
    double inlierSum = 0;
    int pairs = 0;
    double cx = (w - 1) / 2.0;
    double cy = (h - 1) / 2.0;
    for (int f = 1; f < n; f++) {
      Baseline pair = Baseline.of(tracks, times, f - 1, f);
      if (pair.tracks().size() < minTracks) {
        continue;
      }
      Homography hm = Homography.pair(pair.tracks(), tau);
      if (hm == null) {
        continue;
      }
      double[] local = hm.localMotion(cx, cy);
      if (Double.isNaN(local[2])) {
        continue;
      }
      stepX[pairs] = local[0] / w;
      stepY[pairs] = local[1] / w;
      stepSeconds[pairs] = pair.seconds();
      rates[0][pairs] = local[0] / w / pair.seconds();
      rates[1][pairs] = local[1] / w / pair.seconds();
      rates[2][pairs] = local[2] / pair.seconds();
      rates[3][pairs] = Math.toDegrees(local[3]) / pair.seconds();
      int in = 0;
      for (TrackMotion t : pair.tracks()) {
        double[] r = hm.residual(t);
        in += Vector2.length(r[0], r[1]) <= tau ? 1 : 0;
      }
      inlierSum += in / (double) pair.tracks().size();
      pairs++;
    }
    double[] spread = new double[4];
    for (int k = 0; k < 4; k++) {
      spread[k] = std(rates[k], pairs);
    }
    return new PairRates(
        spread, pairs > 0 ? inlierSum / pairs : 0, shake(stepX, stepY, stepSeconds, pairs));
  }

  /**
   * High-frequency jitter of the camera path: the RMS difference (frame-widths) between each frame
   * pair's image motion at the centre and its average over {@link #SHAKE_SMOOTHING_PAIRS}
   * neighbouring pairs. Each pair's motion is first scaled to the window's typical pair interval,
   * so dropped frames do not pass for shake.
   */
  static double shake(double[] stepX, double[] stepY, double[] seconds, int n) {
    if (n < MIN_SHAKE_PAIRS) {
      return 0;
    }
    double typical = median(seconds, n);
    double[] ux = new double[n];
    double[] uy = new double[n];
    for (int i = 0; i < n; i++) {
      double scale = typical / Math.max(seconds[i], 1e-9);
      ux[i] = stepX[i] * scale;
      uy[i] = stepY[i] * scale;
    }
    int half = SHAKE_SMOOTHING_PAIRS / 2;
    double sum = 0;
    for (int i = 0; i < n; i++) {
      double sx = 0;
      double sy = 0;
      int k = 0;
      for (int j = Math.max(0, i - half); j <= Math.min(n - 1, i + half); j++) {
        sx += ux[j];
        sy += uy[j];
        k++;
      }
      double ex = ux[i] - sx / k;
      double ey = uy[i] - sy / k;
      sum += ex * ex + ey * ey;
    }
    return Math.sqrt(sum / n);
  }

  static double std(double[] v, int n) {
    if (n < 2) {
      return 0;
    }
    double mean = 0;
    for (int i = 0; i < n; i++) {
      mean += v[i];
    }
    mean /= n;
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += (v[i] - mean) * (v[i] - mean);
    }
    return Math.sqrt(s / n);
  }

  static double median(double[] v, int n) {
    if (n == 0) {
      return 0;
    }
    double[] c = Arrays.copyOf(v, n);
    Arrays.sort(c);
    return n % 2 == 1 ? c[n / 2] : (c[n / 2 - 1] + c[n / 2]) / 2;
  }
}
