package io.camreasoner.aggregator.api;

import io.camreasoner.aggregator.curve.CurvePoint;
import io.camreasoner.schemas.avro.Segment;
import io.camreasoner.schemas.avro.ShotTimeline;
import io.camreasoner.schemas.avro.Transition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON form of timelines served by the API and pushed over SSE: the field names of design.md's
 * {@code analyze --json} shots and segments ({@code index}, {@code startFrame}, {@code endFrame}
 * exclusive, seconds rounded to milliseconds, {@code labels}, {@code confidence}, {@code
 * observation}/{@code thinking}/{@code answer}, a {@code gap} with the reason where windows could
 * not be reasoned about), plus the shot's stream, session, producer, status and close reason, the
 * stream's {@code cuts} and {@code transitions} (on its last shot once it ended), and whether it
 * has a thumbnail ({@code thumbnail}: true when {@code /api/streams/{id}/shots/{n}/thumbnail.jpg}
 * serves one).
 */
public final class TimelineJson {

  private TimelineJson() {}

  /** One shot as a JSON-ready map. */
  public static Map<String, Object> shot(ShotTimeline t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("streamId", t.getStreamId());
    m.put("session", t.getSession());
    m.put("producer", t.getProducer());
    m.put("source", t.getSource());
    m.put("index", t.getShotIndex());
    m.put("startFrame", t.getStartFrame());
    m.put("endFrame", t.getEndFrame());
    m.put("startSec", round(t.getStartSec()));
    m.put("endSec", round(t.getEndSec()));
    m.put("fps", t.getFps());
    m.put("status", t.getStatus().name().toLowerCase(java.util.Locale.ROOT));
    m.put("closeReason", t.getCloseReason());
    m.put("lastShot", t.getLastShot());
    m.put("streamError", t.getStreamError());
    m.put("cuts", t.getCuts());
    m.put("transitions", transitions(t.getTransitions(), t.getFps()));
    m.put("windowCount", t.getWindowCount());
    m.put("failedWindows", t.getFailedWindows());
    m.put("updatedAtMs", t.getUpdatedAtMs());
    m.put("thumbnail", t.getThumbnail() != null);
    List<Map<String, Object>> segments = new ArrayList<>();
    for (Segment s : t.getSegments()) {
      segments.add(segment(s));
    }
    m.put("segments", segments);
    return m;
  }

  /**
   * A stream's transitions as design.md's {@code transitions}: per transition its {@code type}
   * (cut, dissolve, fade-out, fade-in), {@code startFrame}, {@code endFrame} (exclusive; a cut
   * spans one frame), {@code startSec} and {@code endSec} (frames over {@code fps}, rounded to
   * milliseconds; 0 when the rate is unknown).
   */
  public static List<Map<String, Object>> transitions(List<Transition> transitions, double fps) {
    List<Map<String, Object>> out = new ArrayList<>(transitions.size());
    for (Transition t : transitions) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("type", t.getType());
      m.put("startFrame", t.getStartFrame());
      m.put("endFrame", t.getEndFrame());
      m.put("startSec", round(fps > 0 ? t.getStartFrame() / fps : 0));
      m.put("endSec", round(fps > 0 ? t.getEndFrame() / fps : 0));
      out.add(m);
    }
    return out;
  }

  /** One segment as a JSON-ready map. */
  static Map<String, Object> segment(Segment s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("startFrame", s.getStartFrame());
    m.put("endFrame", s.getEndFrame());
    m.put("startSec", round(s.getStartSec()));
    m.put("endSec", round(s.getEndSec()));
    m.put("labels", s.getLabels());
    m.put("confidence", round(s.getConfidence()));
    Map<String, Double> scores = new TreeMap<>();
    s.getScores().forEach((k, v) -> scores.put(k, round(v)));
    m.put("scores", scores);
    m.put("observation", s.getObservation());
    m.put("thinking", s.getThinking());
    m.put("answer", s.getAnswer());
    if (s.getGap() != null) {
      m.put("gap", s.getGap());
    }
    if (s.getSteadiness() != null) {
      m.put("steadiness", s.getSteadiness());
    }
    CurvePoint.putCues(
        m,
        s.getPanDegPerSec(),
        s.getTiltDegPerSec(),
        s.getRollDegPerSec(),
        s.getZoomPerSec(),
        s.getTranslationSpeed(),
        s.getMoverShare());
    m.put("windowCount", s.getWindowCount());
    return m;
  }

  private static double round(double v) {
    return Math.round(v * 1000.0) / 1000.0;
  }
}
