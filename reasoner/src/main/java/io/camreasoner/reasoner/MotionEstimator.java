package io.camreasoner.reasoner;

import static org.bytedeco.opencv.global.opencv_calib3d.RANSAC;
import static org.bytedeco.opencv.global.opencv_calib3d.estimateAffine2D;
import static org.bytedeco.opencv.global.opencv_calib3d.findHomography;
import static org.bytedeco.opencv.global.opencv_core.CV_16S;
import static org.bytedeco.opencv.global.opencv_core.convertScaleAbs;
import static org.bytedeco.opencv.global.opencv_core.mean;
import static org.bytedeco.opencv.global.opencv_imgproc.Sobel;

import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Measures camera-motion cues from tracks: per-frame-pair similarity fits (RANSAC) give the rates
 * of image translation, scale and roll; one homography fit over the longest well-tracked baseline
 * gives the plane + parallax split: residual motion along the dominant flow (parallax of camera
 * translation, which grows with the baseline) versus residual motion in other directions
 * (independently moving objects).
 */
final class MotionEstimator {

  /** |cos| between residual and dominant flow above which a residual counts as parallax (~20°). */
  /** Weight of the hypothesis (forward or sideways) that the dominant image motion favours. */
  private static final double FORWARD_PREFERENCE = 1.5;

  private final GeometryConfig config;

  MotionEstimator(GeometryConfig config) {
    this.config = config;
  }

  /**
   * @param frames analysis frames (same size)
   * @param times seconds of each frame from the first
   */
  Measurement measure(List<Mat> frames, double[] times, TrackSet tracks, double textureScore) {
    int n = frames.size();
    int w = frames.get(0).cols();
    int h = frames.get(0).rows();
    double cx = (w - 1) / 2.0;
    double cy = (h - 1) / 2.0;
    double pixelScale = w / 320.0;
    double tau = config.minParallaxPixels() * pixelScale;

    // 1. Rates from frame-pair similarity fits.
    double sumDx = 0;
    double sumDy = 0;
    double sumLogScale = 0;
    double sumAngle = 0;
    double sumDt = 0;
    double inlierSum = 0;
    int pairs = 0;
    double[][] pairRates = new double[4][n];
    for (int f = 1; f < n; f++) {
      int[] common = tracks.common(f - 1, f);
      if (common.length < config.minTracks()) {
        continue;
      }
      Mat from = KltTracker.points(coords(tracks, common, f - 1));
      Mat to = KltTracker.points(coords(tracks, common, f));
      // A homography per pair, read at the image centre: its Jacobian there gives scale and
      // rotation without the bias a whole-frame similarity fit gets from uneven track coverage
      // (a pan keeps tracks on one side, and perspective then looks like scale).
      Mat inliers = new Mat();
      Mat hm = findHomography(from, to, RANSAC, tau, inliers, 500, 0.99);
      if (hm == null || hm.empty()) {
        continue;
      }
      double[] m = new double[9];
      new DoublePointer(hm.data()).get(m);
      double u = m[0] * cx + m[1] * cy + m[2];
      double v = m[3] * cx + m[4] * cy + m[5];
      double z = m[6] * cx + m[7] * cy + m[8];
      double j00 = (m[0] * z - u * m[6]) / (z * z);
      double j01 = (m[1] * z - u * m[7]) / (z * z);
      double j10 = (m[3] * z - v * m[6]) / (z * z);
      double j11 = (m[4] * z - v * m[7]) / (z * z);
      double det = j00 * j11 - j01 * j10;
      if (!(det > 0)) {
        continue;
      }
      double pairDt = Math.max(times[f] - times[f - 1], 1e-9);
      double angle = Math.atan2(j10 - j01, j00 + j11);
      pairRates[0][pairs] = (u / z - cx) / w / pairDt;
      pairRates[1][pairs] = (v / z - cy) / w / pairDt;
      pairRates[2][pairs] = 0.5 * Math.log(det) / pairDt;
      pairRates[3][pairs] = Math.toDegrees(angle) / pairDt;
      sumDx += u / z - cx;
      sumDy += v / z - cy;
      sumLogScale += 0.5 * Math.log(det);
      sumAngle += angle;
      sumDt += times[f] - times[f - 1];
      inlierSum += countNonZero(inliers, common.length) / (double) common.length;
      pairs++;
    }
    double dt = sumDt > 0 ? sumDt : 1;
    double tx = sumDx / w / dt;
    double ty = sumDy / w / dt;
    double scaleRate = Math.expm1(sumLogScale / dt);
    double rollRate = Math.toDegrees(sumAngle) / dt;
    double pairInlierShare = pairs > 0 ? inlierSum / pairs : 0;

    // 2. Plane + parallax over several baselines (parallax grows with the baseline, but long
    // baselines keep fewer, possibly one-plane, tracks): keep the one showing most parallax.
    PlaneParallax best = null;
    List<int[]> baselines = baselines(tracks);
    // When sideways and forward parallax explain the residuals about equally, the larger image
    // motion decides: scale (at the frame edge) favours forward, sliding favours sideways.
    boolean scaleDominant = Math.abs(scaleRate) * 0.5 >= Math.max(Math.abs(tx), Math.abs(ty));
    for (int[] pair : baselines) {
      PlaneParallax pp = planeParallax(tracks, pair[0], pair[1], w, h, tau, scaleDominant);
      if (pp != null && (best == null || pp.parallaxShare > best.parallaxShare + 1e-9)) {
        best = pp;
      }
    }
    if (best == null) {
      best =
          new PlaneParallax(
              0, 1, tracks.common(0, 1).length, 0, 0, 0, 0, 0, 0, 0, null, null, null, 0);
    }
    Double foeX = Math.abs(scaleRate) >= config.minScaleRate() ? best.foeX : null;
    Double foeY = Math.abs(scaleRate) >= config.minScaleRate() ? best.foeY : null;
    double baselineSeconds = Math.max(times[best.to] - times[best.from], 1e-9);
    return new Measurement(
        n,
        times[n - 1] - times[0],
        tx,
        ty,
        scaleRate,
        rollRate,
        pairInlierShare,
        best.from,
        best.to,
        baselineSeconds,
        best.count,
        best.inlierShare,
        best.parallaxShare,
        best.parallaxSpread / w,
        best.medianPixels / w / baselineSeconds,
        best.medianPixels,
        best.medianRatio,
        best.movingShare,
        best.movingSpread / w,
        foeX,
        foeY,
        textureScore,
        tau,
        stationaryShare(tracks, baselines.get(0), tau),
        best.epipole,
        best.coherence,
        new double[] {
          std(pairRates[0], pairs), std(pairRates[1], pairs),
          std(pairRates[2], pairs), std(pairRates[3], pairs)
        });
  }

  /** Standard deviation of the first n values (0 for fewer than two). */
  private static double std(double[] v, int n) {
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

  /**
   * Share of the tracks common to a frame pair that did not move between them (within the
   * drift-widened tolerance). A moving camera leaves almost no point still (only near the focus of
   * expansion or the centre of a zoom or roll); a still camera leaves the whole background still,
   * however large the objects moving in front of it.
   */
  private static double stationaryShare(TrackSet tracks, int[] pair, double tau) {
    int[] common = tracks.common(pair[0], pair[1]);
    if (common.length == 0) {
      return 0;
    }
    double tol = tau * Math.max(1, Math.sqrt((pair[1] - pair[0]) / 2.0));
    int still = 0;
    for (int t : common) {
      double dx = tracks.x(t, pair[1]) - tracks.x(t, pair[0]);
      double dy = tracks.y(t, pair[1]) - tracks.y(t, pair[0]);
      if (Math.hypot(dx, dy) <= tol) {
        still++;
      }
    }
    return still / (double) common.length;
  }

  /** The plane + parallax split of the tracks common to two frames. */
  private record PlaneParallax(
      int from,
      int to,
      int count,
      double inlierShare,
      double parallaxShare,
      double parallaxSpread,
      double medianPixels,
      double medianRatio,
      double movingShare,
      double movingSpread,
      Double foeX,
      Double foeY,
      double[] epipole,
      double coherence) {}

  private PlaneParallax planeParallax(
      TrackSet tracks, int fa, int fb, int w, int h, double tau, boolean scaleDominant) {
    int[] common = tracks.common(fa, fb);
    int count = common.length;
    if (count < config.minTracks()) {
      return null;
    }
    float[] src = coords(tracks, common, fa);
    float[] dst = coords(tracks, common, fb);
    // KLT drift accumulates along chained tracks: widen the tolerance with the span.
    tau = tau * Math.max(1, Math.sqrt((fb - fa) / 2.0));
    // A homography is exact for rotation and zoom but extrapolates badly when fitted to one small
    // plane; an affine model extrapolates safely but only approximates wide pans. Keep whichever
    // explains more tracks.
    Mat from = KltTracker.points(src);
    Mat to = KltTracker.points(dst);
    Mat hMask = new Mat();
    Mat hm = findHomography(from, to, RANSAC, tau, hMask, 2000, 0.995);
    Mat aMask = new Mat();
    Mat am = estimateAffine2D(from, to, aMask, RANSAC, tau, 2000, 0.995, 10);
    int hIn = hm == null || hm.empty() ? -1 : countNonZero(hMask, count);
    int aIn = am == null || am.empty() ? -1 : countNonZero(aMask, count);
    if (hIn < 0 && aIn < 0) {
      return null;
    }
    double[] H = new double[9];
    if (hIn >= aIn) {
      new DoublePointer(hm.data()).get(H);
    } else {
      new DoublePointer(am.data()).get(H, 0, 6);
      H[8] = 1;
    }
    int parallaxCount = 0;
    int movingCount = 0;
    int inl = 0;
    double[] parallaxPixels = new double[count];
    double[] parallaxRatios = new double[count];
    double[] px = new double[count];
    double[] py = new double[count];
    double[] mx = new double[count];
    double[] my = new double[count];
    // Residual motion after the dominant model: candidates for parallax or independent motion.
    double[] cx = new double[count];
    double[] cy = new double[count];
    double[] crx = new double[count];
    double[] cry = new double[count];
    double[] cratio = new double[count];
    double[] csx = new double[count];
    double[] csy = new double[count];
    double[] cdx = new double[count];
    double[] cdy = new double[count];
    int cand = 0;
    for (int i = 0; i < count; i++) {
      double x = src[2 * i];
      double y = src[2 * i + 1];
      double z = H[6] * x + H[7] * y + H[8];
      double hx = (H[0] * x + H[1] * y + H[2]) / z;
      double hy = (H[3] * x + H[4] * y + H[5]) / z;
      double rx = dst[2 * i] - hx;
      double ry = dst[2 * i + 1] - hy;
      double r = Math.hypot(rx, ry);
      double d = Math.hypot(hx - x, hy - y);
      if (r <= tau) {
        inl++;
        continue;
      }
      if (d > tau && r / d < config.minParallaxRatio()) {
        // small against a large dominant motion: tracking drift, not evidence of anything
        inl++;
        continue;
      }
      cdx[cand] = hx - x;
      cdy[cand] = hy - y;
      cx[cand] = hx;
      cy[cand] = hy;
      crx[cand] = rx;
      cry[cand] = ry;
      cratio[cand] = d > 0 ? r / d : 10;
      csx[cand] = x;
      csy[cand] = y;
      cand++;
    }
    // Camera translation makes every residual point along a line through one epipole (plane +
    // parallax); independently moving objects do not.
    double[] epipole = cand >= 4 ? epipole(cx, cy, crx, cry, cand, w, h) : null;
    if (epipole != null) {
      boolean[] ok = consistent(epipole, cx, cy, crx, cry, cand, w, h);
      int n = 0;
      for (boolean b : ok) {
        n += b ? 1 : 0;
      }
      if (n >= 4) {
        double[] refined =
            epipole(subset(cx, ok), subset(cy, ok), subset(crx, ok), subset(cry, ok), n, w, h);
        if (refined != null) {
          epipole = refined;
        }
      }
    }
    boolean[] ok =
        epipole == null ? new boolean[cand] : consistent(epipole, cx, cy, crx, cry, cand, w, h);
    // A pure translation's parallax also runs along the dominant flow itself.
    double maxSin = Math.sin(Math.toRadians(20));
    for (int i = 0; i < cand; i++) {
      double d = Math.hypot(cdx[i], cdy[i]);
      double r = Math.hypot(crx[i], cry[i]);
      if (!ok[i] && d > tau && Math.abs(cdx[i] * cry[i] - cdy[i] * crx[i]) / (d * r) <= maxSin) {
        ok[i] = true;
      }
    }
    double[] prx = new double[cand];
    double[] pry = new double[cand];
    for (int i = 0; i < cand; i++) {
      if (ok[i]) {
        prx[parallaxCount] = crx[i];
        pry[parallaxCount] = cry[i];
        parallaxPixels[parallaxCount] = Math.hypot(crx[i], cry[i]);
        parallaxRatios[parallaxCount] = cratio[i];
        px[parallaxCount] = csx[i];
        py[parallaxCount] = csy[i];
        parallaxCount++;
      } else {
        mx[movingCount] = csx[i];
        my[movingCount] = csy[i];
        movingCount++;
      }
    }
    // Sideways or forward: residuals all parallel to one direction (epipole at infinity), or
    // radial from an epipole near the image. Keep the hypothesis that explains more of them.
    double[] direction = null;
    if (parallaxCount >= 4) {
      double c2 = 0;
      double s2 = 0;
      for (int i = 0; i < parallaxCount; i++) {
        double a = 2 * Math.atan2(pry[i], prx[i]);
        c2 += Math.cos(a);
        s2 += Math.sin(a);
      }
      double mean = Math.atan2(s2, c2) / 2;
      double[] lateral = {Math.cos(mean), Math.sin(mean), 0};
      double[] near =
          epipole != null
                  && Math.abs(epipole[2]) > 1e-9
                  && Math.hypot(epipole[0] / epipole[2], epipole[1] / epipole[2]) < 1.0
              ? epipole
              : new double[] {0, 0, 1};
      int nLat = count(consistent(lateral, cx, cy, crx, cry, cand, w, h));
      int nFwd = count(consistent(near, cx, cy, crx, cry, cand, w, h));
      double fwd = nFwd * (scaleDominant ? FORWARD_PREFERENCE : 1);
      double side = nLat * (scaleDominant ? 1 : FORWARD_PREFERENCE);
      direction = fwd > side ? near : lateral;
    }
    Double foeX = null;
    Double foeY = null;
    double h22 = H[8];
    double a00 = H[0] / h22 - 1;
    double a01 = H[1] / h22;
    double a10 = H[3] / h22;
    double a11 = H[4] / h22 - 1;
    double det = a00 * a11 - a01 * a10;
    if (Math.abs(det) > 1e-6) {
      double bx = -H[2] / h22;
      double by = -H[5] / h22;
      foeX = clamp((a11 * bx - a01 * by) / det / w, -1, 2);
      foeY = clamp((-a10 * bx + a00 * by) / det / h, -1, 2);
    }
    return new PlaneParallax(
        fa,
        fb,
        count,
        inl / (double) count,
        parallaxCount / (double) count,
        spread(px, py, parallaxCount),
        median(parallaxPixels, parallaxCount),
        median(parallaxRatios, parallaxCount),
        movingCount / (double) count,
        spread(mx, my, movingCount),
        foeX,
        foeY,
        direction,
        coherence(prx, pry, parallaxCount, tau));
  }

  /**
   * Share of residual vectors equal, within tolerance, to their median vector: near 1 when one
   * rigid object moving on its own makes all the residual, lower for depth parallax, whose size
   * varies with depth and whose direction varies around a focus of expansion.
   */
  private static double coherence(double[] rx, double[] ry, int n, double tau) {
    if (n == 0) {
      return 0;
    }
    double mx = median(rx, n);
    double my = median(ry, n);
    double tol = Math.max(tau, 0.2 * Math.hypot(mx, my));
    int same = 0;
    for (int i = 0; i < n; i++) {
      if (Math.hypot(rx[i] - mx, ry[i] - my) <= tol) {
        same++;
      }
    }
    return same / (double) n;
  }

  /**
   * Least-squares epipole of residual vectors: the homogeneous point (x, y, z), in coordinates
   * centred on the image and in frame widths, closest to every line through a point along its
   * residual. z near 0 means a direction (camera translating sideways).
   */
  private static double[] epipole(
      double[] x, double[] y, double[] rx, double[] ry, int n, int w, int h) {
    double[] m = new double[9];
    double c = (w - 1) / 2.0;
    double ch = (h - 1) / 2.0;
    for (int i = 0; i < n; i++) {
      double r = Math.hypot(rx[i], ry[i]);
      if (r == 0) {
        continue;
      }
      double px = (x[i] - c) / w;
      double py = (y[i] - ch) / w;
      double a = -ry[i] / r;
      double b = rx[i] / r;
      double l = -(a * px + b * py);
      double[] v = {a, b, l};
      for (int j = 0; j < 3; j++) {
        for (int k = 0; k < 3; k++) {
          m[3 * j + k] += v[j] * v[k];
        }
      }
    }
    Mat sym = new Mat(3, 3, org.bytedeco.opencv.global.opencv_core.CV_64F);
    new DoublePointer(sym.data()).put(m);
    Mat values = new Mat();
    Mat vectors = new Mat();
    if (!org.bytedeco.opencv.global.opencv_core.eigen(sym, values, vectors)) {
      return null;
    }
    double[] e = new double[9];
    new DoublePointer(vectors.data()).get(e);
    double norm = Math.sqrt(e[6] * e[6] + e[7] * e[7] + e[8] * e[8]);
    return new double[] {e[6] / norm, e[7] / norm, e[8] / norm};
  }

  /** Which residuals point along the line to the epipole (within 20°), either way. */
  private static boolean[] consistent(
      double[] e, double[] x, double[] y, double[] rx, double[] ry, int n, int w, int h) {
    boolean[] ok = new boolean[n];
    double c = (w - 1) / 2.0;
    double ch = (h - 1) / 2.0;
    double maxSin = Math.sin(Math.toRadians(20));
    for (int i = 0; i < n; i++) {
      double ux;
      double uy;
      if (Math.abs(e[2]) < 1e-9) {
        ux = e[0];
        uy = e[1];
      } else {
        ux = (x[i] - c) / w - e[0] / e[2];
        uy = (y[i] - ch) / w - e[1] / e[2];
      }
      double u = Math.hypot(ux, uy);
      double r = Math.hypot(rx[i], ry[i]);
      if (u < 1e-9 || r == 0) {
        ok[i] = true;
        continue;
      }
      ok[i] = Math.abs(ux * ry[i] - uy * rx[i]) / (u * r) <= maxSin;
    }
    return ok;
  }

  private static int count(boolean[] flags) {
    int n = 0;
    for (boolean b : flags) {
      n += b ? 1 : 0;
    }
    return n;
  }

  private static double[] subset(double[] v, boolean[] keep) {
    int n = 0;
    double[] out = new double[v.length];
    for (int i = 0; i < keep.length; i++) {
      if (keep[i]) {
        out[n++] = v[i];
      }
    }
    return out;
  }

  /**
   * Frame pairs to test for parallax: for the whole window span, half and a quarter of it, the pair
   * of that span sharing most tracks, if it shares enough.
   */
  private List<int[]> baselines(TrackSet tracks) {
    int n = tracks.frameCount();
    int need = Math.max(config.minTracks(), Math.min(30, tracks.common(0, 1).length / 2));
    List<int[]> out = new java.util.ArrayList<>();
    int[] spans = {n - 1, (n - 1) / 2, (n - 1) / 4};
    for (int i = 0; i < spans.length; i++) {
      int span = spans[i];
      if (span < 1 || (i > 0 && span == spans[i - 1])) {
        continue;
      }
      int best = -1;
      int bestCount = 0;
      for (int a = 0; a + span < n; a++) {
        int c = tracks.common(a, a + span).length;
        if (c >= need && c > bestCount) {
          best = a;
          bestCount = c;
        }
      }
      if (best >= 0) {
        out.add(new int[] {best, best + span});
      }
    }
    if (out.isEmpty()) {
      out.add(longestBaseline(tracks));
    }
    return out;
  }

  /** The frame pair farthest apart that still shares enough tracks (falls back to neighbours). */
  private int[] longestBaseline(TrackSet tracks) {
    int n = tracks.frameCount();
    int need = Math.max(config.minTracks(), Math.min(30, tracks.common(0, 1).length / 2));
    for (int span = n - 1; span >= 1; span--) {
      int best = -1;
      int bestCount = 0;
      for (int a = 0; a + span < n; a++) {
        int c = tracks.common(a, a + span).length;
        if (c >= need && c > bestCount) {
          best = a;
          bestCount = c;
        }
      }
      if (best >= 0) {
        return new int[] {best, best + span};
      }
    }
    return new int[] {0, 1};
  }

  /**
   * Mean absolute Sobel gradient of a lightly blurred frame mapped to 0..1 (1 = plenty of trackable
   * detail); the blur keeps sensor noise from passing for texture.
   */
  static double textureScore(Mat gray) {
    Mat smooth = new Mat();
    org.bytedeco.opencv.global.opencv_imgproc.GaussianBlur(
        gray, smooth, new org.bytedeco.opencv.opencv_core.Size(5, 5), 1.5);
    Mat gx = new Mat();
    Mat gy = new Mat();
    Sobel(smooth, gx, CV_16S, 1, 0);
    Sobel(smooth, gy, CV_16S, 0, 1);
    Mat ax = new Mat();
    Mat ay = new Mat();
    convertScaleAbs(gx, ax);
    convertScaleAbs(gy, ay);
    double g = mean(ax).get(0) + mean(ay).get(0);
    return clamp(g / 40.0, 0, 1);
  }

  private static float[] coords(TrackSet tracks, int[] ids, int frame) {
    float[] xy = new float[ids.length * 2];
    for (int i = 0; i < ids.length; i++) {
      xy[2 * i] = tracks.x(ids[i], frame);
      xy[2 * i + 1] = tracks.y(ids[i], frame);
    }
    return xy;
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

  private static double median(double[] v, int n) {
    if (n == 0) {
      return 0;
    }
    double[] c = java.util.Arrays.copyOf(v, n);
    java.util.Arrays.sort(c);
    return n % 2 == 1 ? c[n / 2] : (c[n / 2 - 1] + c[n / 2]) / 2;
  }

  /** Root-mean-square distance of points from their centroid. */
  private static double spread(double[] x, double[] y, int n) {
    if (n < 2) {
      return 0;
    }
    double sx = 0;
    double sy = 0;
    for (int i = 0; i < n; i++) {
      sx += x[i];
      sy += y[i];
    }
    sx /= n;
    sy /= n;
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += (x[i] - sx) * (x[i] - sx) + (y[i] - sy) * (y[i] - sy);
    }
    return Math.sqrt(s / n);
  }

  static double clamp(double v, double lo, double hi) {
    return Math.max(lo, Math.min(hi, v));
  }
}
