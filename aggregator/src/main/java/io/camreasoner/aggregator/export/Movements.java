package io.camreasoner.aggregator.export;

import io.camreasoner.schemas.avro.Segment;
import io.camreasoner.schemas.avro.ShotTimeline;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Segments and shots in words, for the exports people read: a WebVTT cue ({@code pan left, 12°/s}),
 * a chapter title ({@code Shot 2: dolly in, then static}), an EDL comment.
 */
final class Movements {
  private Movements() {}

  /** What the segment shows: its movements with their speeds when measured, or why it has none. */
  static String of(Segment s) {
    if (s.getGap() != null) {
      return "no answer: " + oneLine(s.getGap());
    }
    if (s.getLabels().isEmpty()) {
      String answer = oneLine(s.getAnswer());
      return answer.isEmpty() ? "no movement found" : answer;
    }
    SegmentCues cues = SegmentCues.of(s);
    List<String> parts = new ArrayList<>();
    for (String label : s.getLabels()) {
      String speed = speed(label, cues);
      parts.add(words(label) + (speed == null ? "" : ", " + speed));
    }
    return String.join(" + ", parts);
  }

  /** The labels alone in words ({@code pan left + tilt up}), or a gap/answer note. */
  static String labelsOf(Segment s) {
    if (s.getLabels().isEmpty()) {
      return s.getGap() != null ? "gap" : "no label";
    }
    return String.join(" + ", s.getLabels().stream().map(Movements::words).toList());
  }

  /** A shot's title: its number (1-based) and its segments' movements in order. */
  static String title(ShotTimeline t) {
    List<String> seen = new ArrayList<>();
    for (Segment s : t.getSegments()) {
      String m = labelsOf(s);
      if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(m)) {
        seen.add(m);
      }
    }
    return "Shot "
        + (t.getShotIndex() + 1)
        + (seen.isEmpty() ? "" : ": " + String.join(", then ", seen));
  }

  /** A label in words: {@code pan-left} → {@code pan left}. */
  static String words(String label) {
    return label.replace('-', ' ');
  }

  /** The speed of one label's movement as measured, or null when not measured. */
  static String speed(String label, SegmentCues c) {
    String kind = label.contains("-") ? label.substring(0, label.indexOf('-')) : label;
    return switch (kind) {
      case "pan" -> degrees(c.panDegPerSec());
      case "tilt" -> degrees(c.tiltDegPerSec());
      case "roll" -> degrees(c.rollDegPerSec());
      case "zoom" ->
          c.zoomPerSec() == null ? null : String.format(Locale.ROOT, "×%.2f/s", c.zoomPerSec());
      case "dolly", "truck", "pedestal" ->
          c.translationSpeed() == null
              ? null
              : String.format(Locale.ROOT, "%.2f frame-widths/s", Math.abs(c.translationSpeed()));
      default -> null;
    };
  }

  private static String degrees(Double v) {
    return v == null ? null : String.format(Locale.ROOT, "%.0f°/s", Math.abs(v));
  }

  /** Text on one line, whitespace collapsed. */
  static String oneLine(String text) {
    return text == null ? "" : text.strip().replaceAll("\\s+", " ");
  }
}
