package io.camreasoner.aggregator.export;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SMPTE timecode of a source's frames, for the exports that speak timecode (EDL, CSV, OTIO). A
 * source's frame rate picks the nominal rate (its rounded frame rate) and whether timecode is
 * drop-frame: 29.97 and 59.94 fps (30000/1001, 60000/1001) count drop-frame, as broadcast NTSC
 * timecode does, so that the timecode of a frame stays within a frame of the wall clock; every
 * other rate (23.976 included, as NLEs do) counts non-drop at its nominal rate. A start timecode
 * (the source's own, e.g. {@code 01:00:00:00} from a camera's or a master's timecode track) offsets
 * every frame; frame 0 is {@code 00:00:00:00} without one.
 *
 * <p>Drop-frame skips frame numbers 0 and 1 (0 to 3 at 59.94) at the start of every minute except
 * every tenth minute (SMPTE ST 12-1); its separator before the frames is {@code ;}.
 */
public final class Timecode {
  /** How close a frame rate must be to 30000/1001 or 60000/1001 to count drop-frame. */
  private static final double NTSC_TOLERANCE = 0.005;

  private static final Pattern TIMECODE =
      Pattern.compile("(\\d{1,2})[:.](\\d{2})[:.](\\d{2})([:;.,])(\\d{2,3})");

  private final double fps;
  private final int nominal;
  private final boolean dropFrame;
  private final long startFrames;

  private Timecode(double fps, int nominal, boolean dropFrame, long startFrames) {
    this.fps = fps;
    this.nominal = nominal;
    this.dropFrame = dropFrame;
    this.startFrames = startFrames;
  }

  /**
   * Timecode of a source of {@code fps} frames per second starting at {@code start}.
   *
   * @param start the source's start timecode ({@code HH:MM:SS:FF}, {@code ;FF} for drop-frame), or
   *     null/blank for {@code 00:00:00:00}
   * @throws IllegalArgumentException for a frame rate that is not positive or a malformed start
   */
  public static Timecode of(double fps, String start) {
    if (!(fps > 0) || Double.isInfinite(fps)) {
      throw new IllegalArgumentException("frame rate must be positive, got " + fps);
    }
    boolean drop = isDropFrameRate(fps);
    int nominal = Math.max(1, (int) Math.round(fps));
    Timecode zero = new Timecode(fps, nominal, drop, 0);
    return new Timecode(
        fps, nominal, drop, start == null || start.isBlank() ? 0 : zero.parse(start.strip()));
  }

  /** True for 29.97 and 59.94 fps (NTSC rates), which count drop-frame timecode. */
  public static boolean isDropFrameRate(double fps) {
    return Math.abs(fps - 30000.0 / 1001) < NTSC_TOLERANCE
        || Math.abs(fps - 60000.0 / 1001) < NTSC_TOLERANCE;
  }

  /** The source's frame rate. */
  public double fps() {
    return fps;
  }

  /** Frames per timecode second (the frame rate rounded: 30 for 29.97). */
  public int nominalRate() {
    return nominal;
  }

  /** True when this timecode counts drop-frame. */
  public boolean dropFrame() {
    return dropFrame;
  }

  /** The start timecode as a frame count (0 without a start timecode). */
  public long startFrames() {
    return startFrames;
  }

  /** The timecode of a 0-based source frame (start timecode applied), wrapping at 24 hours. */
  public String ofFrame(long sourceFrame) {
    return format(startFrames + sourceFrame);
  }

  /** The timecode of a frame count from 00:00:00:00 (no start applied), wrapping at 24 hours. */
  public String format(long count) {
    long day = framesPerDay();
    long n = ((count % day) + day) % day;
    if (dropFrame) {
      int drop = dropPerMinute();
      long perTenMinutes = nominal * 600L - 9L * drop;
      long perMinute = nominal * 60L - drop;
      long tens = n / perTenMinutes;
      long rest = n % perTenMinutes;
      n += 9L * drop * tens;
      if (rest > drop) {
        n += drop * ((rest - drop) / perMinute);
      }
    }
    long ff = n % nominal;
    long ss = (n / nominal) % 60;
    long mm = (n / (nominal * 60L)) % 60;
    long hh = n / (nominal * 3600L);
    return String.format(
        Locale.ROOT, "%02d:%02d:%02d%s%02d", hh, mm, ss, dropFrame ? ";" : ":", ff);
  }

  /**
   * The frame count of a timecode ({@code HH:MM:SS:FF}; {@code ;} or {@code ,} before the frames
   * marks drop-frame but this timecode's rate decides how it counts).
   *
   * @throws IllegalArgumentException for a malformed timecode, or one naming a frame that does not
   *     exist (a frame number at or above the nominal rate, a dropped drop-frame number)
   */
  public long parse(String timecode) {
    Matcher m = TIMECODE.matcher(timecode);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "not a timecode (HH:MM:SS:FF or HH:MM:SS;FF): '" + timecode + "'");
    }
    long hh = Long.parseLong(m.group(1));
    long mm = Long.parseLong(m.group(2));
    long ss = Long.parseLong(m.group(3));
    long ff = Long.parseLong(m.group(5));
    if (mm > 59 || ss > 59 || ff >= nominal || hh > 23) {
      throw new IllegalArgumentException(
          "timecode '" + timecode + "' is out of range at " + nominal + " frames per second");
    }
    long frames = ((hh * 60 + mm) * 60 + ss) * nominal + ff;
    if (dropFrame) {
      int drop = dropPerMinute();
      if (ss == 0 && ff < drop && mm % 10 != 0) {
        throw new IllegalArgumentException(
            "timecode '" + timecode + "' names a frame number drop-frame skips");
      }
      long minutes = hh * 60 + mm;
      frames -= drop * (minutes - minutes / 10);
    }
    return frames;
  }

  /** Frame numbers skipped at each minute in drop-frame (2 at 29.97, 4 at 59.94). */
  private int dropPerMinute() {
    return nominal / 15;
  }

  private long framesPerDay() {
    long nominalDay = nominal * 86_400L;
    return dropFrame ? nominalDay - dropPerMinute() * (24L * 60 - 24L * 6) : nominalDay;
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "%s fps %s from %s",
        fps,
        dropFrame ? "drop-frame" : "non-drop",
        format(startFrames));
  }
}
