package io.camreasoner.stack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.camreasoner.aggregator.api.TimelineJson;
import io.camreasoner.ingest.pipeline.IngestResult;
import io.camreasoner.schemas.avro.ShotTimeline;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The result of {@code analyze}: per input its shots and segments (the design.md JSON contract),
 * and the inputs that failed with their reason. Renders the human table and the JSON file.
 */
public final class AnalysisReport {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final List<Map<String, Object>> videos = new ArrayList<>();
  private final List<Map<String, Object>> errors = new ArrayList<>();

  /** Adds an analysed input. */
  public void video(IngestResult ingest, List<ShotTimeline> shots) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("source", ingest.source());
    v.put("streamId", ingest.streamId());
    v.put("fps", ingest.fps());
    v.put("frames", ingest.frames());
    v.put("durationSec", round(ingest.fps() > 0 ? ingest.frames() / ingest.fps() : 0));
    v.put("cuts", ingest.cuts());
    List<Map<String, Object>> shotMaps = new ArrayList<>();
    for (ShotTimeline t : shots) {
      Map<String, Object> full = TimelineJson.shot(t);
      Map<String, Object> s = new LinkedHashMap<>();
      for (String key :
          List.of("index", "startFrame", "endFrame", "startSec", "endSec", "segments")) {
        s.put(key, full.get(key));
      }
      shotMaps.add(s);
    }
    v.put("shots", shotMaps);
    videos.add(v);
  }

  /** Adds a failed input. */
  public void error(String source, String reason) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("source", source);
    e.put("error", reason);
    errors.add(e);
  }

  public boolean hasErrors() {
    return !errors.isEmpty();
  }

  public void writeJson(Path file) throws IOException {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("videos", videos);
    root.put("errors", errors);
    JSON.writeValue(file.toFile(), root);
  }

  /** The human-readable table. */
  @SuppressWarnings("unchecked")
  public void printTable(PrintWriter out) {
    for (Map<String, Object> v : videos) {
      out.printf(
          "%n%s  (%.2f fps, %d frames, %.1f s, cuts %s)%n",
          v.get("source"),
          (double) v.get("fps"),
          (long) v.get("frames"),
          (double) v.get("durationSec"),
          v.get("cuts"));
      for (Map<String, Object> s : (List<Map<String, Object>>) v.get("shots")) {
        out.printf(
            "  shot %-3s %7.2f-%7.2f s  frames %s-%s%n",
            s.get("index"),
            (double) s.get("startSec"),
            (double) s.get("endSec"),
            s.get("startFrame"),
            s.get("endFrame"));
        for (Map<String, Object> seg : (List<Map<String, Object>>) s.get("segments")) {
          out.printf(
              "    %7.2f-%7.2f s  %-26s %4.2f  %s%n",
              (double) seg.get("startSec"),
              (double) seg.get("endSec"),
              String.join(" + ", (List<String>) seg.get("labels")),
              (double) seg.get("confidence"),
              reason((String) seg.get("thinking")));
        }
      }
    }
    for (Map<String, Object> e : errors) {
      out.printf("%nFAILED %s: %s%n", e.get("source"), e.get("error"));
    }
    out.flush();
  }

  /** The first sentence of the reasoning, at most 90 characters. */
  static String reason(String thinking) {
    if (thinking == null || thinking.isBlank()) {
      return "";
    }
    String t = thinking.strip().replaceAll("\\s+", " ");
    int dot = t.indexOf(". ");
    if (dot > 0) {
      t = t.substring(0, dot + 1);
    }
    return t.length() > 90 ? t.substring(0, 87) + "..." : t;
  }

  private static double round(double v) {
    return Math.round(v * 1000.0) / 1000.0;
  }
}
