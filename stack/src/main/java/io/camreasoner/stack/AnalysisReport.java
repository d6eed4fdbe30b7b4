package io.camreasoner.stack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.camreasoner.aggregator.api.TimelineJson;
import io.camreasoner.aggregator.curve.CurvePoint;
import io.camreasoner.aggregator.export.ExportFormat;
import io.camreasoner.aggregator.export.Exports;
import io.camreasoner.aggregator.export.Timecode;
import io.camreasoner.aggregator.export.VideoTimeline;
import io.camreasoner.ingest.pipeline.IngestResult;
import io.camreasoner.schemas.TransitionType;
import io.camreasoner.schemas.avro.ShotTimeline;
import io.camreasoner.schemas.avro.Transition;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The result of {@code analyze}: per input its shots and segments (the design.md JSON contract),
 * and the inputs that failed with their reason. Renders the human table and the JSON file.
 *
 * <p>A video's {@code transitions} are every transition ingest found (cut, dissolve, fade-out,
 * fade-in, each with its frames and seconds; a cut spans one frame); its {@code cuts} are the hard
 * cuts alone; its shots are the stretches between transitions.
 *
 * <p>Beyond the contract's fields, a video names its {@code session} and {@code producer} (what
 * produced the timeline), counts {@code skippedPackets} (undecodable packets the decoder skipped),
 * {@code reconnects} and {@code failedWindows}, and carries the {@code error} of an input that
 * failed after part of it was analysed (that input is also listed in {@code errors}). A segment
 * whose windows could not be reasoned about has no labels and a {@code gap} with the reason. A
 * video's {@code curves} are its motion curves, one {@link CurvePoint} per reasoned window.
 *
 * <p>{@link #writeExports} writes each input on its own, as {@code DIR/<input base name>.<ext>}:
 * the same JSON for that input alone, and the {@link Exports} of its timeline.
 */
public final class AnalysisReport {
  private static final Logger LOG = LoggerFactory.getLogger(AnalysisReport.class);
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * One input of the report: what ingest said, its timeline and its JSON entry (null when it failed
   * before any window).
   */
  private record Input(
      String source,
      IngestResult ingest,
      List<ShotTimeline> shots,
      String producer,
      Map<String, Object> video) {}

  /**
   * What became of one input.
   *
   * @param source the input as shown
   * @param ingest what ingest said, null when it failed before any window
   * @param shots its timeline's shots (empty when none)
   * @param producer what produced them, null when nothing did
   * @param errors its errors (failure, gaps), empty when it was analysed cleanly
   */
  public record Outcome(
      String source,
      IngestResult ingest,
      List<ShotTimeline> shots,
      String producer,
      List<String> errors) {
    /** True when the input was analysed without error. */
    public boolean ok() {
      return errors.isEmpty();
    }

    /** Segments over all shots. */
    public int segments() {
      return shots.stream().mapToInt(t -> t.getSegments().size()).sum();
    }
  }

  /** Every input of the report, in the order they were added. */
  public List<Outcome> outcomes() {
    List<Outcome> out = new ArrayList<>();
    for (Input in : inputs.values()) {
      List<String> reasons =
          errors.stream()
              .filter(e -> in.source().equals(e.get("source")))
              .map(e -> String.valueOf(e.get("error")))
              .toList();
      out.add(new Outcome(in.source(), in.ingest(), in.shots(), in.producer(), reasons));
    }
    return out;
  }

  private final List<Map<String, Object>> videos = new ArrayList<>();
  private final List<Map<String, Object>> errors = new ArrayList<>();
  private final Map<String, Input> inputs = new LinkedHashMap<>();

  /**
   * Adds an analysed input (also one that failed after part of it was analysed).
   *
   * @param producer what produced its timeline
   * @param curves its motion curves, a point per window ({@code curves} in the JSON)
   */
  public void video(
      IngestResult ingest, List<ShotTimeline> shots, String producer, List<CurvePoint> curves) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("source", ingest.source());
    v.put("streamId", ingest.streamId());
    v.put("session", ingest.session());
    v.put("producer", producer);
    v.put("fps", ingest.fps());
    v.put("frames", ingest.frames());
    v.put("durationSec", round(ingest.fps() > 0 ? ingest.frames() / ingest.fps() : 0));
    v.put("cuts", ingest.cuts());
    v.put("transitions", TimelineJson.transitions(transitions(ingest), ingest.fps()));
    v.put("skippedPackets", ingest.decodeErrors());
    v.put("reconnects", ingest.reconnects());
    v.put("failedWindows", shots.stream().mapToInt(ShotTimeline::getFailedWindows).sum());
    if (!ingest.ok()) {
      v.put("error", ingest.error());
    }
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
    v.put("curves", CurvePoint.toJson(curves));
    videos.add(v);
    inputs.put(ingest.source(), new Input(ingest.source(), ingest, shots, producer, v));
  }

  /** The transitions ingest found, in their message form. */
  private static List<Transition> transitions(IngestResult ingest) {
    return ingest.transitions().stream()
        .map(t -> new Transition(t.type().wire(), t.startFrame(), t.endFrame()))
        .toList();
  }

  /** Adds a failed input. */
  public void error(String source, String reason) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("source", source);
    e.put("error", reason);
    errors.add(e);
    inputs.putIfAbsent(source, new Input(source, null, List.of(), null, null));
  }

  public boolean hasErrors() {
    return !errors.isEmpty();
  }

  public void writeJson(Path file) throws IOException {
    writeJson(file, videos, errors);
  }

  private static void writeJson(
      Path file, List<Map<String, Object>> videos, List<Map<String, Object>> errors)
      throws IOException {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("videos", videos);
    root.put("errors", errors);
    JSON.writeValue(file.toFile(), root);
  }

  /**
   * Writes every input's exports into {@code dir} as {@code <input base name>.<ext>} (a base name
   * two inputs share gets the stream id appended): {@code json} is this report's JSON for that
   * input alone (its video and its errors); every other format is the {@link Exports} of its
   * timeline, written only for an input with shots. Returns the files written, in input order.
   *
   * @param startTimecodes each input's start timecode (by source), null where it has none
   */
  public List<Path> writeExports(
      Path dir, List<ExportFormat> formats, Function<String, String> startTimecodes)
      throws IOException {
    Map<String, String> names = uniqueBaseNames(List.copyOf(inputs.keySet()));
    return writeExports(dir, formats, startTimecodes, names::get);
  }

  /**
   * Each source's base name for exports ({@link VideoTimeline#baseName(String)}), unique over the
   * list: a name an earlier source took gets the source's stream id appended.
   */
  public static Map<String, String> uniqueBaseNames(List<String> sources) {
    Map<String, String> out = new LinkedHashMap<>();
    Set<String> taken = new HashSet<>();
    for (String source : sources) {
      String base = VideoTimeline.baseName(source);
      if (!taken.add(base)) {
        base = base + "-" + io.camreasoner.ingest.source.Sources.deriveId(source);
        taken.add(base);
      }
      out.put(source, base);
    }
    return out;
  }

  /**
   * As {@link #writeExports(Path, List, Function)}, with each source's base name given.
   *
   * @param baseNames each input's base name (by source)
   */
  public List<Path> writeExports(
      Path dir,
      List<ExportFormat> formats,
      Function<String, String> startTimecodes,
      Function<String, String> baseNames)
      throws IOException {
    Files.createDirectories(dir);
    List<Path> written = new ArrayList<>();
    for (Input in : inputs.values()) {
      String base = baseNames.apply(in.source());
      for (ExportFormat f : formats) {
        Path file = dir.resolve(f.fileName(base));
        if (f == ExportFormat.JSON) {
          writeJson(
              file,
              in.video() == null ? List.of() : List.of(in.video()),
              errors.stream().filter(e -> in.source().equals(e.get("source"))).toList());
          written.add(file);
        } else if (!in.shots().isEmpty()) {
          VideoTimeline v = video(in, startTimecodes.apply(in.source()));
          try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            Exports.write(f, v, out);
          }
          written.add(file);
        }
      }
    }
    return written;
  }

  /** The export input of one input; a start timecode the frame rate cannot count is left out. */
  private static VideoTimeline video(Input in, String startTimecode) {
    IngestResult r = in.ingest();
    double fps = r.fps() > 0 ? r.fps() : in.shots().get(0).getFps();
    String start = startTimecode;
    if (start != null && fps > 0) {
      try {
        Timecode.of(fps, start);
      } catch (IllegalArgumentException e) {
        LOG.warn("{}: ignoring its start timecode: {}", in.source(), e.getMessage());
        start = null;
      }
    }
    return new VideoTimeline(
        in.source(),
        r.streamId(),
        r.session(),
        in.producer(),
        fps,
        Math.max(r.frames(), in.shots().get(in.shots().size() - 1).getEndFrame()),
        r.cuts(),
        transitions(r),
        start,
        in.shots());
  }

  /** The human-readable table. */
  @SuppressWarnings("unchecked")
  public void printTable(PrintWriter out) {
    for (Map<String, Object> v : videos) {
      out.printf(
          "%n%s  (%.2f fps, %d frames, %.1f s, cuts %s%s%s)%n",
          v.get("source"),
          (double) v.get("fps"),
          (long) v.get("frames"),
          (double) v.get("durationSec"),
          v.get("cuts"),
          gradual(v),
          notes(v));
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
              what(seg),
              (double) seg.get("confidence"),
              seg.get("gap") != null
                  ? "gap: " + seg.get("gap")
                  : reason((String) seg.get("thinking")));
        }
      }
    }
    for (Map<String, Object> e : errors) {
      out.printf("%nFAILED %s: %s%n", e.get("source"), e.get("error"));
    }
    out.flush();
  }

  /** A segment's labels, or what it is instead: a gap, or its own answer (too short to judge). */
  @SuppressWarnings("unchecked")
  private static String what(Map<String, Object> seg) {
    List<String> labels = (List<String>) seg.get("labels");
    if (!labels.isEmpty()) {
      return String.join(" + ", labels);
    }
    return seg.get("gap") != null ? "(gap)" : "(" + seg.get("answer") + ")";
  }

  /** The gradual transitions of a video, e.g. {@code , dissolve 120-140, fade-out 230-250}. */
  @SuppressWarnings("unchecked")
  private static String gradual(Map<String, Object> v) {
    StringBuilder out = new StringBuilder();
    for (Map<String, Object> t : (List<Map<String, Object>>) v.get("transitions")) {
      if (!TransitionType.CUT.wire().equals(t.get("type"))) {
        out.append(", ")
            .append(t.get("type"))
            .append(' ')
            .append(t.get("startFrame"))
            .append('-')
            .append(t.get("endFrame"));
      }
    }
    return out.toString();
  }

  /** The counts worth a reader's attention: skipped packets, reconnects, failed windows. */
  private static String notes(Map<String, Object> v) {
    StringBuilder out = new StringBuilder();
    if ((long) v.get("skippedPackets") > 0) {
      out.append(", ").append(v.get("skippedPackets")).append(" packets skipped");
    }
    if ((int) v.get("reconnects") > 0) {
      out.append(", ").append(v.get("reconnects")).append(" reconnects");
    }
    if ((int) v.get("failedWindows") > 0) {
      out.append(", ").append(v.get("failedWindows")).append(" windows failed");
    }
    return out.toString();
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
