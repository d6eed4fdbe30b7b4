package io.camreasoner.bench;

import static org.bytedeco.opencv.global.opencv_calib3d.RANSAC;
import static org.bytedeco.opencv.global.opencv_calib3d.estimateAffinePartial2D;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.goodFeaturesToTrack;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;
import static org.bytedeco.opencv.global.opencv_video.calcOpticalFlowPyrLK;

import io.camreasoner.reasoner.AnalysisFrame;
import io.camreasoner.reasoner.AnalysisWindow;
import io.camreasoner.reasoner.CameraMotionReasoner;
import io.camreasoner.reasoner.GeometryConfig;
import io.camreasoner.reasoner.MotionCues;
import io.camreasoner.reasoner.ReasoningResult;
import io.camreasoner.schemas.MotionLabel;
import io.camreasoner.schemas.MotionLabel.Kind;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * The naive baseline the benchmark measures against in the same run: per frame pair, corners +
 * Lucas-Kanade flow + a RANSAC 2D similarity (translation, scale, rotation), summed over the
 * window, thresholded with the same rates as the geometric reasoner. It has no notion of parallax,
 * so it can only answer pan, tilt, zoom, roll or static: every dolly, truck and pedestal becomes a
 * zoom, pan or tilt.
 */
final class SimilarityBaseline implements CameraMotionReasoner {

  /**
   * The baseline keeps the thresholds it was first measured with (0.03 frame-widths/s, 3 %/s, 2
   * °/s), whatever the geometric reasoner's defaults become, so its figures stay comparable.
   */
  private final GeometryConfig config =
      new GeometryConfig(320, 200, 0.03, 0.03, 2.0, 0.08, 1.2, 0.12, 12, 0.08);

  @Override
  public String name() {
    return "similarity-baseline";
  }

  @Override
  public ReasoningResult reason(AnalysisWindow window) {
    List<AnalysisFrame> frames = window.frames();
    if (frames.size() < 2) {
      throw new IllegalArgumentException("baseline needs at least two frames");
    }
    try (PointerScope scope = new PointerScope()) {
      double sumDx = 0;
      double sumDy = 0;
      double sumLog = 0;
      double sumAngle = 0;
      double sumDt = 0;
      Mat prev = gray(frames.get(0));
      int w = prev.cols();
      double cx = (w - 1) / 2.0;
      double cy = (prev.rows() - 1) / 2.0;
      for (int i = 1; i < frames.size(); i++) {
        Mat next = gray(frames.get(i));
        Mat corners = new Mat();
        goodFeaturesToTrack(prev, corners, 200, 0.01, w / 40.0, new Mat(), 3, false, 0.04);
        if (corners.rows() >= 8) {
          Mat moved = new Mat();
          Mat status = new Mat();
          Mat err = new Mat();
          calcOpticalFlowPyrLK(prev, next, corners, moved, status, err);
          int n = corners.rows();
          float[] a = new float[2 * n];
          float[] b = new float[2 * n];
          new FloatPointer(corners.data()).get(a);
          new FloatPointer(moved.data()).get(b);
          BytePointer st = status.data();
          List<Float> src = new ArrayList<>();
          List<Float> dst = new ArrayList<>();
          for (int k = 0; k < n; k++) {
            if (st.get(k) != 0) {
              src.add(a[2 * k]);
              src.add(a[2 * k + 1]);
              dst.add(b[2 * k]);
              dst.add(b[2 * k + 1]);
            }
          }
          if (src.size() >= 16) {
            Mat m =
                estimateAffinePartial2D(
                    points(src), points(dst), new Mat(), RANSAC, 1.5, 500, 0.99, 10);
            if (m != null && !m.empty()) {
              double[] t = new double[6];
              new DoublePointer(m.data()).get(t);
              sumDx += t[0] * cx + t[1] * cy + t[2] - cx;
              sumDy += t[3] * cx + t[4] * cy + t[5] - cy;
              sumLog += Math.log(Math.hypot(t[0], t[3]));
              sumAngle += Math.atan2(t[3], t[0]);
              sumDt +=
                  (frames.get(i).frameNumber() - frames.get(i - 1).frameNumber()) / window.fps();
            }
          }
        }
        prev = next;
      }
      double dt = sumDt > 0 ? sumDt : 1;
      double tx = sumDx / w / dt;
      double ty = sumDy / w / dt;
      double s = Math.expm1(sumLog / dt);
      double roll = Math.toDegrees(sumAngle) / dt;
      return decide(tx, ty, s, roll);
    }
  }

  private ReasoningResult decide(double tx, double ty, double s, double roll) {
    Map<MotionLabel, Double> scores = new EnumMap<>(MotionLabel.class);
    for (MotionLabel l : MotionLabel.values()) {
      scores.put(l, 0.0);
    }
    double eX = evidence(Math.abs(tx), config.minTranslationRate());
    double eY = evidence(Math.abs(ty), config.minTranslationRate());
    double eS = evidence(Math.abs(s), config.minScaleRate());
    double eR = evidence(Math.abs(roll), config.minRollRate());
    MotionLabel pan = MotionLabel.of(Kind.PAN, tx > 0 ? -1 : 1);
    MotionLabel tilt = MotionLabel.of(Kind.TILT, ty > 0 ? 1 : -1);
    MotionLabel zoom = MotionLabel.of(Kind.ZOOM, s > 0 ? 1 : -1);
    MotionLabel rollLabel = MotionLabel.of(Kind.ROLL, roll > 0 ? -1 : 1);
    scores.put(pan, eX);
    scores.put(tilt, eY);
    scores.put(zoom, eS);
    scores.put(rollLabel, eR);
    scores.put(MotionLabel.STATIC, 1 - Math.max(Math.max(eX, eY), Math.max(eS, eR)));
    List<MotionLabel> labels = new ArrayList<>();
    for (MotionLabel l : List.of(pan, tilt, zoom, rollLabel)) {
      if (scores.get(l) >= 0.5) {
        labels.add(l);
      }
    }
    if (labels.isEmpty()) {
      labels.add(MotionLabel.STATIC);
    }
    MotionCues cues = new MotionCues(tx, ty, s, roll, 0, 0, null, null, 1, 0, 0, 1, Map.of());
    String answer = labels.stream().map(MotionLabel::label).collect(Collectors.joining(", "));
    return new ReasoningResult(
        labels,
        scores,
        labels.stream().mapToDouble(scores::get).min().orElse(0),
        cues,
        "2D similarity fit",
        "no parallax model",
        answer);
  }

  private Mat gray(AnalysisFrame f) {
    Mat src = new Mat(f.height(), f.width(), CV_8UC1, new BytePointer(f.gray()));
    if (f.width() <= config.analysisWidth()) {
      return src;
    }
    Mat dst = new Mat();
    int h = (int) Math.round(f.height() * config.analysisWidth() / (double) f.width());
    resize(src, dst, new Size(config.analysisWidth(), h), 0, 0, INTER_AREA);
    return dst;
  }

  private static Mat points(List<Float> xy) {
    float[] a = new float[xy.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = xy.get(i);
    }
    Mat m = new Mat(a.length / 2, 1, org.bytedeco.opencv.global.opencv_core.CV_32FC2);
    new FloatPointer(m.data()).put(a);
    return m;
  }

  private static double evidence(double v, double threshold) {
    return 1 / (1 + Math.exp(-4 * (v / threshold - 1)));
  }
}
