package io.camreasoner.aggregator.export;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camreasoner.schemas.avro.Segment;
import io.camreasoner.schemas.avro.ShotTimeline;
import java.io.IOException;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * JSON Lines: one self-contained JSON object per segment (the CSV's rows with typed values: the
 * labels an array, the scores a map, absent speed cues null), so line-oriented tools (jq, pandas, a
 * warehouse loader) take a timeline one segment at a time.
 */
final class JsonlExport {
  private static final ObjectMapper JSON =
      new ObjectMapper().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

  private JsonlExport() {}

  static void write(VideoTimeline v, Writer out) throws IOException {
    Timecode tc = v.timecode();
    double fps = v.rate();
    for (ShotTimeline t : v.shots()) {
      int n = 0;
      for (Segment s : t.getSegments()) {
        SegmentCues c = SegmentCues.of(s);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", v.source());
        m.put("streamId", v.streamId());
        m.put("session", v.session());
        m.put("producer", v.producer());
        m.put("shot", t.getShotIndex());
        m.put("segment", n++);
        m.put("startFrame", s.getStartFrame());
        m.put("endFrame", s.getEndFrame());
        m.put("startTimecode", tc.ofFrame(s.getStartFrame()));
        m.put("endTimecode", tc.ofFrame(s.getEndFrame()));
        m.put("startSec", round(s.getStartFrame() / fps));
        m.put("endSec", round(s.getEndFrame() / fps));
        m.put("labels", s.getLabels());
        m.put("confidence", round(s.getConfidence()));
        Map<String, Double> scores = new TreeMap<>();
        s.getScores().forEach((k, x) -> scores.put(k, round(x)));
        m.put("scores", scores);
        m.put("cues", c);
        m.put("gap", s.getGap());
        m.put("observation", s.getObservation());
        m.put("thinking", s.getThinking());
        m.put("answer", s.getAnswer());
        out.write(JSON.writeValueAsString(m));
        out.write('\n');
      }
    }
  }

  private static double round(double x) {
    return Math.round(x * 1000.0) / 1000.0;
  }
}
