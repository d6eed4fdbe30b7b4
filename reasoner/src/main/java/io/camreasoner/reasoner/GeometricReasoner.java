package io.camreasoner.reasoner;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
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
      double texture = MotionEstimator.textureScore(frames.get(0));
      TrackSet tracks = new KltTracker(config.maxTracks(), frames.get(0).cols()).track(frames);
      long t1 = System.nanoTime();
      Measurement m = new MotionEstimator(config).measure(frames, times, tracks, texture);
      ReasoningResult r = new MotionDecision(config).decide(m);
      long t2 = System.nanoTime();
      MotionFeatures features =
          withFeatures
              ? MotionFeatureExtractor.extract(
                  m, tracks, frames.get(0).cols(), frames.get(0).rows())
              : null;
      return new Analysis(withTimings(r, (t1 - t0) / 1e6, (t2 - t1) / 1e6), features);
    }
  }

  /** Adds where the time went (tracking, fitting and deciding) to the cues' extra map. */
  private static ReasoningResult withTimings(ReasoningResult r, double trackMs, double fitMs) {
    MotionCues c = r.cues();
    java.util.Map<String, Double> extra = new java.util.LinkedHashMap<>(c.extra());
    extra.put("trackingMillis", trackMs);
    extra.put("fittingMillis", fitMs);
    MotionCues timed =
        new MotionCues(
            c.translationX(),
            c.translationY(),
            c.scaleRate(),
            c.rollRate(),
            c.residualParallax(),
            c.parallaxRatio(),
            c.focusOfExpansionX(),
            c.focusOfExpansionY(),
            c.inlierShare(),
            c.movingObjectShare(),
            c.trackCount(),
            c.textureScore(),
            extra);
    return new ReasoningResult(
        r.labels(), r.scores(), r.confidence(), timed, r.observation(), r.thinking(), r.answer());
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
