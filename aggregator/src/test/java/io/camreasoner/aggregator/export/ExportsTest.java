package io.camreasoner.aggregator.export;

import static io.camreasoner.aggregator.export.ExportFixtures.PRODUCER;
import static io.camreasoner.aggregator.export.ExportFixtures.SOURCE;
import static io.camreasoner.aggregator.export.ExportFixtures.TRICKY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camreasoner.schemas.avro.Segment;
import io.camreasoner.schemas.avro.ShotTimeline;
import io.camreasoner.schemas.avro.Transition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Each export read back by a reader written here from the format's specification (RFC 4180 CSV,
 * CMX3600, OpenTimelineIO's serialized schema), never by the code that wrote it.
 */
class ExportsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  // ------------------------------------------------------------------ CSV

  @Test
  void shouldWriteOneCsvRowPerSegmentWithTimecodesWhenExportingCsv() {
    String csv = Exports.render(ExportFormat.CSV, ExportFixtures.programme(25, "10:00:00:00"));

    List<List<String>> rows = Rfc4180.parse(csv);
    assertThat(rows.get(0)).containsExactlyElementsOf(CsvExport.COLUMNS);
    assertThat(rows).hasSize(1 + 5);
    Map<String, String> first = Rfc4180.row(rows, 1);
    assertThat(first)
        .containsEntry("Stream", "news-take-2-1f2e")
        .containsEntry("Producer", PRODUCER)
        .containsEntry("Shot", "0")
        .containsEntry("Segment", "0")
        .containsEntry("Start Frame", "0")
        .containsEntry("Start Timecode", "10:00:00:00")
        .containsEntry("End Frame", "48")
        .containsEntry("End Timecode", "10:00:01:23")
        .containsEntry("End Time (seconds)", "1.920")
        .containsEntry("Length (frames)", "48")
        .containsEntry("Labels", "pan-left")
        .containsEntry("Confidence", "0.930")
        .containsEntry("Pan (deg/s)", "")
        .containsEntry("Gap", "");
    assertThat(first.get("Observation")).isEqualTo("frames 0-48: " + TRICKY);
    assertThat(first.get("Thinking")).isEqualTo("because\nof " + TRICKY);
    assertThat(Rfc4180.row(rows, 2)).containsEntry("Labels", "pan-left+tilt-up");
    Map<String, String> gap = Rfc4180.row(rows, 4);
    assertThat(gap)
        .containsEntry("Shot", "2")
        .containsEntry("Labels", "")
        .containsEntry("Gap", "undecodable frames: broken JPEG")
        .containsEntry("Confidence", "0.000");
    assertThat(Rfc4180.row(rows, 5)).containsEntry("End Timecode", "10:00:10:00");
    assertThat(csv).startsWith("Stream,Session,Producer,Shot,Segment,Start Frame,Start Timecode,");
  }

  @Test
  void shouldFillTheSpeedColumnsWhenSegmentsCarrySpeedCues() {
    VideoTimeline v = ExportFixtures.programme(25, null);
    ShotTimeline shot = v.shots().get(0);
    List<Segment> segments = new ArrayList<>(shot.getSegments());
    segments.set(
        0,
        Segment.newBuilder(segments.get(0))
            .setSteadiness("handheld")
            .setPanDegPerSec(-12.4)
            .setMoverShare(0.05)
            .build());
    List<ShotTimeline> shots = new ArrayList<>(v.shots());
    shots.set(0, ShotTimeline.newBuilder(shot).setSegments(segments).build());
    VideoTimeline cued = VideoTimeline.of(shots, null);

    Map<String, String> row = Rfc4180.row(Rfc4180.parse(Exports.render(ExportFormat.CSV, cued)), 1);
    JsonNode line = readLines(Exports.render(ExportFormat.JSONL, cued)).get(0).get("cues");

    assertThat(row)
        .containsEntry("Pan (deg/s)", "-12.40")
        .containsEntry("Moving Share", "0.050")
        .containsEntry("Steadiness", "handheld")
        .containsEntry("Tilt (deg/s)", "");
    assertThat(line.get("panDegPerSec").asDouble()).isEqualTo(-12.4);
    assertThat(line.get("tiltDegPerSec").isNull()).isTrue();
    assertThat(line.get("steadiness").asText()).isEqualTo("handheld");
    assertThat(Movements.of(segments.get(0))).isEqualTo("pan left, 12°/s");
  }

  // ------------------------------------------------------------------ JSONL

  @Test
  void shouldWriteOneJsonLinePerSegmentWhenExportingJsonl() throws Exception {
    List<JsonNode> lines =
        readLines(Exports.render(ExportFormat.JSONL, ExportFixtures.programme(25, null)));

    assertThat(lines).hasSize(5);
    assertThat(lines.get(1).get("labels").toString()).isEqualTo("[\"pan-left\",\"tilt-up\"]");
    assertThat(lines.get(1).get("startTimecode").asText()).isEqualTo("00:00:01:23");
    assertThat(lines.get(3).get("gap").asText()).isEqualTo("undecodable frames: broken JPEG");
    assertThat(lines.get(4).get("producer").asText()).isEqualTo(PRODUCER);
    assertThat(lines.get(4).get("endSec").asDouble()).isEqualTo(10.0);
  }

  private static List<JsonNode> readLines(String jsonl) {
    List<JsonNode> out = new ArrayList<>();
    for (String line : jsonl.split("\n")) {
      try {
        out.add(JSON.readTree(line));
      } catch (Exception e) {
        throw new AssertionError("not one JSON object per line: " + line, e);
      }
    }
    return out;
  }

  // ------------------------------------------------------------------ EDL

  @Test
  void shouldWriteOneCmx3600EventPerShotWithSourceTimecodesWhenExportingEdl() {
    String edl = Exports.render(ExportFormat.EDL, ExportFixtures.programme(25, "01:00:00:00"));

    Cmx3600 list = Cmx3600.parse(edl, 25);
    assertThat(list.title()).isEqualTo("news__take__2");
    assertThat(list.dropFrame()).isFalse();
    assertThat(list.events()).hasSize(3);
    long hour = 25 * 3600;
    long[][] frames = {{0, 97}, {97, 153}, {153, 250}};
    for (int i = 0; i < 3; i++) {
      Cmx3600.Event e = list.events().get(i);
      assertThat(e.number()).isEqualTo(i + 1);
      assertThat(e.reel()).isEqualTo("AX");
      assertThat(e.track()).isEqualTo("V");
      assertThat(e.transition()).isEqualTo("C");
      assertThat(e.sourceIn()).isEqualTo(hour + frames[i][0]);
      assertThat(e.sourceOut()).isEqualTo(hour + frames[i][1]);
      assertThat(e.recordIn()).isEqualTo(e.sourceIn());
      assertThat(e.recordOut()).isEqualTo(e.sourceOut());
      assertThat(e.notes()).contains("FROM CLIP NAME: news, take #2.mp4");
    }
    assertThat(list.events().get(0).notes())
        .contains(
            "COMMENT: 01:00:00:00-01:00:01:23 PAN-LEFT 0.93",
            "COMMENT: 01:00:01:23-01:00:03:22 PAN-LEFT+TILT-UP 0.81");
    assertThat(list.events().get(2).notes().get(2))
        .startsWith("COMMENT: 01:00:06:03-01:00:06:20 (gap: no answer: undecodable frames");
  }

  @Test
  void shouldWriteDropFrameTimecodeWhenTheSourceRunsAt2997() {
    VideoTimeline v = ExportFixtures.programme(30000.0 / 1001, "00:59:59;28");
    String edl = Exports.render(ExportFormat.EDL, v);

    Cmx3600 list = Cmx3600.parse(edl, 30);
    assertThat(list.dropFrame()).isTrue();
    assertThat(edl).contains("00:59:59;28 01:00:03;05"); // frame 97 after 00:59:59;28 crosses 1 h
    long start = Cmx3600.frames("00:59:59;28", 30, true);
    assertThat(list.events().get(0).sourceIn()).isEqualTo(start);
    assertThat(list.events().get(0).sourceOut()).isEqualTo(start + 97);
    assertThat(list.events().get(2).sourceOut()).isEqualTo(start + 250);
  }

  @Test
  void shouldWriteDissolvesAndFadesAsTwoLineEventsWhenTheSourceHasGradualTransitions() {
    String edl = Exports.render(ExportFormat.EDL, ExportFixtures.transitions());

    assertThat(edl.lines().filter(l -> !l.isBlank() && Character.isDigit(l.charAt(0))).toList())
        .containsExactly(
            "001  AX       V     C        01:00:00:00 01:00:02:00 01:00:00:00 01:00:02:00",
            "002  AX       V     C        01:00:02:00 01:00:02:00 01:00:02:00 01:00:02:00",
            "002  AX       V     D    020 01:00:02:00 01:00:04:20 01:00:02:00 01:00:04:20",
            "003  AX       V     C        01:00:04:20 01:00:04:20 01:00:04:20 01:00:04:20",
            "003  BL       V     D    020 00:00:00:00 00:00:00:20 01:00:04:20 01:00:05:15",
            "004  BL       V     C        00:00:00:00 00:00:00:00 01:00:05:15 01:00:05:15",
            "004  AX       V     D    010 01:00:05:15 01:00:08:00 01:00:05:15 01:00:08:00",
            "005  AX       V     C        01:00:08:00 01:00:09:05 01:00:08:00 01:00:09:05",
            "006  AX       V     C        01:00:09:05 01:00:09:05 01:00:09:05 01:00:09:05",
            "006  BL       V     D    020 00:00:00:00 00:00:00:20 01:00:09:05 01:00:10:00");
    Cmx3600 list = Cmx3600.parse(edl, 25);
    long at = 25 * 3600;
    for (Cmx3600.Event e : list.events()) {
      // the record side runs on without a hole, each line as long on both sides
      assertThat(e.recordIn()).as("event %d", e.number()).isEqualTo(at);
      assertThat(e.sourceOut() - e.sourceIn()).isEqualTo(e.recordOut() - e.recordIn());
      at = e.recordOut();
    }
    assertThat(at).isEqualTo(25 * 3600 + 250);
    String file = "news, take #2.mp4";
    assertThat(list.events().get(1).notes()).isEmpty();
    assertThat(list.events().get(2).notes())
        .containsExactly(
            "FROM CLIP NAME: " + file,
            "TO CLIP NAME: " + file,
            "SOURCE FILE: " + file,
            "COMMENT: 01:00:02:20-01:00:04:20 STATIC 0.90");
    assertThat(list.events().get(4).notes())
        .containsExactly("FROM CLIP NAME: " + file, "SOURCE FILE: " + file);
    assertThat(list.events().get(6).notes())
        .containsExactly(
            "TO CLIP NAME: " + file,
            "SOURCE FILE: " + file,
            "COMMENT: 01:00:06:00-01:00:08:00 ZOOM-IN 0.90");
  }

  @Test
  void shouldWriteTheCutListOfTodayWhenTheOnlyTransitionsAreCuts() {
    VideoTimeline plain = ExportFixtures.programme(25, "01:00:00:00");
    VideoTimeline cuts =
        new VideoTimeline(
            plain.source(),
            plain.streamId(),
            plain.session(),
            plain.producer(),
            plain.fps(),
            plain.frames(),
            plain.cuts(),
            List.of(new Transition("cut", 97L, 98L), new Transition("cut", 153L, 154L)),
            plain.startTimecode(),
            plain.shots());

    for (ExportFormat f : List.of(ExportFormat.EDL, ExportFormat.OTIO)) {
      assertThat(Exports.render(f, cuts)).as(f.name()).isEqualTo(Exports.render(f, plain));
    }
    assertThat(Exports.render(ExportFormat.OTIO, cuts)).doesNotContain("Transition.1");
  }

  /** A CMX3600 reader after the format's description: header, event lines, notes. */
  record Cmx3600(String title, boolean dropFrame, List<Event> events) {
    record Event(
        int number,
        String reel,
        String track,
        String transition,
        long sourceIn,
        long sourceOut,
        long recordIn,
        long recordOut,
        List<String> notes) {}

    private static final Pattern EVENT =
        Pattern.compile(
            "^(\\d{3,})\\s+(\\S{1,8})\\s+(V|A|A2|AA|B|AA/V)\\s+(C|D|W\\d{3}|K[BO]?)\\s+(?:\\d{3}\\s+)?"
                + "(\\d\\d[:;]\\d\\d[:;]\\d\\d[:;]\\d\\d) (\\d\\d[:;]\\d\\d[:;]\\d\\d[:;]\\d\\d) "
                + "(\\d\\d[:;]\\d\\d[:;]\\d\\d[:;]\\d\\d) (\\d\\d[:;]\\d\\d[:;]\\d\\d[:;]\\d\\d)$");

    static Cmx3600 parse(String text, int nominal) {
      String title = null;
      Boolean drop = null;
      List<Event> events = new ArrayList<>();
      List<String> notes = null;
      for (String line : text.split("\r\n", -1)) {
        if (line.startsWith("TITLE:")) {
          title = line.substring(6).strip();
        } else if (line.startsWith("FCM:")) {
          drop = line.substring(4).strip().equals("DROP FRAME");
        } else if (line.startsWith("*")) {
          notes.add(line.substring(1).strip());
        } else if (!line.isBlank()) {
          Matcher m = EVENT.matcher(line);
          assertThat(m.matches()).as("an event line: '%s'", line).isTrue();
          notes = new ArrayList<>();
          events.add(
              new Event(
                  Integer.parseInt(m.group(1)),
                  m.group(2),
                  m.group(3),
                  m.group(4),
                  frames(m.group(5), nominal, drop),
                  frames(m.group(6), nominal, drop),
                  frames(m.group(7), nominal, drop),
                  frames(m.group(8), nominal, drop),
                  notes));
        }
      }
      assertThat(title).as("TITLE").isNotNull();
      assertThat(drop).as("FCM").isNotNull();
      return new Cmx3600(title, drop, events);
    }

    /** SMPTE timecode to a frame count; drop-frame leaves out 2 numbers a minute but each 10th. */
    static long frames(String tc, int nominal, boolean drop) {
      String[] p = tc.split("[:;]");
      long hh = Long.parseLong(p[0]);
      long mm = Long.parseLong(p[1]);
      long ss = Long.parseLong(p[2]);
      long ff = Long.parseLong(p[3]);
      long count = ((hh * 60 + mm) * 60 + ss) * nominal + ff;
      if (drop) {
        long minutes = hh * 60 + mm;
        count -= (nominal / 15) * (minutes - minutes / 10);
      }
      return count;
    }
  }

  // ------------------------------------------------------------------ OTIO

  /** OpenTimelineIO's serialized schema: each schema name and version with its fields. */
  private static final Map<String, List<String>> OTIO_FIELDS =
      Map.of(
          "Timeline.1", List.of("name", "metadata", "global_start_time", "tracks"),
          "Stack.1",
              List.of(
                  "name", "metadata", "source_range", "effects", "markers", "enabled", "children"),
          "Track.1",
              List.of(
                  "name",
                  "metadata",
                  "source_range",
                  "effects",
                  "markers",
                  "enabled",
                  "kind",
                  "children"),
          "Clip.2",
              List.of(
                  "name",
                  "metadata",
                  "source_range",
                  "effects",
                  "markers",
                  "enabled",
                  "media_references",
                  "active_media_reference_key"),
          "Gap.1", List.of("name", "metadata", "source_range", "effects", "markers", "enabled"),
          "Transition.1", List.of("name", "metadata", "in_offset", "out_offset", "transition_type"),
          "ExternalReference.1",
              List.of(
                  "name", "metadata", "target_url", "available_range", "available_image_bounds"),
          "Marker.2", List.of("name", "metadata", "color", "marked_range", "comment"),
          "TimeRange.1", List.of("start_time", "duration"),
          "RationalTime.1", List.of("rate", "value"));

  private static final List<String> MARKER_COLOURS =
      List.of(
          "PINK", "RED", "ORANGE", "YELLOW", "GREEN", "CYAN", "BLUE", "PURPLE", "MAGENTA", "BLACK",
          "WHITE");

  @Test
  void shouldWriteAClipPerShotAndAMarkerPerSegmentWhenExportingOtio() throws Exception {
    double fps = 30000.0 / 1001;
    JsonNode timeline =
        JSON.readTree(
            Exports.render(ExportFormat.OTIO, ExportFixtures.programme(fps, "01:00:00;00")));

    validate(timeline, "Timeline.1");
    long start = 107892; // 01:00:00;00 at 29.97 drop-frame
    assertThat(frames(timeline.get("global_start_time"), fps)).isEqualTo(start);
    JsonNode meta = timeline.get("metadata").get("camreasoner");
    assertThat(meta.get("producer").asText()).isEqualTo(PRODUCER);
    assertThat(meta.get("source").asText()).isEqualTo(SOURCE);
    JsonNode tracks = timeline.get("tracks");
    assertThat(tracks.get("OTIO_SCHEMA").asText()).isEqualTo("Stack.1");
    JsonNode track = tracks.get("children").get(0);
    assertThat(track.get("OTIO_SCHEMA").asText()).isEqualTo("Track.1");
    assertThat(track.get("kind").asText()).isEqualTo("Video");
    JsonNode clips = track.get("children");
    assertThat(clips).hasSize(3);
    long[][] frames = {{0, 97}, {97, 153}, {153, 250}};
    for (int i = 0; i < 3; i++) {
      JsonNode clip = clips.get(i);
      assertThat(clip.get("OTIO_SCHEMA").asText()).isEqualTo("Clip.2");
      assertThat(frames(clip.get("source_range").get("start_time"), fps))
          .isEqualTo(start + frames[i][0]);
      assertThat(frames(clip.get("source_range").get("duration"), fps))
          .isEqualTo(frames[i][1] - frames[i][0]);
      String key = clip.get("active_media_reference_key").asText();
      JsonNode ref = clip.get("media_references").get(key);
      assertThat(ref.get("OTIO_SCHEMA").asText()).isEqualTo("ExternalReference.1");
      assertThat(ref.get("target_url").asText())
          .isEqualTo("file:///media/library/news,%20take%20%232.mp4");
      assertThat(frames(ref.get("available_range").get("duration"), fps)).isEqualTo(250);
    }
    JsonNode markers = clips.get(0).get("markers");
    assertThat(markers).hasSize(2);
    assertThat(markers.get(1).get("name").asText()).isEqualTo("pan left + tilt up");
    assertThat(frames(markers.get(1).get("marked_range").get("start_time"), fps))
        .isEqualTo(start + 48);
    assertThat(frames(markers.get(1).get("marked_range").get("duration"), fps)).isEqualTo(49);
    JsonNode ota = markers.get(1).get("metadata").get("camreasoner");
    assertThat(ota.get("observation").asText()).isEqualTo("frames 48-97: " + TRICKY);
    assertThat(ota.get("thinking").asText()).isEqualTo("because\nof " + TRICKY);
    assertThat(ota.get("answer").asText()).isEqualTo("pan-left, tilt-up");
    assertThat(ota.get("labels").toString()).isEqualTo("[\"pan-left\",\"tilt-up\"]");
    JsonNode gap = clips.get(2).get("markers").get(0);
    assertThat(gap.get("color").asText()).isEqualTo("RED");
    assertThat(gap.get("metadata").get("camreasoner").get("gap").asText())
        .isEqualTo("undecodable frames: broken JPEG");
    assertThat(clips.get(0).get("name").asText())
        .isEqualTo("Shot 1: pan left, then pan left + tilt up");
  }

  @Test
  void shouldPutCentredTransitionsBetweenTheItemsWhenExportingOtioWithDissolvesAndFades()
      throws Exception {
    JsonNode timeline =
        JSON.readTree(Exports.render(ExportFormat.OTIO, ExportFixtures.transitions()));

    validate(timeline, "Timeline.1");
    JsonNode items = timeline.at("/tracks/children/0/children");
    List<String> schemas = new ArrayList<>();
    items.forEach(i -> schemas.add(i.get("OTIO_SCHEMA").asText()));
    assertThat(schemas)
        .containsExactly(
            "Clip.2",
            "Transition.1",
            "Clip.2",
            "Transition.1",
            "Gap.1",
            "Transition.1",
            "Clip.2",
            "Clip.2",
            "Transition.1",
            "Gap.1");
    long hour = 25 * 3600;
    // each transition's middle frame is the edit: dissolve 50-70 at 60, fade-out 120-140 at 130,
    // fade-in 140-150 at 145, the last fade-out 230-250 at 240; the gaps are the black
    long[][] ranges = {{0, 60}, {60, 130}, {0, 15}, {145, 200}, {200, 240}, {0, 10}};
    long[][] offsets = {{10, 10}, {10, 10}, {5, 5}, {10, 10}};
    String[] types = {"dissolve", "fade-out", "fade-in", "fade-out"};
    long[][] spans = {{50, 70}, {120, 140}, {140, 150}, {230, 250}};
    int item = 0;
    int transition = 0;
    long length = 0;
    for (int i = 0; i < items.size(); i++) {
      JsonNode n = items.get(i);
      if (n.get("OTIO_SCHEMA").asText().equals("Transition.1")) {
        assertThat(n.get("name").asText()).isEqualTo(types[transition]);
        assertThat(n.get("transition_type").asText()).isEqualTo("SMPTE_Dissolve");
        long in = frames(n.get("in_offset"), 25);
        long out = frames(n.get("out_offset"), 25);
        assertThat(new long[] {in, out}).containsExactly(offsets[transition]);
        JsonNode meta = n.get("metadata").get("camreasoner");
        assertThat(meta.get("startFrame").asLong()).isEqualTo(spans[transition][0]);
        assertThat(meta.get("endFrame").asLong()).isEqualTo(spans[transition][1]);
        // OpenTimelineIO's rules: between two items, within each of them
        assertThat(i).isBetween(1, items.size() - 2);
        JsonNode before = items.get(i - 1);
        JsonNode after = items.get(i + 1);
        assertThat(before.get("OTIO_SCHEMA").asText()).isNotEqualTo("Transition.1");
        assertThat(after.get("OTIO_SCHEMA").asText()).isNotEqualTo("Transition.1");
        assertThat(in).isLessThanOrEqualTo(frames(before.at("/source_range/duration"), 25));
        assertThat(out).isLessThanOrEqualTo(frames(after.at("/source_range/duration"), 25));
        transition++;
        continue;
      }
      long start = frames(n.at("/source_range/start_time"), 25);
      long duration = frames(n.at("/source_range/duration"), 25);
      boolean clip = n.get("OTIO_SCHEMA").asText().equals("Clip.2");
      assertThat(start).isEqualTo((clip ? hour : 0) + ranges[item][0]);
      assertThat(duration).isEqualTo(ranges[item][1] - ranges[item][0]);
      length += duration;
      item++;
    }
    assertThat(length).as("the track is as long as the source").isEqualTo(250);
    // a clip's CamReasoner data keep its shot's own frames
    JsonNode shot1 = items.get(2).get("metadata").get("camreasoner");
    assertThat(shot1.get("startFrame").asLong()).isEqualTo(70);
    assertThat(shot1.get("endFrame").asLong()).isEqualTo(120);
  }

  /** Every object with an OTIO_SCHEMA is a known schema version with all of its fields. */
  private static void validate(JsonNode node, String expected) {
    String schema = node.get("OTIO_SCHEMA").asText();
    assertThat(schema).isEqualTo(expected);
    assertThat(OTIO_FIELDS).containsKey(schema);
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    assertThat(names).as(schema).containsAll(OTIO_FIELDS.get(schema));
    switch (schema) {
      case "Timeline.1" -> {
        validate(node.get("global_start_time"), "RationalTime.1");
        validate(node.get("tracks"), "Stack.1");
      }
      case "Stack.1" -> node.get("children").forEach(c -> validate(c, "Track.1"));
      case "Track.1" -> {
        assertThat(node.get("kind").asText()).isIn("Video", "Audio");
        node.get("children")
            .forEach(
                c ->
                    validate(
                        c,
                        switch (c.get("OTIO_SCHEMA").asText()) {
                          case "Gap.1", "Transition.1" -> c.get("OTIO_SCHEMA").asText();
                          default -> "Clip.2";
                        }));
      }
      case "Clip.2" -> {
        validate(node.get("source_range"), "TimeRange.1");
        JsonNode refs = node.get("media_references");
        assertThat(refs.has(node.get("active_media_reference_key").asText())).isTrue();
        refs.forEach(r -> validate(r, "ExternalReference.1"));
        node.get("markers").forEach(m -> validate(m, "Marker.2"));
      }
      case "Gap.1" -> validate(node.get("source_range"), "TimeRange.1");
      case "Transition.1" -> {
        assertThat(node.get("transition_type").asText()).isIn("SMPTE_Dissolve", "SMPTE_Wipe");
        validate(node.get("in_offset"), "RationalTime.1");
        validate(node.get("out_offset"), "RationalTime.1");
      }
      case "ExternalReference.1" -> {
        if (!node.get("available_range").isNull()) {
          validate(node.get("available_range"), "TimeRange.1");
        }
      }
      case "Marker.2" -> {
        assertThat(node.get("color").asText()).isIn(MARKER_COLOURS);
        validate(node.get("marked_range"), "TimeRange.1");
      }
      case "TimeRange.1" -> {
        validate(node.get("start_time"), "RationalTime.1");
        validate(node.get("duration"), "RationalTime.1");
      }
      case "RationalTime.1" -> {
        assertThat(node.get("rate").isNumber()).isTrue();
        assertThat(node.get("value").isNumber()).isTrue();
      }
      default -> throw new AssertionError("unexpected " + schema);
    }
    node.get("metadata");
  }

  /** A RationalTime at the video's rate, as a frame count. */
  private static long frames(JsonNode rationalTime, double fps) {
    assertThat(rationalTime.get("rate").asDouble()).isEqualTo(fps);
    return Math.round(rationalTime.get("value").asDouble());
  }

  // ------------------------------------------------------------------ formats

  @Test
  void shouldNameEachFormatsFileAndRefuseUnknownFormats() {
    assertThat(ExportFormat.parseList("csv, EDL,otio,vtt,chapters,csv"))
        .containsExactly(
            ExportFormat.CSV,
            ExportFormat.EDL,
            ExportFormat.OTIO,
            ExportFormat.VTT,
            ExportFormat.CHAPTERS);
    assertThat(ExportFormat.CHAPTERS.fileName("a")).isEqualTo("a.chapters.txt");
    assertThat(ExportFormat.parse("chapters.txt")).isEqualTo(ExportFormat.CHAPTERS);
    assertThat(VideoTimeline.baseName("clips/news take.mp4")).isEqualTo("news_take");
    assertThat(VideoTimeline.baseName("https://cdn.example/live/index.m3u8")).isEqualTo("index");
    assertThat(VideoTimeline.baseName("rtsp://camera-1")).isEqualTo("camera-1");
    assertThatThrownBy(() -> ExportFormat.parse("xml"))
        .hasMessage("unknown format 'xml'; formats are json,jsonl,csv,edl,otio,vtt,chapters");
    assertThatThrownBy(() -> Exports.render(ExportFormat.JSON, ExportFixtures.programme(25, null)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** RFC 4180: fields separated by commas, quoted with doubled quotes, records by CRLF. */
  static final class Rfc4180 {
    static List<List<String>> parse(String text) {
      List<List<String>> rows = new ArrayList<>();
      List<String> row = new ArrayList<>();
      StringBuilder field = new StringBuilder();
      boolean quoted = false;
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (quoted) {
          if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
            field.append('"');
            i++;
          } else if (c == '"') {
            quoted = false;
          } else {
            field.append(c);
          }
        } else if (c == '"') {
          quoted = true;
        } else if (c == ',') {
          row.add(field.toString());
          field.setLength(0);
        } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
          row.add(field.toString());
          field.setLength(0);
          rows.add(row);
          row = new ArrayList<>();
          i++;
        } else {
          field.append(c);
        }
      }
      assertThat(quoted).as("unterminated quote").isFalse();
      assertThat(field.length() == 0 && row.isEmpty()).as("last record ends with CRLF").isTrue();
      int width = rows.get(0).size();
      assertThat(rows).allSatisfy(r -> assertThat(r).hasSize(width));
      return rows;
    }

    static Map<String, String> row(List<List<String>> rows, int i) {
      Map<String, String> m = new java.util.LinkedHashMap<>();
      for (int c = 0; c < rows.get(0).size(); c++) {
        m.put(rows.get(0).get(c), rows.get(i).get(c));
      }
      return m;
    }
  }
}
