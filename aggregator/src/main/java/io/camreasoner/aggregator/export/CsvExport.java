package io.camreasoner.aggregator.export;

import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.camreasoner.schemas.avro.Segment;
import io.camreasoner.schemas.avro.ShotTimeline;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The CSV export: one row per segment, with a header row, in the manner of PySceneDetect's scene
 * list (start/end frame, timecode and seconds, length) plus what CamReasoner adds (stream, session,
 * producer, shot, labels, confidence, speed cues, gap, the O-T-A text). RFC 4180 (quoted where
 * needed, CRLF line ends), UTF-8, numbers with a decimal point whatever the locale, so a
 * spreadsheet or any CSV reader opens it. Frames are 0-based, the end frame exclusive (the start of
 * the next segment), as everywhere in CamReasoner; speed cue cells are empty when the segment
 * carries none.
 */
final class CsvExport {
  /** Quotes only the fields that need it (separator, quote, line break, edge spaces). */
  private static final CsvMapper CSV =
      CsvMapper.builder()
          .enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING)
          .disable(com.fasterxml.jackson.core.JsonGenerator.Feature.AUTO_CLOSE_TARGET)
          .build();

  private CsvExport() {}

  /** The header row, in column order. */
  static final List<String> COLUMNS =
      List.of(
          "Stream",
          "Session",
          "Producer",
          "Shot",
          "Segment",
          "Start Frame",
          "Start Timecode",
          "Start Time (seconds)",
          "End Frame",
          "End Timecode",
          "End Time (seconds)",
          "Length (frames)",
          "Length (seconds)",
          "Labels",
          "Confidence",
          "Pan (deg/s)",
          "Tilt (deg/s)",
          "Roll (deg/s)",
          "Zoom (factor/s)",
          "Translation (frame-widths/s)",
          "Moving Share",
          "Steadiness",
          "Gap",
          "Answer",
          "Observation",
          "Thinking");

  static void write(VideoTimeline v, Writer out) throws IOException {
    CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true).setLineSeparator("\r\n");
    COLUMNS.forEach(schema::addColumn);
    Timecode tc = v.timecode();
    double fps = v.rate();
    List<List<String>> rows = new ArrayList<>();
    for (ShotTimeline t : v.shots()) {
      int n = 0;
      for (Segment s : t.getSegments()) {
        SegmentCues c = SegmentCues.of(s);
        rows.add(
            List.of(
                v.streamId(),
                Long.toString(v.session()),
                v.producer(),
                Integer.toString(t.getShotIndex()),
                Integer.toString(n++),
                Long.toString(s.getStartFrame()),
                tc.ofFrame(s.getStartFrame()),
                seconds(s.getStartFrame() / fps),
                Long.toString(s.getEndFrame()),
                tc.ofFrame(s.getEndFrame()),
                seconds(s.getEndFrame() / fps),
                Long.toString(s.getEndFrame() - s.getStartFrame()),
                seconds((s.getEndFrame() - s.getStartFrame()) / fps),
                String.join("+", s.getLabels()),
                String.format(Locale.ROOT, "%.3f", s.getConfidence()),
                number(c.panDegPerSec(), "%.2f"),
                number(c.tiltDegPerSec(), "%.2f"),
                number(c.rollDegPerSec(), "%.2f"),
                number(c.zoomPerSec(), "%.4f"),
                number(c.translationSpeed(), "%.4f"),
                number(c.moverShare(), "%.3f"),
                c.steadiness() == null ? "" : c.steadiness(),
                s.getGap() == null ? "" : s.getGap(),
                s.getAnswer(),
                s.getObservation(),
                s.getThinking()));
      }
    }
    CSV.writer(schema.build()).writeValues(out).writeAll(rows).flush();
  }

  private static String seconds(double s) {
    return String.format(Locale.ROOT, "%.3f", s);
  }

  private static String number(Double v, String format) {
    return v == null ? "" : String.format(Locale.ROOT, format, v);
  }
}
