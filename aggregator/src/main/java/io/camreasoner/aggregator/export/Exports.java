package io.camreasoner.aggregator.export;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * Writes a timeline in every export format but JSON (which is the caller's own document): JSON
 * Lines, CSV, CMX3600 EDL, OpenTimelineIO, WebVTT and FFmpeg chapters. The one place both {@code
 * analyze}/{@code reprocess} (files) and the aggregator's query API ({@code ?format=}) export
 * through, so the two always agree. Timecodes honour the source's frame rate (drop-frame at 29.97
 * and 59.94) and its start timecode when it has one ({@link Timecode}).
 */
public final class Exports {
  private Exports() {}

  /**
   * Writes {@code v} as {@code format}.
   *
   * @throws IllegalArgumentException for {@link ExportFormat#JSON}, which callers write themselves
   */
  public static void write(ExportFormat format, VideoTimeline v, Writer out) throws IOException {
    switch (format) {
      case JSONL -> JsonlExport.write(v, out);
      case CSV -> CsvExport.write(v, out);
      case EDL -> EdlExport.write(v, out);
      case OTIO -> OtioExport.write(v, out);
      case VTT -> VttExport.write(v, out);
      case CHAPTERS -> ChaptersExport.write(v, out);
      case JSON ->
          throw new IllegalArgumentException(
              "json is the caller's document (analyze's JSON, the API's answer)");
    }
    out.flush();
  }

  /** {@code v} as {@code format}, as a string. */
  public static String render(ExportFormat format, VideoTimeline v) {
    StringWriter out = new StringWriter();
    try {
      write(format, v, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringWriter does not fail
    }
    return out.toString();
  }
}
