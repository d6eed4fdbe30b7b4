package io.camreasoner.aggregator.export;

import io.camreasoner.schemas.TransitionType;
import io.camreasoner.schemas.avro.Segment;
import io.camreasoner.schemas.avro.ShotTimeline;
import io.camreasoner.schemas.avro.Transition;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The CMX3600 edit decision list: the source as one cut list, one event per shot, so an NLE (Avid,
 * Premiere, Resolve) imports the shots as the source's edit. Each event is a video cut ({@code V
 * C}) from reel {@code AX} (the reel CMX3600 reserves for sources that are files) with source
 * in/out at the shot's first frame and the frame after its last in the source's timecode; the
 * record side is the same timecode, so the list is the programme itself. {@code * FROM CLIP NAME:}
 * and {@code * SOURCE FILE:} name the file for relinking, and one {@code * COMMENT:} per segment
 * gives its timecode, labels and confidence. {@code FCM:} says whether timecode is drop-frame (then
 * written with {@code ;} before the frames). Lines end with CRLF; event numbers have three digits
 * up to 999 and run on beyond.
 *
 * <p>A shot the source dissolves into is CMX3600's two-line event, both lines with one number: the
 * outgoing side as a cut held for no time at the dissolve's first frame, then the incoming side as
 * {@code D} with the dissolve's length in frames, from the dissolve's first frame to the shot's end
 * (source and record alike), with {@code * TO CLIP NAME:} after {@code * FROM CLIP NAME:}. Fades
 * dissolve to or from black, reel {@code BL} counted from 00:00:00:00: a fade-in is the same pair
 * with {@code BL} as the outgoing side; a fade-out an event of its own, the shot held for no time
 * at the fade's start, then {@code BL} dissolving in over the fade's frames (its black included).
 */
final class EdlExport {
  private EdlExport() {}

  /** The reel of a file-based source (CMX3600 "auxiliary"). */
  static final String REEL = "AX";

  /** The source CMX3600 reserves for black, which fades dissolve to and from. */
  static final String BLACK = "BL";

  /** Longest title CMX3600 readers take. */
  private static final int TITLE_MAX = 70;

  static void write(VideoTimeline v, Writer out) throws IOException {
    Timecode tc = v.timecode();
    String title = v.baseName();
    line(out, "TITLE: " + (title.length() > TITLE_MAX ? title.substring(0, TITLE_MAX) : title));
    line(out, "FCM: " + (tc.dropFrame() ? "DROP FRAME" : "NON-DROP FRAME"));
    line(out, "");
    String file = fileName(v.source());
    List<Transition> gradual = v.gradualTransitions();
    List<Transition> fadeOuts = new ArrayList<>(of(gradual, TransitionType.FADE_OUT));
    int event = 1;
    for (ShotTimeline t : v.shots()) {
      if (t.getEndFrame() <= t.getStartFrame()) {
        continue; // an empty shot (a stream that ended before any window) is no event
      }
      while (!fadeOuts.isEmpty() && fadeOuts.get(0).getStartFrame() < t.getStartFrame()) {
        event = fadeOut(out, tc, event, fadeOuts.remove(0), file);
      }
      Transition into = VideoTimeline.into(gradual, t.getStartFrame());
      String outTc = tc.ofFrame(t.getEndFrame());
      List<String> notes = new ArrayList<>();
      if (into == null) {
        String in = tc.ofFrame(t.getStartFrame());
        cut(out, event, REEL, in, outTc, in, outTc);
        notes.add("FROM CLIP NAME: " + file);
      } else {
        // the outgoing side held for no time at the transition's start, then the incoming one
        String at = tc.ofFrame(into.getStartFrame());
        boolean fadeIn = VideoTimeline.is(into, TransitionType.FADE_IN);
        if (fadeIn) {
          cut(out, event, BLACK, tc.format(0), tc.format(0), at, at);
        } else {
          cut(out, event, REEL, at, at, at, at);
          notes.add("FROM CLIP NAME: " + file);
        }
        dissolve(out, event, REEL, length(into), at, outTc, at, outTc);
        notes.add("TO CLIP NAME: " + file);
      }
      event++;
      notes.add("SOURCE FILE: " + file);
      for (String note : notes) {
        line(out, "* " + note);
      }
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
    for (Transition f : fadeOuts) {
      event = fadeOut(out, tc, event, f, file);
    }
  }

  /**
   * A fade to black: the outgoing source held for no time at the fade's start, then a dissolve to
   * black ({@link #BLACK}, counted from 00:00:00:00) over the fade's frames.
   *
   * @return the next event number
   */
  private static int fadeOut(Writer out, Timecode tc, int event, Transition f, String file)
      throws IOException {
    String at = tc.ofFrame(f.getStartFrame());
    cut(out, event, REEL, at, at, at, at);
    dissolve(
        out,
        event,
        BLACK,
        length(f),
        tc.format(0),
        tc.format(length(f)),
        at,
        tc.ofFrame(f.getEndFrame()));
    line(out, "* FROM CLIP NAME: " + file);
    line(out, "* SOURCE FILE: " + file);
    line(out, "");
    return event + 1;
  }

  private static List<Transition> of(List<Transition> transitions, TransitionType type) {
    return transitions.stream().filter(t -> VideoTimeline.is(t, type)).toList();
  }

  private static long length(Transition t) {
    return t.getEndFrame() - t.getStartFrame();
  }

  private static void cut(
      Writer out, int event, String reel, String srcIn, String srcOut, String recIn, String recOut)
      throws IOException {
    line(
        out,
        String.format(
            Locale.ROOT,
            "%03d  %-8s V     C        %s %s %s %s",
            event,
            reel,
            srcIn,
            srcOut,
            recIn,
            recOut));
  }

  private static void dissolve(
      Writer out,
      int event,
      String reel,
      long frames,
      String srcIn,
      String srcOut,
      String recIn,
      String recOut)
      throws IOException {
    line(
        out,
        String.format(
            Locale.ROOT,
            "%03d  %-8s V     D    %03d %s %s %s %s",
            event,
            reel,
            frames,
            srcIn,
            srcOut,
            recIn,
            recOut));
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
