package io.camreasoner.aggregator.export;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * The measured speed of a segment's movement, for the exports that show it (CSV columns, WebVTT cue
 * text): pan, tilt and roll in degrees per second, zoom as a scale factor per second, the relative
 * translation speed (frame-widths per second) of dolly, truck and pedestal, the share of the frame
 * that moves on its own, and the steadiness of the camera ({@code steady}, {@code slight-shake} or
 * {@code handheld}: the segment's {@code steadiness}, the worst of its windows).
 *
 * <p>Segments carry these cues from the reasoner rewrite on ({@code Segment.avsc}); a segment
 * written before that has none. They are read by name from the segment's Avro schema, on the
 * segment itself or in a nested record (e.g. {@code cues}; a cue the segment itself has wins), so
 * the exports work with segments with and without them and need no change when the fields arrive.
 * Every value is null when absent.
 *
 * @param panDegPerSec pan rate, degrees per second (sign as measured)
 * @param tiltDegPerSec tilt rate, degrees per second
 * @param rollDegPerSec roll rate, degrees per second
 * @param zoomPerSec zoom as scale factor per second (1.10 = 10 % larger each second)
 * @param translationSpeed relative translation speed, frame-widths per second
 * @param movingShare share (0..1) of the frame moving independently of the camera
 * @param steadiness how steady the camera is: steady, slight-shake or handheld
 */
public record SegmentCues(
    Double panDegPerSec,
    Double tiltDegPerSec,
    Double rollDegPerSec,
    Double zoomPerSec,
    Double translationSpeed,
    Double movingShare,
    String steadiness) {

  /** No cues at all. */
  public static final SegmentCues NONE = new SegmentCues(null, null, null, null, null, null, null);

  /** Nested records that may hold a segment's cues. */
  private static final List<String> CONTAINERS = List.of("cues", "speed", "speedcues", "motion");

  /** Field names (lower case, letters and digits only) each cue may go by. */
  private static final Map<String, List<String>> NAMES =
      Map.of(
          "pan", List.of("pandegpersec", "pandegreespersecond", "panrate", "panspeed", "pan"),
          "tilt", List.of("tiltdegpersec", "tiltdegreespersecond", "tiltrate", "tiltspeed", "tilt"),
          "roll", List.of("rolldegpersec", "rolldegreespersecond", "rollrate", "rollspeed", "roll"),
          "zoom",
              List.of(
                  "zoomfactorpersec", "zoompersec", "zoomfactor", "zoomrate", "zoomspeed", "zoom"),
          "translation",
              List.of(
                  "translationspeed", "relativetranslationspeed", "translationrate", "translation"),
          "moving", List.of("movingshare", "movingobjectshare", "movingfraction"),
          "steadiness", List.of("steadiness", "stability"));

  /** True when no cue is known. */
  public boolean isEmpty() {
    return equals(NONE);
  }

  /** The cues a segment carries (read by field name; {@link #NONE} when it has none). */
  public static SegmentCues of(GenericRecord segment) {
    if (segment == null) {
      return NONE;
    }
    SegmentCues cues = read(segment);
    for (Schema.Field f : segment.getSchema().getFields()) {
      if (CONTAINERS.contains(normal(f.name()))
          && segment.get(f.pos()) instanceof GenericRecord r) {
        cues = cues.orElse(read(r));
      }
    }
    return cues;
  }

  /** These cues, each one missing taken from {@code other}. */
  private SegmentCues orElse(SegmentCues other) {
    return new SegmentCues(
        panDegPerSec != null ? panDegPerSec : other.panDegPerSec,
        tiltDegPerSec != null ? tiltDegPerSec : other.tiltDegPerSec,
        rollDegPerSec != null ? rollDegPerSec : other.rollDegPerSec,
        zoomPerSec != null ? zoomPerSec : other.zoomPerSec,
        translationSpeed != null ? translationSpeed : other.translationSpeed,
        movingShare != null ? movingShare : other.movingShare,
        steadiness != null ? steadiness : other.steadiness);
  }

  private static SegmentCues read(GenericRecord r) {
    return new SegmentCues(
        number(r, "pan"),
        number(r, "tilt"),
        number(r, "roll"),
        number(r, "zoom"),
        number(r, "translation"),
        number(r, "moving"),
        text(r, "steadiness"));
  }

  private static Double number(GenericRecord r, String cue) {
    for (String name : NAMES.get(cue)) {
      Optional<Schema.Field> field =
          r.getSchema().getFields().stream().filter(f -> normal(f.name()).equals(name)).findFirst();
      if (field.isPresent() && r.get(field.get().pos()) instanceof Number n) {
        double v = n.doubleValue();
        return Double.isFinite(v) ? v : null;
      }
    }
    return null;
  }

  private static String text(GenericRecord r, String cue) {
    for (String name : NAMES.get(cue)) {
      Optional<Schema.Field> field =
          r.getSchema().getFields().stream().filter(f -> normal(f.name()).equals(name)).findFirst();
      if (field.isPresent() && r.get(field.get().pos()) instanceof CharSequence t) {
        return t.toString();
      }
    }
    return null;
  }

  private static String normal(String name) {
    return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
  }
}
