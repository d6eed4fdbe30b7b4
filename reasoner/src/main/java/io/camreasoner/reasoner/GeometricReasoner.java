package io.camreasoner.reasoner;

import static org.bytedeco.opencv.global.opencv_core.CV_16S;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.convertScaleAbs;
import static org.bytedeco.opencv.global.opencv_core.mean;
import static org.bytedeco.opencv.global.opencv_imgproc.GaussianBlur;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.Sobel;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * The geometric CamReasoner: tracks Shi-Tomasi corners with pyramidal Lucas-Kanade
 * (forward-backward checked) over the window, measures image translation, scale and roll rates from
 * RANSAC similarity fits of neighbouring frames, and separates camera rotation/zoom (one homography
 * at every depth) from camera translation (depth-dependent parallax along the dominant flow) with a
 * homography fit over the longest well-tracked baseline. Independently moving objects are the
 * residual motion that does not follow the dominant flow. See {@link MotionDecision} for the
 * decision rules.
 *
 * <p>Thread-safe: it holds only its immutable configuration; every call allocates and frees its own
 * native buffers, so one instance may serve many threads.
 */
public final class GeometricReasoner implements CameraMotionReasoner {

  private final GeometryConfig config;

  /** A reasoner with {@link GeometryConfig#defaults()}. */
  public GeometricReasoner() {
    this(GeometryConfig.defaults());
  }

  /** A reasoner with the given settings. */
  public GeometricReasoner(GeometryConfig config) {
    this.config = java.util.Objects.requireNonNull(config, "config");
  }

  /** The settings in use. */
  public GeometryConfig config() {
    return config;
  }

  @Override
  public String name() {
    return "geometry";
  }

  @Override
  public ReasoningResult reason(AnalysisWindow window) {
    return run(window, false).result();
  }

  /**
   * Reasons about one window and also returns its {@link MotionFeatures}, computed from the same
   * tracks and fits (the input of learned models; a few hundred microseconds on top of {@link
   * #reason}). The result is the one {@link #reason} returns.
   *
   * @throws IllegalArgumentException as {@link #reason}
   */
  public Analysis analyse(AnalysisWindow window) {
    return run(window, true);
  }

  /**
   * What {@link #analyse} returns: the geometric decision and the motion descriptor of the window.
   *
   * @param result the geometric reasoner's result
   * @param features the motion descriptor learned models read
   */
  public record Analysis(ReasoningResult result, MotionFeatures features) {}

  private Analysis run(AnalysisWindow window, boolean withFeatures) {
    double[] times = validate(window);
    try (PointerScope scope = new PointerScope()) {
      long t0 = System.nanoTime();
      List<Mat> frames = analysisFrames(window.frames());
      int w = frames.get(0).cols();
      int h = frames.get(0).rows();
      double texture = textureScore(frames.get(0));
      // 1. track
      TrackSet tracks = new KltTracker(config.maxTracks(), w).track(frames);
      long t1 = System.nanoTime();
      // 2. fit the background's motion; 3. separate the groups leaving it; 4. parallax evidence,
      // of the groups (4a), of the whole field of background tracks, forward and sideways (4b), and
      // of each group's own expansion about the focus of expansion (4c)
      BackgroundMotion background = BackgroundFitter.fit(tracks, times, w, h, config);
      List<MotionGroup> groups = MoverSeparator.groups(background, w);
      ParallaxEvidence parallax = ParallaxTest.evaluate(background, groups, w, h, config);
      ParallaxField field = ParallaxField.of(background, groups, w, h, config);
      WindowEvidence evidence =
          new WindowEvidence(
              frames.size(),
              times[times.length - 1] - times[0],
              w,
              h,
              background.baseline().tracks().size(),
              texture,
              background,
              groups,
              parallax,
              field,
              ExpandingLayers.of(background, groups, field),
              MoverSeparator.frameShare(parallax.independentGroups(), w, h));
      // 5. decide; 6. explain
      MotionDecision.Verdict verdict = new MotionDecision(config).decide(evidence);
      ReasoningResult r = result(evidence, verdict);
      long t2 = System.nanoTime();
      MotionFeatures features =
          withFeatures ? MotionFeatureExtractor.extract(evidence, tracks) : null;
      return new Analysis(withTimings(r, (t1 - t0) / 1e6, (t2 - t1) / 1e6), features);
    }
  }

  /** The result: labels, scores, cues and the explanation of a verdict. */
  private ReasoningResult result(WindowEvidence e, MotionDecision.Verdict v) {
    BackgroundMotion b = e.background();
    ParallaxEvidence p = e.parallax();
    MotionSpeed speed = MotionSpeed.of(b, v);
    double[] foe =
        b.scalesMeasurably(config) ? focusOfExpansion(b.homography(), e.width(), e.height()) : null;
    java.util.Map<String, Double> extra = new java.util.LinkedHashMap<>();
    extra.put("parallaxShare", p.parallaxShare());
    extra.put("parallaxCoherence", p.coherence());
    extra.put("moverFrameShare", e.moverShare());
    extra.put("parallaxGroups", (double) p.parallaxGroups().size());
    extra.put("independentGroups", (double) p.independentGroups().size());
    extra.put("withFlow", p.withFlow());
    extra.put("parallaxSpread", p.spread());
    extra.put("epipoleDistance", Math.min(1e6, p.epipoleDistance()));
    extra.put("fieldForwardExcess", e.field().forward().value());
    extra.put("fieldSidewaysExcess", e.field().sideways().value());
    extra.put(
        "expandingLayers",
        e.layers().groups() == 0 ? Double.NaN : (double) e.layers().layers().size());
    extra.put("stationaryShare", b.stillSupport());
    extra.put("stillness", v.stillness());
    extra.put("edgeMovePixels", b.edgeDisplacement());
    extra.put("noisePixels", b.noisePixels());
    extra.put("pairInlierShare", b.pairInlierShare());
    extra.put("baselineSeconds", b.baseline().seconds());
    extra.put("windowSeconds", e.seconds());
    extra.entrySet().removeIf(x -> !Double.isFinite(x.getValue()));
    MotionCues cues =
        new MotionCues(
            b.translationX(),
            b.translationY(),
            b.scaleRate(),
            b.rollRate(),
            p.medianResidualPixels() / e.width() / b.baseline().seconds(),
            p.parallaxRatio(),
            foe == null ? null : foe[0],
            foe == null ? null : foe[1],
            b.inlierShare(),
            e.moverTrackShare(),
            e.trackCount(),
            e.textureScore(),
            extra,
            speed.panRate(),
            speed.tiltRate(),
            speed.translationSpeed(),
            b.shake(),
            Steadiness.of(b.shake()));
    Explanation text = new Explanation(config);
    String thinking = text.thinking(e, v);
    if (v.reason() == MotionDecision.Reason.MOVING) {
      thinking += " " + text.speed(speed);
    }
    return new ReasoningResult(
        v.labels(),
        v.scores(),
        v.confidence(),
        cues,
        text.observation(e),
        thinking,
        text.answer(v));
  }

  /**
   * The fixed point of the background's motion (focus of expansion or contraction) in normalised
   * image coordinates, clamped to [-1, 2] (the cue reported); null when it has none.
   */
  static double[] focusOfExpansion(Homography hm, int w, int h) {
    double[] at = fixedPoint(hm, w, h);
    return at == null ? null : new double[] {clamp(at[0], -1, 2), clamp(at[1], -1, 2)};
  }

  /**
   * The fixed point of the homography's affine part in normalised image coordinates (0..1 across
   * the frame, unbounded outside it); null when the affine part has none (no scale change).
   */
  static double[] fixedPoint(Homography hm, int w, int h) {
    double[] m = hm.m();
    double h22 = m[8];
    double a00 = m[0] / h22 - 1;
    double a01 = m[1] / h22;
    double a10 = m[3] / h22;
    double a11 = m[4] / h22 - 1;
    double det = a00 * a11 - a01 * a10;
    if (Math.abs(det) <= 1e-6) {
      return null;
    }
    double bx = -m[2] / h22;
    double by = -m[5] / h22;
    return new double[] {(a11 * bx - a01 * by) / det / w, (-a10 * bx + a00 * by) / det / h};
  }

  static double clamp(double v, double lo, double hi) {
    return Math.max(lo, Math.min(hi, v));
  }

  /** Visual texture threshold: mean absolute gradient (two axes) this high scores 1. */
  private static final double FULL_TEXTURE_GRADIENT = 40;

  /**
   * Mean absolute Sobel gradient of a lightly blurred frame mapped to 0..1 (1 = plenty of trackable
   * detail); the blur keeps sensor noise from passing for texture.
   */
  static double textureScore(Mat gray) {
    Mat smooth = new Mat();
    GaussianBlur(gray, smooth, new Size(5, 5), 1.5);
    Mat gx = new Mat();
    Mat gy = new Mat();
    Sobel(smooth, gx, CV_16S, 1, 0);
    Sobel(smooth, gy, CV_16S, 0, 1);
    Mat ax = new Mat();
    Mat ay = new Mat();
    convertScaleAbs(gx, ax);
    convertScaleAbs(gy, ay);
    double g = mean(ax).get(0) + mean(ay).get(0);
    return clamp(g / FULL_TEXTURE_GRADIENT, 0, 1);
  }

  /** Adds where the time went (tracking, fitting and deciding) to the cues' extra map. */
  private static ReasoningResult withTimings(ReasoningResult r, double trackMs, double fitMs) {
    java.util.Map<String, Double> extra = new java.util.LinkedHashMap<>(r.cues().extra());
    extra.put("trackingMillis", trackMs);
    extra.put("fittingMillis", fitMs);
    return new ReasoningResult(
        r.labels(),
        r.scores(),
        r.confidence(),
        r.cues().withExtra(extra),
        r.observation(),
        r.thinking(),
        r.answer());
  }

  /** Checks the window and returns each frame's time in seconds from the first. */
  static double[] validate(AnalysisWindow window) {
    if (window == null) {
      throw new IllegalArgumentException("no window given");
    }
    List<AnalysisFrame> frames = window.frames();
    if (frames.isEmpty()) {
      throw new IllegalArgumentException("cannot reason about an empty window: no frames");
    }
    if (frames.size() < 2) {
      throw new IllegalArgumentException(
          "cannot reason about a window of one frame (frame "
              + frames.get(0).frameNumber()
              + "): camera motion needs at least two frames");
    }
    if (!(window.fps() > 0) || Double.isInfinite(window.fps())) {
      throw new IllegalArgumentException("window fps must be positive, got " + window.fps());
    }
    AnalysisFrame first = frames.get(0);
    double[] times = new double[frames.size()];
    for (int i = 1; i < frames.size(); i++) {
      AnalysisFrame f = frames.get(i);
      if (f.width() != first.width() || f.height() != first.height()) {
        throw new IllegalArgumentException(
            "frames of one window must share a size: frame "
                + f.frameNumber()
                + " is "
                + f.width()
                + "x"
                + f.height()
                + " but frame "
                + first.frameNumber()
                + " is "
                + first.width()
                + "x"
                + first.height());
      }
      if (f.frameNumber() <= frames.get(i - 1).frameNumber()) {
        throw new IllegalArgumentException(
            "frames must be in increasing frame-number order: frame "
                + f.frameNumber()
                + " follows frame "
                + frames.get(i - 1).frameNumber());
      }
      times[i] = (f.frameNumber() - first.frameNumber()) / window.fps();
    }
    return times;
  }

  /** Wraps the frames as Mats, downscaled to the analysis width when wider. */
  private List<Mat> analysisFrames(List<AnalysisFrame> frames) {
    List<Mat> out = new ArrayList<>(frames.size());
    for (AnalysisFrame f : frames) {
      Mat src = new Mat(f.height(), f.width(), CV_8UC1, new BytePointer(f.gray()));
      if (f.width() > config.analysisWidth()) {
        int h =
            Math.max(1, (int) Math.round(f.height() * config.analysisWidth() / (double) f.width()));
        Mat dst = new Mat();
        resize(src, dst, new Size(config.analysisWidth(), h), 0, 0, INTER_AREA);
        out.add(dst);
      } else {
        out.add(src);
      }
    }
    return out;
  }
}
