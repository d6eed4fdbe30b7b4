package io.camreasoner.aggregator.export;

import io.camreasoner.schemas.avro.Segment;
import io.camreasoner.schemas.avro.ShotTimeline;
import java.io.IOException;
import java.io.Writer;
import java.util.Locale;

/**
 * The CMX3600 edit decision list: the source as one cut list, one event per shot, so an NLE (Avid,
 * Premiere, Resolve) imports the shots as cuts of the source. Each event is a video cut ({@code V
 * C}) from reel {@code AX} (the reel CMX3600 reserves for sources that are files) with source
 * in/out at the shot's first frame and the frame after its last in the source's timecode; the
 * record side is the same timecode, so the list is the programme itself. {@code * FROM CLIP NAME:}
 * and {@code * SOURCE FILE:} name the file for relinking, and one {@code * COMMENT:} per segment
 * gives its timecode, labels and confidence. {@code FCM:} says whether timecode is drop-frame (then
 * written with {@code ;} before the frames). Lines end with CRLF; event numbers have three digits
 * up to 999 and run on beyond.
 */
final class EdlExport {
  private EdlExport() {}

  /** The reel of a file-based source (CMX3600 "auxiliary"). */
  static final String REEL = "AX";

  /** Longest title CMX3600 readers take. */
  private static final int TITLE_MAX = 70;

  static void write(VideoTimeline v, Writer out) throws IOException {
    Timecode tc = v.timecode();
    String title = v.baseName();
    line(out, "TITLE: " + (title.length() > TITLE_MAX ? title.substring(0, TITLE_MAX) : title));
    line(out, "FCM: " + (tc.dropFrame() ? "DROP FRAME" : "NON-DROP FRAME"));
    line(out, "");
    String file = fileName(v.source());
    int event = 1;
    for (ShotTimeline t : v.shots()) {
      if (t.getEndFrame() <= t.getStartFrame()) {
        continue; // an empty shot (a stream that ended before any window) is no event
      }
      String in = tc.ofFrame(t.getStartFrame());
      String outTc = tc.ofFrame(t.getEndFrame());
      line(
          out,
          String.format(
              Locale.ROOT,
              "%03d  %-8s V     C        %s %s %s %s",
              event++,
              REEL,
              in,
              outTc,
              in,
              outTc));
      line(out, "* FROM CLIP NAME: " + file);
      line(out, "* SOURCE FILE: " + file);
      for (Segment s : t.getSegments()) {
        line(
            out,
            String.format(
                Locale.ROOT,
                "* COMMENT: %s-%s %s %.2f",
                tc.ofFrame(s.getStartFrame()),
                tc.ofFrame(s.getEndFrame()),
                s.getLabels().isEmpty()
                    ? "(" + Movements.labelsOf(s) + ": " + Movements.of(s) + ")"
                    : String.join("+", s.getLabels()).toUpperCase(Locale.ROOT),
                s.getConfidence()));
      }
      line(out, "");
    }
  }

  private static String fileName(String source) {
    String s = source.replace('\\', '/');
    String name = s.substring(s.lastIndexOf('/') + 1);
    return Movements.oneLine(name.isEmpty() ? source : name);
  }

  private static void line(Writer out, String text) throws IOException {
    out.write(text);
    out.write("\r\n");
  }
}
