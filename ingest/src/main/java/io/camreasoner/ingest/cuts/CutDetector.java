package io.camreasoner.ingest.cuts;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/**
 * Decides, frame by frame, where hard cuts are. Frame {@code t} starts a new shot when its
 * signature is far from frame {@code t-1}'s: farther than an absolute floor and than a multiple of
 * the recent typical distance (median over the last frames of the shot), so busy shots raise the
 * bar and calm shots lower it. A flash is told from a cut by looking ahead: if one of the next
 * {@link #LOOKAHEAD} frames looks like frame {@code t-1} again, nothing was cut. Decisions are
 * therefore {@link #LOOKAHEAD} frames late.
 *
 * <p>Not thread-safe; one detector per stream.
 */
public final class CutDetector {
  /** Frames of look-ahead used to recognise flashes. */
  public static final int LOOKAHEAD = 2;

  /**
   * Tuning of the detector.
   *
   * @param minDistance absolute floor of a cut's histogram distance (0..1)
   * @param ratio a cut's distance must exceed this multiple of the recent median distance
   * @param history how many recent distances the median is taken over
   * @param minShotFrames no second cut within this many frames of the last one
   */
  public record Settings(double minDistance, double ratio, int history, int minShotFrames) {
    /** Defaults tuned on synthetic programmes (see CutDetectorTest). */
    public static Settings defaults() {
      return new Settings(0.45, 3.0, 24, 4);
    }
  }

  /** The decision for one frame: {@code cut} true when it is the first frame of a new shot. */
  public record Decision(long frameNumber, boolean cut) {}

  private record Entry(long frameNumber, FrameSignature signature) {}

  private final Settings settings;
  private final Deque<Entry> pending = new ArrayDeque<>();
  private final double[] recent;
  private int recentCount;
  private int recentNext;
  private Entry previous;
  private final Deque<Entry> before = new ArrayDeque<>();
  private long lastCut = Long.MIN_VALUE / 2;

  /** A detector with the given settings. */
  public CutDetector(Settings settings) {
    this.settings = settings;
    this.recent = new double[settings.history()];
  }

  /** Adds a frame; returns the decisions that became final (at most one). */
  public List<Decision> push(long frameNumber, FrameSignature signature) {
    pending.addLast(new Entry(frameNumber, signature));
    List<Decision> out = new ArrayList<>(1);
    if (pending.size() > LOOKAHEAD) {
      out.add(decide());
    }
    return out;
  }

  /** At the end of the stream: the decisions still pending. */
  public List<Decision> flush() {
    List<Decision> out = new ArrayList<>();
    while (!pending.isEmpty()) {
      out.add(decide());
    }
    return out;
  }

  private Decision decide() {
    Entry current = pending.removeFirst();
    if (previous == null) {
      previous = current;
      return new Decision(current.frameNumber(), false);
    }
    double d = current.signature().distance(previous.signature());
    boolean cut =
        d > settings.minDistance()
            && d > settings.ratio() * typical()
            && current.frameNumber() - lastCut >= settings.minShotFrames()
            && !isFlash(current, d);
    if (cut) {
      lastCut = current.frameNumber();
      recentCount = 0;
      recentNext = 0;
      before.clear();
    } else if (d <= settings.minDistance() || d <= settings.ratio() * typical()) {
      remember(d);
    }
    before.addFirst(previous);
    if (before.size() > LOOKAHEAD + 1) {
      before.removeLast();
    }
    previous = current;
    return new Decision(current.frameNumber(), cut);
  }

  /**
   * True when the jump is a flash, not a cut: a frame ahead returns close to the frame before the
   * jump, or the current frame is back close to a frame before the previous one.
   */
  private boolean isFlash(Entry current, double jump) {
    for (Entry ahead : pending) {
      if (ahead.signature().distance(previous.signature()) < jump * 0.5) {
        return true;
      }
    }
    for (Entry earlier : before) {
      if (current.signature().distance(earlier.signature()) < jump * 0.5) {
        return true;
      }
    }
    return false;
  }

  private double typical() {
    if (recentCount == 0) {
      return settings.minDistance() / settings.ratio();
    }
    double[] copy = Arrays.copyOf(recent, recentCount);
    Arrays.sort(copy);
    // a small floor keeps perfectly still synthetic shots from making every change a cut
    return Math.max(copy[copy.length / 2], 0.05);
  }

  private void remember(double d) {
    recent[recentNext] = d;
    recentNext = (recentNext + 1) % recent.length;
    recentCount = Math.min(recentCount + 1, recent.length);
  }
}
