package io.camreasoner.aggregator.export;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camreasoner.schemas.TransitionType;
import io.camreasoner.schemas.avro.Segment;
import io.camreasoner.schemas.avro.ShotTimeline;
import io.camreasoner.schemas.avro.Transition;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * OpenTimelineIO's JSON ({@code .otio}): a {@code Timeline.1} whose one video {@code Track.1} has a
 * {@code Clip.2} per shot, each referencing the source ({@code ExternalReference.1}) over the
 * shot's frames, with a {@code Marker.2} per movement segment. The shot's and each segment's
 * CamReasoner data (labels, confidence, scores, the O-T-A text, gap, speed cues) are in their
 * {@code metadata.camreasoner}; the timeline's metadata names the source, stream, session and
 * producer. Times are {@code RationalTime.1} at the source's frame rate, counted from its start
 * timecode (also {@code global_start_time}), so the clips' source ranges are the source's own
 * timecode. The schema names and versions are those of OpenTimelineIO 0.15 and later (Clip.2 with
 * {@code media_references}, Marker.2 with {@code comment}).
 *
 * <p>Gradual transitions are {@code Transition.1} objects ({@code SMPTE_Dissolve}) between the
 * items they join, centred on the edit: the two clips of a dissolve meet at its middle frame and
 * each reaches into the dissolve up to there, {@code in_offset} and {@code out_offset} the frames
 * of it on either side. A fade dissolves to or from a {@code Gap.1}, OpenTimelineIO's black: the
 * gap holds the fade's half beyond its middle frame and any black up to the next shot. Frames of no
 * shot otherwise (not known) are gaps, as without transitions.
 */
final class OtioExport {
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

  /** OpenTimelineIO's transition type of a cross dissolve (fades dissolve to or from a gap). */
  static final String SMPTE_DISSOLVE = "SMPTE_Dissolve";

  /** The media reference key OpenTimelineIO uses for a clip's one reference. */
  static final String DEFAULT_MEDIA = "DEFAULT_MEDIA";

  /** Marker colour per movement family (OpenTimelineIO's MarkerColor names). */
  private static final Map<String, String> COLOURS =
      Map.of(
          "static", "WHITE",
          "pan", "BLUE",
          "tilt", "CYAN",
          "roll", "PURPLE",
          "zoom", "YELLOW",
          "dolly", "GREEN",
          "truck", "ORANGE",
          "pedestal", "PINK");

  private OtioExport() {}

  static void write(VideoTimeline v, Writer out) throws IOException {
    double rate = v.rate();
    long start = v.timecode().startFrames();
    ObjectNode timeline = object("Timeline.1", v.baseName());
    ObjectNode meta = timeline.putObject("metadata").putObject("camreasoner");
    meta.put("source", v.source());
    meta.put("streamId", v.streamId());
    meta.put("session", v.session());
    meta.put("producer", v.producer());
    meta.put("fps", v.fps());
    meta.put("frames", v.frames());
    meta.putPOJO("cuts", v.cuts());
    meta.put("startTimecode", v.timecode().ofFrame(0));
    meta.put("dropFrame", v.timecode().dropFrame());
    timeline.set("global_start_time", time(rate, start));
    ObjectNode stack = item("Stack.1", "tracks", null);
    timeline.set("tracks", stack);
    ObjectNode track = item("Track.1", "V1", null);
    track.put("kind", "Video");
    stack.putArray("children").add(track);
    ArrayNode clips = track.putArray("children");
    List<ShotTimeline> shots =
        v.shots().stream().filter(t -> t.getEndFrame() > t.getStartFrame()).toList();
    List<Transition> joins = joins(v.gradualTransitions(), shots);
    long at = 0;
    Transition last = null; // the transition the track ends with, if it does
    for (ShotTimeline t : shots) {
      Transition into = VideoTimeline.into(joins, t.getStartFrame());
      Transition outOf = VideoTimeline.outOf(joins, t.getEndFrame());
      long first = into == null ? t.getStartFrame() : cutPoint(into);
      long end = outOf == null ? t.getEndFrame() : cutPoint(outOf);
      boolean fadeIn = into != null && !VideoTimeline.is(into, TransitionType.DISSOLVE);
      if (first > at || (fadeIn && (clips.isEmpty() || last != null))) {
        // frames of no shot (black after a fade, or not known); a fade-in dissolves from them
        clips.add(item("Gap.1", "", range(rate, 0, Math.max(0, first - at))));
      }
      if (fadeIn) {
        clips.add(transition(into, rate));
      }
      clips.add(clip(v, t, rate, start, first, end));
      last = null;
      if (outOf != null) {
        clips.add(transition(outOf, rate)); // a dissolve's incoming clip comes next
        last = outOf;
      }
      at = end;
    }
    if (last != null) {
      // a fade-out ends the track: it dissolves to the black of its last frames
      clips.add(item("Gap.1", "", range(rate, 0, Math.max(0, last.getEndFrame() - at))));
    }
    JSON.writeValue(out, timeline);
  }

  /** The clip of a shot over source frames {@code [first, end)}. */
  private static ObjectNode clip(
      VideoTimeline v, ShotTimeline t, double rate, long start, long first, long end) {
    ObjectNode clip = item("Clip.2", Movements.title(t), range(rate, start + first, end - first));
    ObjectNode meta = ((ObjectNode) clip.get("metadata")).putObject("camreasoner");
    meta.put("shot", t.getShotIndex());
    meta.put("startFrame", t.getStartFrame());
    meta.put("endFrame", t.getEndFrame());
    meta.put("status", t.getStatus().name().toLowerCase(java.util.Locale.ROOT));
    meta.put("closeReason", t.getCloseReason());
    meta.put("failedWindows", t.getFailedWindows());
    ObjectNode reference = object("ExternalReference.1", v.baseName());
    reference.putObject("metadata");
    reference.put("target_url", targetUrl(v.source()));
    reference.set(
        "available_range", v.frames() > 0 ? range(rate, start, v.frames()) : JSON.nullNode());
    reference.putNull("available_image_bounds");
    clip.putObject("media_references").set(DEFAULT_MEDIA, reference);
    clip.put("active_media_reference_key", DEFAULT_MEDIA);
    ArrayNode markers = (ArrayNode) clip.get("markers");
    for (Segment s : t.getSegments()) {
      ObjectNode marker = object("Marker.2", Movements.of(s));
      ObjectNode m = marker.putObject("metadata").putObject("camreasoner");
      m.putPOJO("labels", s.getLabels());
      m.put("confidence", s.getConfidence());
      m.putPOJO("scores", new TreeMap<>(s.getScores()));
      m.put("observation", s.getObservation());
      m.put("thinking", s.getThinking());
      m.put("answer", s.getAnswer());
      m.put("gap", s.getGap());
      SegmentCues cues = SegmentCues.of(s);
      if (!cues.isEmpty()) {
        m.putPOJO("cues", cues);
      }
      marker.set(
          "marked_range",
          range(rate, start + s.getStartFrame(), s.getEndFrame() - s.getStartFrame()));
      marker.put("color", colour(s.getLabels()));
      marker.put("comment", Movements.oneLine(s.getThinking()));
      markers.add(marker);
    }
    return clip;
  }

  /**
   * The gradual transitions that join the track's items: a dissolve between a shot that ends at its
   * first frame and one that starts after its last, a fade-out after a shot, a fade-in before one.
   */
  private static List<Transition> joins(List<Transition> gradual, List<ShotTimeline> shots) {
    List<Transition> joins = new ArrayList<>();
    for (Transition g : gradual) {
      boolean after = shots.stream().anyMatch(t -> t.getEndFrame() == g.getStartFrame());
      boolean before = shots.stream().anyMatch(t -> t.getStartFrame() == g.getEndFrame());
      boolean fadeOut = VideoTimeline.is(g, TransitionType.FADE_OUT);
      boolean fadeIn = VideoTimeline.is(g, TransitionType.FADE_IN);
      if ((after || fadeIn) && (before || fadeOut)) {
        joins.add(g);
      }
    }
    return joins;
  }

  /**
   * Where the items a transition joins meet: its middle frame (centred on the edit, the first half
   * of its frames from the outgoing item, the rest from the incoming one).
   */
  static long cutPoint(Transition t) {
    return t.getStartFrame() + (t.getEndFrame() - t.getStartFrame()) / 2;
  }

  /**
   * A {@code Transition.1}: an SMPTE dissolve overlapping the outgoing item from the transition's
   * first frame to the cut point ({@code in_offset}) and the incoming one from there to its end
   * ({@code out_offset}); a fade's other item is a gap (black).
   */
  private static ObjectNode transition(Transition t, double rate) {
    ObjectNode o = object("Transition.1", t.getType());
    ObjectNode m = o.putObject("metadata").putObject("camreasoner");
    m.put("type", t.getType());
    m.put("startFrame", t.getStartFrame());
    m.put("endFrame", t.getEndFrame());
    long cut = cutPoint(t);
    o.set("in_offset", time(rate, cut - t.getStartFrame()));
    o.set("out_offset", time(rate, t.getEndFrame() - cut));
    o.put("transition_type", SMPTE_DISSOLVE);
    o.put("enabled", true);
    return o;
  }

  /** A schema object with its name (OpenTimelineIO writes OTIO_SCHEMA first). */
  private static ObjectNode object(String schema, String name) {
    ObjectNode o = JSON.createObjectNode();
    o.put("OTIO_SCHEMA", schema);
    o.put("name", name);
    return o;
  }

  /** An Item (Clip, Gap, Track, Stack): metadata, source range, effects, markers, enabled. */
  private static ObjectNode item(String schema, String name, ObjectNode sourceRange) {
    ObjectNode o = object(schema, name);
    o.putObject("metadata");
    o.set("source_range", sourceRange == null ? JSON.nullNode() : sourceRange);
    o.putArray("effects");
    o.putArray("markers");
    o.put("enabled", true);
    return o;
  }

  private static ObjectNode time(double rate, long value) {
    ObjectNode t = JSON.createObjectNode();
    t.put("OTIO_SCHEMA", "RationalTime.1");
    t.put("rate", rate);
    t.put("value", (double) value);
    return t;
  }

  private static ObjectNode range(double rate, long start, long duration) {
    ObjectNode r = JSON.createObjectNode();
    r.put("OTIO_SCHEMA", "TimeRange.1");
    r.set("duration", time(rate, duration));
    r.set("start_time", time(rate, start));
    return r;
  }

  private static String colour(List<String> labels) {
    if (labels.isEmpty()) {
      return "RED"; // a gap or a segment too short to judge
    }
    String l = labels.get(0);
    return COLOURS.getOrDefault(l.contains("-") ? l.substring(0, l.indexOf('-')) : l, "MAGENTA");
  }

  /** A URL for the source: itself when it is one, a file URL for an absolute path, else as is. */
  private static String targetUrl(String source) {
    if (source.contains("://")) {
      return source;
    }
    try {
      Path p = Path.of(source);
      return p.isAbsolute() ? p.toUri().toString() : source;
    } catch (RuntimeException e) {
      return source;
    }
  }
}
