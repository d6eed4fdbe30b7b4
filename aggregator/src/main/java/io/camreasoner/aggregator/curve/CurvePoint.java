package io.camreasoner.aggregator.curve;

import io.camreasoner.schemas.avro.MotionCues;
import io.camreasoner.schemas.avro.MotionEvent;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * One point of a stream's motion curves: what the reasoner measured on one window, as the rates a
 * viewer reads (the dashboard plots them under the timeline, {@code analyze} writes them as the
 * video's {@code curves}). A cue the reasoner did not measure stays null (absent in JSON).
 *
 * @param startSec start of the window, seconds (its first frame over the fps, as segments count)
 * @param endSec end of the window, seconds (exclusive: the frame after its last one)
 * @param panDegPerSec camera pan, degrees per second, positive = turns right ({@code panRate})
 * @param tiltDegPerSec camera tilt, degrees per second, positive = tilts up ({@code tiltRate})
 * @param rollDegPerSec content roll, degrees per second, positive = clockwise ({@code rollRate})
 * @param zoomPerSec zoom as a scale factor per second, 1 = none ({@code 1 + scaleRate})
 * @param translationSpeed camera translation, frame-widths per second ({@code translationSpeed})
 * @param moverShare share (0..1) of the frame moving on its own ({@code movingObjectShare})
 */
public record CurvePoint(
    double startSec,
    double endSec,
    Double panDegPerSec,
    Double tiltDegPerSec,
    Double rollDegPerSec,
    Double zoomPerSec,
    Double translationSpeed,
    Double moverShare) {

  /** Points in time order (then by end), as curves are drawn. */
  public static final Comparator<CurvePoint> IN_TIME_ORDER =
      Comparator.comparingDouble(CurvePoint::startSec).thenComparingDouble(CurvePoint::endSec);

  /**
   * Decimal places of the JSON values: 1e-5 keeps a slow translation (0.003 frame-widths/s) and a
   * zoom factor's 0.1 % steps exact enough to plot, without the noise digits of the fit.
   */
  private static final double ROUNDING = 1e5;

  /**
   * The point of a window's motion event; empty for an end-of-stream marker, a window that could
   * not be reasoned about (it has no cues) and an event without a frame rate (no times).
   */
  public static Optional<CurvePoint> of(MotionEvent e) {
    if (e.getEndOfStream() || e.getFailure() != null || !(e.getFps() > 0)) {
      return Optional.empty();
    }
    MotionCues c = e.getCues();
    double fps = e.getFps();
    double start = e.getFirstFrame() / fps;
    double end = (e.getLastFrame() + 1) / fps;
    if (c == null) {
      return Optional.of(new CurvePoint(start, end, null, null, null, null, null, null));
    }
    return Optional.of(
        new CurvePoint(
            start,
            end,
            finite(c.getPanRate()),
            finite(c.getTiltRate()),
            finite(c.getRollRate()),
            c.getScaleRate() == null ? null : finite(1 + c.getScaleRate()),
            finite(c.getTranslationSpeed()),
            finite(c.getMovingObjectShare())));
  }

  /**
   * The duration-weighted mean of these points, spanning the first start to the last end: what a
   * segment of these windows measured. Each cue is averaged over the points that measured it (null
   * when none did); empty when there are no points.
   */
  public static Optional<CurvePoint> mean(List<CurvePoint> points) {
    if (points.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new CurvePoint(
            points.stream().mapToDouble(CurvePoint::startSec).min().orElseThrow(),
            points.stream().mapToDouble(CurvePoint::endSec).max().orElseThrow(),
            mean(points, CurvePoint::panDegPerSec),
            mean(points, CurvePoint::tiltDegPerSec),
            mean(points, CurvePoint::rollDegPerSec),
            mean(points, CurvePoint::zoomPerSec),
            mean(points, CurvePoint::translationSpeed),
            mean(points, CurvePoint::moverShare)));
  }

  private static Double mean(List<CurvePoint> points, Function<CurvePoint, Double> cue) {
    double sum = 0;
    double weights = 0;
    for (CurvePoint p : points) {
      Double v = cue.apply(p);
      if (v != null) {
        // a window of no duration (one frame) still counts, as the shortest window would
        double w = Math.max(p.endSec - p.startSec, 1e-6);
        sum += v * w;
        weights += w;
      }
    }
    return weights > 0 ? sum / weights : null;
  }

  /**
   * The point as JSON: {@code startSec}, {@code endSec} and every measured cue, rounded; cues not
   * measured are absent.
   */
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("startSec", round(startSec));
    m.put("endSec", round(endSec));
    putCues(
        m, panDegPerSec, tiltDegPerSec, rollDegPerSec, zoomPerSec, translationSpeed, moverShare);
    return m;
  }

  /**
   * Writes measured cues under their JSON names ({@code panDegPerSec}, {@code tiltDegPerSec},
   * {@code rollDegPerSec}, {@code zoomPerSec}, {@code translationSpeed}, {@code moverShare}),
   * rounded; a cue not measured (null or not finite) is left out. The one spelling of the cues in
   * curves and in segments.
   */
  public static void putCues(
      Map<String, Object> m,
      Double pan,
      Double tilt,
      Double roll,
      Double zoom,
      Double translation,
      Double movers) {
    put(m, "panDegPerSec", pan);
    put(m, "tiltDegPerSec", tilt);
    put(m, "rollDegPerSec", roll);
    put(m, "zoomPerSec", zoom);
    put(m, "translationSpeed", translation);
    put(m, "moverShare", movers);
  }

  /** Points as JSON, in time order. */
  public static List<Map<String, Object>> toJson(List<CurvePoint> points) {
    return points.stream().sorted(IN_TIME_ORDER).map(CurvePoint::toJson).toList();
  }

  private static void put(Map<String, Object> m, String name, Double v) {
    if (v != null && Double.isFinite(v)) {
      m.put(name, round(v));
    }
  }

  private static Double finite(Double v) {
    return v != null && Double.isFinite(v) ? v : null;
  }

  private static double round(double v) {
    return Math.round(v * ROUNDING) / ROUNDING;
  }
}
