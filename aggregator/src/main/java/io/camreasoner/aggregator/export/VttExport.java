package io.camreasoner.aggregator.export;

import io.camreasoner.schemas.avro.Segment;
import io.camreasoner.schemas.avro.ShotTimeline;
import java.io.IOException;
import java.io.Writer;
import java.util.Locale;

/**
 * WebVTT: one cue per segment whose text is the movement in words with its measured speed ({@code
 * pan left, 12°/s}; without speed cues just {@code pan left}; a gap says so), so any HTML5 player
 * ({@code <track kind="captions">}) or FFmpeg shows the camera movement under the video. Cue times
 * are the segment's frames over the frame rate (media time, not timecode); cue identifiers are
 * {@code shot-N-segment-M}; a {@code NOTE} names the source and producer. Empty segments are left
 * out (a cue must end after it starts).
 */
final class VttExport {
  private VttExport() {}

  static void write(VideoTimeline v, Writer out) throws IOException {
    double fps = v.rate();
    out.write("WEBVTT\n\n");
    out.write(
        "NOTE camreasoner: "
            + note(v.baseName())
            + ", stream "
            + note(v.streamId())
            + ", session "
            + v.session()
            + ", producer "
            + note(v.producer())
            + "\n\n");
    for (ShotTimeline t : v.shots()) {
      int n = 0;
      for (Segment s : t.getSegments()) {
        int index = n++;
        if (s.getEndFrame() <= s.getStartFrame()) {
          continue;
        }
        out.write("shot-" + t.getShotIndex() + "-segment-" + index + "\n");
        out.write(time(s.getStartFrame() / fps) + " --> " + time(s.getEndFrame() / fps) + "\n");
        out.write(escape(Movements.of(s)) + "\n\n");
      }
    }
  }

  /** A WebVTT timestamp {@code hh:mm:ss.ttt}. */
  static String time(double seconds) {
    long ms = Math.round(seconds * 1000);
    return String.format(
        Locale.ROOT,
        "%02d:%02d:%02d.%03d",
        ms / 3_600_000,
        (ms / 60_000) % 60,
        (ms / 1000) % 60,
        ms % 1000);
  }

  /** Cue text: the characters WebVTT gives meaning to escaped, on one line. */
  private static String escape(String text) {
    return Movements.oneLine(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  /** A NOTE must not contain "-->" nor line breaks. */
  private static String note(String text) {
    return Movements.oneLine(text).replace("-->", "->");
  }
}
