package io.camreasoner.aggregator.export;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The formats one timeline exports to, each with its file extension and media type. {@code json} is
 * the caller's own document ({@code analyze}'s JSON, the API's answer); every other format is
 * written by {@link Exports} from a {@link VideoTimeline}.
 */
public enum ExportFormat {
  /** The design.md JSON ({@code analyze --json}'s shape for one input; the API's own answer). */
  JSON("json", "json", "application/json"),
  /** One line of JSON per shot (the API's shot objects), for line-oriented tools. */
  JSONL("jsonl", "jsonl", "application/x-ndjson"),
  /** One row per segment, like PySceneDetect's scene list. */
  CSV("csv", "csv", "text/csv; charset=utf-8"),
  /** CMX3600 edit decision list: one event per shot. */
  EDL("edl", "edl", "text/plain; charset=utf-8"),
  /** OpenTimelineIO JSON: one clip per shot, a marker per movement segment. */
  OTIO("otio", "otio", "application/json"),
  /** WebVTT: one cue per segment naming the movement. */
  VTT("vtt", "vtt", "text/vtt; charset=utf-8"),
  /** FFmpeg metadata (ffmetadata) with one chapter per shot. */
  CHAPTERS("chapters", "chapters.txt", "text/plain; charset=utf-8");

  private final String id;
  private final String extension;
  private final String contentType;

  ExportFormat(String id, String extension, String contentType) {
    this.id = id;
    this.extension = extension;
    this.contentType = contentType;
  }

  /** The name users give ({@code --format}, {@code ?format=}). */
  public String id() {
    return id;
  }

  /** The file extension without the leading dot ({@code chapters.txt} for chapters). */
  public String extension() {
    return extension;
  }

  /** The HTTP content type. */
  public String contentType() {
    return contentType;
  }

  /** The file name of this export of a source with base name {@code base}. */
  public String fileName(String base) {
    return base + "." + extension;
  }

  /**
   * The format a user named (its id or its extension, any case).
   *
   * @throws IllegalArgumentException naming the formats there are
   */
  public static ExportFormat parse(String name) {
    String n = name.strip().toLowerCase(Locale.ROOT);
    for (ExportFormat f : values()) {
      if (f.id.equals(n) || f.extension.equals(n)) {
        return f;
      }
    }
    throw new IllegalArgumentException("unknown format '" + name + "'; formats are " + ids());
  }

  /** The formats of a comma-separated list, in order, each once. */
  public static List<ExportFormat> parseList(String list) {
    Set<ExportFormat> out = new LinkedHashSet<>();
    for (String part : list.split(",")) {
      if (!part.isBlank()) {
        out.add(parse(part));
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("no format given; formats are " + ids());
    }
    return new ArrayList<>(out);
  }

  /** Every format's id, comma-separated. */
  public static String ids() {
    return Arrays.stream(values()).map(ExportFormat::id).collect(Collectors.joining(","));
  }
}
