package io.camreasoner.aggregator.export;

import io.camreasoner.schemas.avro.ShotTimeline;
import java.io.IOException;
import java.io.Writer;

/**
 * FFmpeg's metadata file ({@code ;FFMETADATA1}) with one chapter per shot, titled with its number
 * and movements ({@code Shot 2: dolly in, then static}), times in milliseconds ({@code
 * TIMEBASE=1/1000}) from the shot's frames over the frame rate. {@code ffmpeg -i video -i
 * chapters.txt -map_metadata 1 -c copy out.mp4} writes them as chapters players show (MP4, MKV).
 * Values are escaped as the format asks ({@code = ; # \} and line breaks behind a backslash).
 */
final class ChaptersExport {
  private ChaptersExport() {}

  /** Milliseconds: the time base of every chapter. */
  static final int TIMEBASE_DENOMINATOR = 1000;

  static void write(VideoTimeline v, Writer out) throws IOException {
    double fps = v.rate();
    out.write(";FFMETADATA1\n");
    out.write("title=" + escape(v.baseName()) + "\n");
    out.write(
        "comment="
            + escape("camera movement by camreasoner (" + v.producer() + "), per shot")
            + "\n");
    for (ShotTimeline t : v.shots()) {
      long start = Math.round(t.getStartFrame() * TIMEBASE_DENOMINATOR / fps);
      long end = Math.round(t.getEndFrame() * TIMEBASE_DENOMINATOR / fps);
      if (end <= start) {
        continue;
      }
      out.write("\n[CHAPTER]\n");
      out.write("TIMEBASE=1/" + TIMEBASE_DENOMINATOR + "\n");
      out.write("START=" + start + "\n");
      out.write("END=" + end + "\n");
      out.write("title=" + escape(Movements.title(t)) + "\n");
    }
  }

  /** FFmpeg metadata escaping: '=', ';', '#', '\' and newlines behind a backslash. */
  static String escape(String value) {
    StringBuilder b = new StringBuilder();
    for (char c : value.toCharArray()) {
      if (c == '=' || c == ';' || c == '#' || c == '\\' || c == '\n') {
        b.append('\\');
      }
      if (c != '\r') {
        b.append(c);
      }
    }
    return b.toString();
  }
}
