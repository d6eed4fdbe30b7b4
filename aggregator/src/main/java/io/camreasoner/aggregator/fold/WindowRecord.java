package io.camreasoner.aggregator.fold;

import io.camreasoner.aggregator.curve.CurvePoint;
import io.camreasoner.schemas.avro.MotionEvent;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the fold keeps of one motion event: its window sequence, frame/time range, labels (sorted,
 * so equal sets compare equal), per-label scores, the O-T-A text and, for a window that could not
 * be reasoned about, the failure. Immutable; part of the persisted {@link ShotState}.
 *
 * @param failure why the window could not be reasoned about, null for a reasoned window
 * @param curve the window's point of the stream's motion curves, null where it has none (a failed
 *     window, a record stored before curves existed)
 * @param thumbnail the shot's thumbnail JPEG, base64 (so equal records compare equal), on the
 *     shot's first window only; null on every other
 * @param steadiness the window's camera steadiness as the reasoner measured it ({@code
 *     MotionCues.steadiness}), null when not measured
 */
public record WindowRecord(
    long seq,
    long firstFrame,
    long lastFrame,
    long startMicros,
    long endMicros,
    List<String> labels,
    Map<String, Double> scores,
    String observation,
    String thinking,
    String answer,
    String failure,
    CurvePoint curve,
    String thumbnail,
    String steadiness) {

  /** Copies lists and maps so the record stays immutable. */
  public WindowRecord {
    labels = List.copyOf(labels);
    scores = Collections.unmodifiableMap(new TreeMap<>(scores));
    observation = observation == null ? "" : observation;
    thinking = thinking == null ? "" : thinking;
    answer = answer == null ? "" : answer;
  }

  /** The window described by a (non end-of-stream) motion event. */
  public static WindowRecord of(MotionEvent e) {
    List<String> labels = new ArrayList<>(e.getLabels());
    Collections.sort(labels);
    Map<String, Double> scores = new TreeMap<>();
    if (e.getScores() != null) {
      e.getScores().forEach((k, v) -> scores.put(k.toString(), v));
    }
    return new WindowRecord(
        e.getWindowSeq(),
        e.getFirstFrame(),
        e.getLastFrame(),
        e.getStartMicros(),
        e.getEndMicros(),
        labels,
        scores,
        e.getObservation(),
        e.getThinking(),
        e.getAnswer(),
        e.getFailure(),
        CurvePoint.of(e).orElse(null),
        e.getThumbnail() == null ? null : base64(e.getThumbnail()),
        e.getCues() == null ? null : e.getCues().getSteadiness());
  }

  private static String base64(ByteBuffer bytes) {
    return Base64.getEncoder().encodeToString(bytes(bytes));
  }

  private static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer b = buffer.duplicate();
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }

  /** The thumbnail JPEG's bytes, or null when this window carries none. */
  public byte[] thumbnailJpeg() {
    return thumbnail == null ? null : Base64.getDecoder().decode(thumbnail);
  }

  /** True for a window that could not be reasoned about (a gap in its timeline). */
  public boolean failed() {
    return failure != null;
  }

  /**
   * Confidence of this window in a label set: the weakest of the set's labels (a label the window
   * has no score for counts 0); 0 for an empty set.
   */
  public double confidenceIn(List<String> labelSet) {
    if (labelSet.isEmpty()) {
      return 0.0;
    }
    double min = Double.POSITIVE_INFINITY;
    for (String l : labelSet) {
      min = Math.min(min, scores.getOrDefault(l, 0.0));
    }
    return min;
  }
}
