package io.camreasoner.ingest.cuts;

import io.camreasoner.schemas.TransitionType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Decides, frame by frame, where shots give way to each other: hard cuts, dissolves, fades to black
 * and fades from black (design.md's transitions). Each frame is decided {@link #DELAY} frames late,
 * once the frames a transition starting there could span have been seen; the decision says whether
 * the frame starts a shot, lies in a shot, or belongs to a gradual transition (whose frames belong
 * to no shot).
 *
 * <p>The tests, in the order they are tried on a frame:
 *
 * <ul>
 *   <li><b>Fade-out</b>: the luma level falls by at least a step every frame from this frame on
 *       until the picture is black, within {@link #MAX_FADE_RAMP} frames; the black that follows
 *       belongs to the fade-out.
 *   <li><b>Fade-in</b>: after black (or at the start of the stream) the level rises by at least a
 *       step every frame for at least {@link #MIN_FADE_RAMP} frames and then holds; after a cut to
 *       black the fade-in spans the black too.
 *   <li><b>Dissolve</b>: a seed of {@link #DISSOLVE_SEED} frames in the next {@link #MAX_DISSOLVE}
 *       is, on a coarse raw-luma thumbnail, the linear cross-fade of the frame before and the frame
 *       after it (residual under {@link #DISSOLVE_MAX_RESIDUAL} of the change); the dissolve is the
 *       run of frames around the seed that step the seed's way, it must start at this frame, its
 *       ends must differ as different shots do and the whole run must still be a loose cross-fade
 *       of its ends, with no frame pair that jumps like a cut ({@link #DISSOLVE_MAX_JUMP}) and
 *       without a still tail ({@link #DISSOLVE_TAIL_SHARE}). Both the cross-fade and the steps are
 *       motion-compensated: the ends are moved along the global motion (a sub-pixel translation per
 *       frame, {@link FrameSignature#motionSince}) to each frame they are blended for, and a step
 *       is a frame's change from the frame before moved by that motion, so a shot's own pan neither
 *       masks the blend nor passes for a step towards the other shot.
 *   <li><b>Cut</b>: the motion-compensated structural residual ({@link FrameSignature#distance}) to
 *       the previous frame is far above the shot's typical one, and either above an absolute floor
 *       (the histogram-like test of pictures that change entirely) or a sharp isolated peak against
 *       both neighbouring frame pairs (the structural test that finds cuts between similar-looking
 *       shots of one palette); never when a frame of the next two looks like the frame before again
 *       (a flash), nor within {@code minShotFrames} of the previous cut. A whip pan or a large
 *       mover raises the residual of every frame pair alike, so it is no peak.
 * </ul>
 *
 * <p>Not thread-safe; one detector per stream.
 */
public final class TransitionDetector {

  /**
   * Frames every decision waits for: a dissolve spans at most {@link #MAX_DISSOLVE} frames and is
   * confirmed by the frames after it; a fade ramp is shorter.
   */
  public static final int DELAY = 48;

  /**
   * A jump is a flash when a frame on the far side of it is closer to the frame on the near side
   * than this share of its distance to the jump's frame: after a cut it is 3-10 times farther.
   */
  static final double FLASH_RETURN = 0.8;

  /** Frames of look-ahead used to recognise flashes (a frame that looks like before again). */
  static final int FLASH_LOOKAHEAD = 2;

  /**
   * Mean luma (0..255) under which a picture with little spread is black: encoded black decodes to
   * 0-4, the darkest synthetic scenes and real night shots keep a mean above 30.
   */
  static final double DARK_MEAN = 20;

  /**
   * Luma spread (standard deviation) under which a picture with a mean below {@link #DARK_MEAN} is
   * black; a dark scene still has contrast above it.
   */
  static final double DARK_SPREAD = 8;

  /** Mean luma under which a picture is black whatever its spread (the last frames of a fade). */
  static final double NEAR_BLACK_MEAN = 6;

  /**
   * Smallest per-frame change of the mean luma in a fade, as a share of the level faded from or to:
   * a linear fade of n frames changes it by 1/n a frame (4 % for the longest fades drawn, 25
   * frames), while a shot's own motion changes it by well under 1.5 % a frame.
   */
  static final double FADE_STEP = 0.015;

  /** Smallest per-frame change of the mean luma in a fade in absolute levels (above noise). */
  static final double FADE_STEP_ABS = 1.0;

  /** Fewest frames of a fade-in's brightening ramp: shorter, it is a cut out of black. */
  static final int MIN_FADE_RAMP = 3;

  /** Most frames of a fade's ramp looked for (1.6 s at 25 fps, longer than any drawn). */
  static final int MAX_FADE_RAMP = 40;

  /**
   * Highest level a fade-in may start at, as a share of the level it reaches: it rises from black
   * (or, at the start of a stream, from near black).
   */
  static final double FADE_IN_START_MAX = 0.35;

  /** Fewest blended frames of a dissolve looked for (shorter ones read as cuts). */
  static final int MIN_DISSOLVE = 4;

  /** Most blended frames of a dissolve looked for (1.6 s at 25 fps; drawn ones are 8-30). */
  static final int MAX_DISSOLVE = 40;

  /**
   * Frames of a dissolve's seed: a run this long that is the cross-fade of its ends is where a
   * dissolve is looked for (long runs of moving shots are no straight blend of their ends, short
   * runs inside any dissolve are).
   */
  static final int DISSOLVE_SEED = 6;

  /**
   * Least step towards the seed's direction, as a share of the seed's mean step, for a frame to be
   * part of the dissolve: a cross-fade steps evenly (share 1), a shot's own motion projects onto
   * the direction at a tenth of it or less.
   */
  static final double DISSOLVE_STEP_SHARE = 0.25;

  /**
   * Times the run around a seed is grown: the first from the seed's own direction of change, the
   * next from the direction of the whole run found so far (steadier over a long dissolve whose
   * shots move). A second round found 30 of 42 dissolves between moving shots within two frames (3
   * found off) where one found 23 (10 off) on rendered 320x180 programmes; a third added nothing
   * then, but once the steps were motion-compensated it took bench ingest's dissolves (seed 9001)
   * from 17 to 18 of 21 within two frames and from 1 found off to none.
   */
  static final int DISSOLVE_ROUNDS = 3;

  /**
   * Best-fitting seeds tried, in order of fit: the best fitting run may be a smooth camera move
   * beside the dissolve rather than inside it.
   */
  static final int DISSOLVE_SEEDS_TRIED = 3;

  /**
   * Least structural distance ({@link FrameSignature#distance}) between the frame before a dissolve
   * and the frame after it: dissolves between different shots measured 0.93-1.17 on the synthetic
   * programmes, a second or so of a shot's own motion (pans, movers) up to 0.75.
   */
  static final double DISSOLVE_MIN_CHANGE = 0.85;

  /**
   * Largest residual of the cross-fade model over a whole dissolve (see {@link
   * #DISSOLVE_MAX_RESIDUAL}): the shots move while they blend, so a long dissolve is a looser blend
   * of its ends than its seed; true ones measured up to 0.26.
   */
  static final double DISSOLVE_MAX_SPAN_RESIDUAL = 0.35;

  /**
   * Largest RMS residual of the cross-fade model over a dissolve's frames, as a share of the RMS
   * change between its ends: true dissolves over moving shots stay under 0.15 on the synthetic
   * programmes, pans, zooms and movers explained as blends of their ends over 0.35.
   */
  static final double DISSOLVE_MAX_RESIDUAL = 0.22;

  /**
   * Least structural distance of a cut found as an isolated peak: between framings of one scene
   * (punch-ins of 1.12x, jumps of 5 degrees along a pan) it is 0.5 and more, a shot's own motion
   * stays under 0.3 but for movers, which are never isolated peaks.
   */
  static final double PEAK_MIN_DISTANCE = 0.28;

  /**
   * How many times a peak cut's distance must exceed the distances of the frame pairs on both
   * sides: a cut between similar shots is 4-10 times its neighbours, a mover's or a pan's frame
   * pairs change together (ratios under 1.5).
   */
  static final double PEAK_RATIO = 3;

  /**
   * Most coarse-thumbnail pixels (of 24x13) the global motion may carry a cross-fade's ends over
   * its frames; the border this wide is left out of the fit.
   */
  static final int MAX_BLEND_MARGIN = 3;

  /** Typical distance floor: a perfectly still synthetic shot would make every change a cut. */
  static final double TYPICAL_FLOOR = 0.05;

  /**
   * Tuning of the cut test.
   *
   * @param minDistance absolute floor of a cut's structural distance (0..1)
   * @param ratio a cut's distance must exceed this multiple of the recent median distance
   * @param history how many recent distances the median is taken over
   * @param minShotFrames no second cut within this many frames of the last one
   */
  public record Settings(double minDistance, double ratio, int history, int minShotFrames) {
    /** Defaults tuned on synthetic programmes (see TransitionDetectorTest). */
    public static Settings defaults() {
      return new Settings(0.45, 3.0, 24, 4);
    }
  }

  /** What a frame is. */
  public enum Role {
    /** A frame of the current shot. */
    SHOT,
    /** The first frame of a shot after a transition (a cut, or the end of a dissolve or fade). */
    SHOT_START,
    /** A frame of a dissolve or fade: it belongs to no shot. */
    TRANSITION
  }

  /**
   * The decision for one frame.
   *
   * @param frameNumber the frame
   * @param role what it is
   * @param previousShotEnd for a {@link Role#SHOT_START}: the first frame of the transitions that
   *     led to it (the exclusive end of the shot before; the frame itself after a cut), else -1
   *     (and for the first shot)
   */
  public record Decision(long frameNumber, Role role, long previousShotEnd) {
    /** True when the frame is the first of a new shot after a hard cut. */
    public boolean cut() {
      return role == Role.SHOT_START && previousShotEnd == frameNumber;
    }
  }

  /**
   * A transition found.
   *
   * @param type what kind
   * @param startFrame its first frame (a cut's: the new shot's first frame)
   * @param endFrame the frame after its last (a cut spans one frame)
   */
  public record Found(TransitionType type, long startFrame, long endFrame) {}

  /**
   * A frame seen: its signature, its structural distance to the frame before and its global motion
   * since the frame before in coarse-thumbnail pixels (both from one pass over the shifts), and
   * (computed when a dissolve test first needs them) its coarse change from that frame moved by
   * that motion, and the blend residual of the dissolve seed starting at it ({@code seedResidual}:
   * every frame of a shot is tested as a dissolve's start, and each test tries the same {@link
   * #MAX_DISSOLVE} seeds ahead of it as the one before, so each seed is fitted once).
   */
  private static final class Entry {
    private final long frameNumber;
    private final FrameSignature signature;
    private final double distance;

    /** Global motion since the frame before, {dx, dy}, in coarse-thumbnail pixels. */
    private final double[] motion;

    /** Change from the frame before moved by {@link #motion}; null until needed. */
    float[] step;

    /** Blend residual of the dissolve seed starting here; NaN until needed. */
    double seedResidual = Double.NaN;

    Entry(long frameNumber, FrameSignature signature, double distance, double[] motion) {
      this.frameNumber = frameNumber;
      this.signature = signature;
      this.distance = distance;
      this.motion = motion;
    }

    long frameNumber() {
      return frameNumber;
    }

    FrameSignature signature() {
      return signature;
    }

    double distance() {
      return distance;
    }
  }

  /** Where the frames being decided stand. */
  private enum State {
    /** In a shot (or before the first frame). */
    SHOT,
    /** In a known dissolve or fade-in, until {@code transitionEnd}. */
    GRADUAL,
    /** In a fade-out's ramp or black, or in black after a cut to black. */
    BLACK
  }

  private final Settings settings;
  private final List<Entry> frames = new ArrayList<>();
  private int next;
  private final double[] recent;
  private int recentCount;
  private int recentNext;
  private State state = State.SHOT;
  private int transitionEnd;
  private int blackStart;
  private boolean cutToBlack;
  private int rampEnd;
  private long shotEnd = -1;
  private int shotStart;
  private boolean started;
  private final List<Found> found = new ArrayList<>();

  /** A detector with the given settings. */
  public TransitionDetector(Settings settings) {
    this.settings = settings;
    this.recent = new double[settings.history()];
  }

  /** Adds a frame; returns the decisions that became final (at most one). */
  public List<Decision> push(long frameNumber, FrameSignature signature) {
    if (frames.isEmpty()) {
      frames.add(new Entry(frameNumber, signature, 0, new double[2]));
    } else {
      // the distance and the motion come from one pass; the motion is kept in coarse pixels (the
      // signature's thumbnail has twice the coarse one's resolution)
      FrameSignature.Comparison c =
          signature.compareWith(frames.get(frames.size() - 1).signature());
      double[] m = c.motion();
      frames.add(
          new Entry(frameNumber, signature, c.distance(), new double[] {m[0] / 2, m[1] / 2}));
    }
    List<Decision> out = new ArrayList<>(1);
    if (frames.size() - next > DELAY) {
      out.add(decide());
      trim();
    }
    return out;
  }

  /** At the end of the stream: the decisions still pending (and a fade-out running to the end). */
  public List<Decision> flush() {
    List<Decision> out = new ArrayList<>();
    while (next < frames.size()) {
      out.add(decide());
    }
    if (state == State.BLACK) {
      Entry last = frames.get(frames.size() - 1);
      found.add(
          new Found(
              TransitionType.FADE_OUT,
              frames.get(blackStart).frameNumber(),
              last.frameNumber() + 1));
      state = State.SHOT;
    }
    return out;
  }

  /** The transitions found so far, in frame order (complete after {@link #flush}). */
  public List<Found> transitions() {
    return List.copyOf(found);
  }

  /** Drops frames no test looks back to any more (in chunks, so indices rarely move). */
  private void trim() {
    int keep = next - (FLASH_LOOKAHEAD + 3);
    if (state == State.BLACK) {
      keep = Math.min(keep, blackStart);
    }
    if (keep > 256) {
      frames.subList(0, keep).clear();
      next -= keep;
      shotStart -= keep;
      blackStart -= keep;
      transitionEnd -= keep;
      rampEnd -= keep;
    }
  }

  private Decision decide() {
    int i = next++;
    Entry e = frames.get(i);
    switch (state) {
      case GRADUAL -> {
        if (i < transitionEnd) {
          return transition(e);
        }
        state = State.SHOT;
        return startShot(i);
      }
      case BLACK -> {
        return inBlack(i);
      }
      default -> {
        return inShot(i);
      }
    }
  }

  private Decision inShot(int i) {
    Entry e = frames.get(i);
    if (!started) {
      started = true;
      int end = fadeInFrom(i);
      if (end > 0) {
        return beginGradual(i, i, end, TransitionType.FADE_IN);
      }
      if (dark(i)) {
        return beginBlack(i, true, i);
      }
      shotStart = i;
      return new Decision(e.frameNumber(), Role.SHOT, -1);
    }
    if (dark(i) && !darkFlash(i)) {
      shotEnd = e.frameNumber();
      return beginBlack(i, true, i);
    }
    int black = fadeOutFrom(i);
    if (black > 0) {
      shotEnd = e.frameNumber();
      return beginBlack(i, false, black);
    }
    int dissolveEnd = dissolveFrom(i);
    if (dissolveEnd > 0) {
      shotEnd = e.frameNumber();
      return beginGradual(i, i, dissolveEnd, TransitionType.DISSOLVE);
    }
    if (cut(i)) {
      found.add(new Found(TransitionType.CUT, e.frameNumber(), e.frameNumber() + 1));
      shotEnd = e.frameNumber();
      return startShot(i);
    }
    remember(e.distance()); // every frame pair of the shot, so a busy shot raises the bar at once
    return new Decision(e.frameNumber(), Role.SHOT, -1);
  }

  private Decision inBlack(int i) {
    Entry e = frames.get(i);
    if (i >= rampEnd) {
      int end = fadeInFrom(i);
      if (end > 0) {
        if (cutToBlack) {
          return beginGradual(i, blackStart, end, TransitionType.FADE_IN);
        }
        found.add(
            new Found(
                TransitionType.FADE_OUT, frames.get(blackStart).frameNumber(), e.frameNumber()));
        return beginGradual(i, i, end, TransitionType.FADE_IN);
      }
      if (!dark(i)) {
        // black ended without a fade-in: the fade-out (or the cut to black) ends here
        found.add(
            new Found(
                TransitionType.FADE_OUT, frames.get(blackStart).frameNumber(), e.frameNumber()));
        state = State.SHOT;
        return startShot(i);
      }
    }
    return transition(e);
  }

  /** Frame i starts a dissolve or fade-in from {@code start} to {@code end} (exclusive). */
  private Decision beginGradual(int i, int start, int end, TransitionType type) {
    found.add(new Found(type, frames.get(start).frameNumber(), frames.get(end).frameNumber()));
    state = State.GRADUAL;
    transitionEnd = end;
    return transition(frames.get(i));
  }

  /** Frame i starts black (after a cut to black) or a fade-out whose black starts at darkAt. */
  private Decision beginBlack(int i, boolean abrupt, int darkAt) {
    state = State.BLACK;
    blackStart = i;
    cutToBlack = abrupt;
    rampEnd = darkAt;
    return transition(frames.get(i));
  }

  private Decision transition(Entry e) {
    return new Decision(e.frameNumber(), Role.TRANSITION, -1);
  }

  private Decision startShot(int i) {
    Entry e = frames.get(i);
    shotStart = i;
    recentCount = 0;
    recentNext = 0;
    long previous = shotEnd;
    shotEnd = -1;
    return new Decision(e.frameNumber(), Role.SHOT_START, previous);
  }

  // ---- fades ----

  private double level(int i) {
    return frames.get(i).signature().mean();
  }

  private boolean dark(int i) {
    FrameSignature s = frames.get(i).signature();
    return s.mean() < NEAR_BLACK_MEAN || (s.mean() < DARK_MEAN && s.spread() < DARK_SPREAD);
  }

  private static double step(double level) {
    return Math.max(FADE_STEP_ABS, FADE_STEP * level);
  }

  /**
   * A black frame inside a shot that is a flash, not a transition: black for at most {@link
   * #FLASH_LOOKAHEAD} frames and the picture after it like the one before.
   */
  private boolean darkFlash(int i) {
    for (int k = i + 1; k <= i + FLASH_LOOKAHEAD && k < frames.size(); k++) {
      if (!dark(k)) {
        return frames
            .get(k)
            .signature()
            .closerThan(frames.get(i - 1).signature(), settings.minDistance());
      }
    }
    return false;
  }

  /**
   * The first black frame of a fade-out starting at frame i (the level falls by a step from i-1 to
   * i and every frame after until black), else -1.
   */
  private int fadeOutFrom(int i) {
    if (i < 1 || dark(i - 1) || frames.size() - i < 2) {
      return -1;
    }
    double step = step(level(i - 1));
    if (level(i - 1) - level(i) < step) {
      return -1;
    }
    for (int k = i; k < frames.size() - 1 && k - i <= MAX_FADE_RAMP; k++) {
      if (dark(k)) {
        return k;
      }
      if (level(k) - level(k + 1) < step) {
        return -1;
      }
    }
    return -1;
  }

  /**
   * The first frame of the shot a fade-in starting at frame i reaches (the level rises by a step
   * from i-1, black or before the stream, to i and every frame after for at least {@link
   * #MIN_FADE_RAMP} frames, then holds), else -1.
   */
  private int fadeInFrom(int i) {
    if (i >= 1 && (!dark(i - 1) || level(i) - level(i - 1) < FADE_STEP_ABS)) {
      return -1;
    }
    int k = i;
    while (k + 1 < frames.size()
        && k - i <= MAX_FADE_RAMP
        && level(k + 1) - level(k) >= step(level(k + 1))) {
      k++;
    }
    boolean held = k + 1 < frames.size() && k - i <= MAX_FADE_RAMP;
    if (!held || k - i < MIN_FADE_RAMP || dark(k) || level(i) > FADE_IN_START_MAX * level(k)) {
      return -1;
    }
    return k;
  }

  // ---- dissolves ----

  /**
   * The first frame after a dissolve starting at frame i, else -1. Seeds (a few frames that are the
   * cross-fade of their ends) are looked for in the next {@link #MAX_DISSOLVE} frames, best fitting
   * first; the dissolve is the run of frames around a seed whose change from the frame before
   * points the way the seed changes (a cross-fade moves every frame a step from one shot towards
   * the other, a shot's own motion scatters), and it must start at i.
   */
  private int dissolveFrom(int i) {
    if (i < 1 || dark(i - 1)) {
      return -1;
    }
    int far = Math.min(frames.size() - 1, i + MAX_DISSOLVE);
    if (far - i < MIN_DISSOLVE
        || frames
            .get(i - 1)
            .signature()
            .closerThan(frames.get(far).signature(), DISSOLVE_MIN_CHANGE)) {
      return -1;
    }
    List<double[]> seeds = new ArrayList<>();
    for (int seed = i;
        seed + DISSOLVE_SEED < frames.size() && seed + DISSOLVE_SEED <= far;
        seed++) {
      double r = seedResidual(seed);
      if (r < DISSOLVE_MAX_RESIDUAL) {
        seeds.add(new double[] {r, seed});
      }
    }
    seeds.sort((x, y) -> Double.compare(x[0], y[0]));
    for (double[] seed : seeds.subList(0, Math.min(DISSOLVE_SEEDS_TRIED, seeds.size()))) {
      int end = dissolveAround(i, (int) seed[1]);
      if (end > 0) {
        return end;
      }
    }
    return -1;
  }

  /**
   * The blend residual of the seed run of {@link #DISSOLVE_SEED} frames starting at frame {@code
   * seed} (cached: it depends only on frames seed-1 to seed+DISSOLVE_SEED).
   */
  private double seedResidual(int seed) {
    Entry e = frames.get(seed);
    if (Double.isNaN(e.seedResidual)) {
      e.seedResidual = blendResidual(seed, seed + DISSOLVE_SEED, DISSOLVE_MAX_RESIDUAL);
    }
    return e.seedResidual;
  }

  /**
   * The first frame after a dissolve that starts at frame i and contains the seed starting at frame
   * {@code seed}, else -1.
   */
  private int dissolveAround(int i, int seed) {
    int start = seed;
    int last = seed + DISSOLVE_SEED;
    for (int round = 0; round < DISSOLVE_ROUNDS; round++) {
      // the way the run changes, from the frame before it to its last frame
      float[] a = frames.get(start - 1).signature().coarse();
      float[] b = frames.get(last).signature().coarse();
      float[] direction = new float[a.length];
      double norm = 0;
      for (int p = 0; p < a.length; p++) {
        direction[p] = b[p] - a[p];
        norm += direction[p] * direction[p];
      }
      norm = Math.sqrt(norm);
      if (norm == 0) {
        return -1;
      }
      double runStep = 0;
      for (int k = start; k <= last; k++) {
        runStep += towards(k, direction, norm);
      }
      double least = DISSOLVE_STEP_SHARE * runStep / (last - start + 1);
      // one frame before i may join the run: then the dissolve started before i
      while (start - 1 >= Math.max(1, i - 1) && step(start - 1, direction, norm) > least) {
        start--;
      }
      while (last + 2 < frames.size()
          && last + 1 - i <= MAX_DISSOLVE
          && step(last + 1, direction, norm) > least) {
        last++;
      }
    }
    if (start != i) {
      return -1;
    }
    int end = last; // the last step towards the new shot lands on its first frame
    end = withoutStillTail(i, end);
    if (end - i < MIN_DISSOLVE
        || end - i > MAX_DISSOLVE
        || end + 1 >= frames.size()
        || dark(end)
        || frames
            .get(i - 1)
            .signature()
            .closerThan(frames.get(end).signature(), DISSOLVE_MIN_CHANGE)
        || blendResidual(i, end, DISSOLVE_MAX_SPAN_RESIDUAL) >= DISSOLVE_MAX_SPAN_RESIDUAL
        || jumps(i, end)) {
      return -1;
    }
    return end;
  }

  /**
   * The end of a run from frame i to {@code end} without its trailing frames that hardly change
   * (under {@link #DISSOLVE_TAIL_SHARE} of the run's largest frame-pair distance): a shot moving on
   * the run's way after the cross-fade, not more of it.
   */
  private int withoutStillTail(int i, int end) {
    double most = 0;
    for (int k = i; k <= end; k++) {
      most = Math.max(most, frames.get(k).distance());
    }
    while (end > i && frames.get(end).distance() < DISSOLVE_TAIL_SHARE * most) {
      end--;
    }
    return end;
  }

  /**
   * True when a frame pair of frames i-1..end changes far more than the run's typical pair: a cut
   * inside the run (a cross-fade changes every pair alike).
   */
  private boolean jumps(int i, int end) {
    double[] sorted = new double[end - i + 1];
    for (int k = i; k <= end; k++) {
      sorted[k - i] = frames.get(k).distance();
    }
    Arrays.sort(sorted);
    double median = sorted[sorted.length / 2];
    return sorted[sorted.length - 1] > PEAK_MIN_DISTANCE
        && sorted[sorted.length - 1] > DISSOLVE_MAX_JUMP * median;
  }

  /**
   * The step of frame k towards a direction, the median of frames k-1, k and k+1 (within what was
   * seen), so one frame of a shot's own motion neither breaks nor extends a run of cross-fade
   * steps.
   */
  private double step(int k, float[] direction, double norm) {
    double here = towards(k, direction, norm);
    if (k - 1 < 1 || k + 1 >= frames.size()) {
      return here;
    }
    double before = towards(k - 1, direction, norm);
    double after = towards(k + 1, direction, norm);
    return Math.max(Math.min(before, here), Math.min(Math.max(before, here), after));
  }

  /**
   * The change from frame k-1 to frame k along a direction of the coarse thumbnail, in levels, with
   * frame k-1 first moved by the global motion between them: a shot's own pan or tilt changes the
   * picture without stepping towards another one.
   */
  private double towards(int k, float[] direction, double norm) {
    float[] change = compensatedStep(k);
    double dot = 0;
    for (int p = 0; p < change.length; p++) {
      dot += change[p] * direction[p];
    }
    return dot / norm;
  }

  /** Frame k's coarse thumbnail less frame k-1's moved by the motion between them (cached). */
  private float[] compensatedStep(int k) {
    Entry e = frames.get(k);
    if (e.step == null) {
      double[] m = motion(k);
      float[] from = frames.get(k - 1).signature().coarse();
      float[] to = e.signature().coarse();
      float[] change = new float[to.length];
      for (int y = 0; y < FrameSignature.COARSE_H; y++) {
        for (int x = 0; x < FrameSignature.COARSE_W; x++) {
          int p = y * FrameSignature.COARSE_W + x;
          change[p] = (float) (to[p] - sample(from, x - m[0], y - m[1]));
        }
      }
      e.step = change;
    }
    return e.step;
  }

  /** Global motion of frame k since frame k-1 in coarse-thumbnail pixels. */
  private double[] motion(int k) {
    return frames.get(k).motion;
  }

  /** A coarse thumbnail at a fractional position (bilinear, edges repeated). */
  private static double sample(float[] c, double x, double y) {
    int w = FrameSignature.COARSE_W;
    int h = FrameSignature.COARSE_H;
    x = Math.max(0, Math.min(w - 1, x));
    y = Math.max(0, Math.min(h - 1, y));
    int x0 = Math.min((int) x, w - 2);
    int y0 = Math.min((int) y, h - 2);
    double fx = x - x0;
    double fy = y - y0;
    int p = y0 * w + x0;
    double top = c[p] + fx * (c[p + 1] - c[p]);
    double bottom = c[p + w] + fx * (c[p + w + 1] - c[p + w]);
    return top + fy * (bottom - top);
  }

  /**
   * RMS residual of frames s..end-1 against the cross-fade of frame s-1 and frame end, each moved
   * to the frame by the global motion between them, as a share of the RMS difference of those two
   * (over the thumbnail less the border the motion carries them over); anything at or above {@code
   * stopAt}, or ends moved more than {@link #MAX_BLEND_MARGIN} pixels, is returned as infinity.
   */
  private double blendResidual(int s, int end, double stopAt) {
    int n = end - s;
    // the global motion summed from frame s-1 to each frame of s-1..end
    double[] cx = new double[n + 2];
    double[] cy = new double[n + 2];
    double mostX = 0;
    double mostY = 0;
    for (int j = 1; j <= n + 1; j++) {
      double[] m = motion(s - 1 + j);
      cx[j] = cx[j - 1] + m[0];
      cy[j] = cy[j - 1] + m[1];
    }
    for (int j = 0; j <= n + 1; j++) {
      mostX = Math.max(mostX, Math.max(Math.abs(cx[j]), Math.abs(cx[j] - cx[n + 1])));
      mostY = Math.max(mostY, Math.max(Math.abs(cy[j]), Math.abs(cy[j] - cy[n + 1])));
    }
    // the border the ends move over is left out
    int mx = (int) Math.ceil(mostX);
    int my = (int) Math.ceil(mostY);
    if (mx > MAX_BLEND_MARGIN || my > MAX_BLEND_MARGIN) {
      return Double.POSITIVE_INFINITY; // moved too far for the coarse thumbnail to say
    }
    int w = FrameSignature.COARSE_W;
    int h = FrameSignature.COARSE_H;
    float[] a = frames.get(s - 1).signature().coarse();
    float[] b = frames.get(end).signature().coarse();
    double change = 0;
    int count = 0;
    for (int y = my; y < h - my; y++) {
      for (int x = mx; x < w - mx; x++) {
        double d = b[y * w + x] - a[y * w + x];
        change += d * d;
        count++;
      }
    }
    if (change < count) {
      return Double.POSITIVE_INFINITY; // ends less than a level apart: nothing to blend
    }
    double limit = stopAt * stopAt * n * change;
    double sum = 0;
    for (int k = s; k < end; k++) {
      float[] f = frames.get(k).signature().coarse();
      double wk = (k - s + 1) / (double) (n + 1);
      int j = k - s + 1;
      // the outgoing end moved on to frame k, the incoming end moved back to it
      double ax = cx[j];
      double ay = cy[j];
      double bx = cx[j] - cx[n + 1];
      double by = cy[j] - cy[n + 1];
      for (int y = my; y < h - my; y++) {
        for (int x = mx; x < w - mx; x++) {
          double model = (1 - wk) * sample(a, x - ax, y - ay) + wk * sample(b, x - bx, y - by);
          double r = f[y * w + x] - model;
          sum += r * r;
        }
      }
      if (sum >= limit) {
        return Double.POSITIVE_INFINITY;
      }
    }
    return Math.sqrt(sum / (n * change));
  }

  /**
   * Most times a dissolve's largest frame-pair distance may exceed its median one: the pairs of a
   * cross-fade change alike (at most 1.6 times the median on the synthetic programmes), a cut
   * inside a run is 4 times its neighbours and more.
   */
  static final double DISSOLVE_MAX_JUMP = 3;

  /**
   * Share of a dissolve's largest frame-pair distance under which its last frames are a still shot
   * after it: the last step of a cross-fade measured 0.37 of the largest and more, a dolly moving
   * on after one 0.2.
   */
  static final double DISSOLVE_TAIL_SHARE = 0.25;

  // ---- cuts ----

  private boolean cut(int i) {
    if (i < 1 || i - shotStart < settings.minShotFrames()) {
      return false;
    }
    double d = frames.get(i).distance();
    double typical = typical();
    if (d <= settings.ratio() * typical) {
      return false;
    }
    boolean whole = d > settings.minDistance();
    boolean peak = d > PEAK_MIN_DISTANCE && d > PEAK_RATIO * neighbours(i);
    return (whole || peak) && !isFlash(i, d);
  }

  /** The larger distance of the frame pairs on both sides of pair (i-1, i) within the shot. */
  private double neighbours(int i) {
    double before = i - 1 > shotStart ? frames.get(i - 1).distance() : 0;
    double after = i + 1 < frames.size() ? frames.get(i + 1).distance() : 0;
    return Math.max(before, after);
  }

  /**
   * True when the jump is a flash, not a cut: a frame of the next {@link #FLASH_LOOKAHEAD} is
   * closer to the frame before the jump than to the jump's frame (the picture came back), or the
   * jump's frame is closer to a frame before the previous one than the previous one is (the jump
   * ends a flash). After a cut both sides stay with their own shot.
   */
  private boolean isFlash(int i, double jump) {
    FrameSignature previous = frames.get(i - 1).signature();
    FrameSignature current = frames.get(i).signature();
    for (int k = i + 1; k <= i + FLASH_LOOKAHEAD && k < frames.size(); k++) {
      FrameSignature ahead = frames.get(k).signature();
      double back = ahead.distance(previous);
      if (back < jump * 0.5 || back < FLASH_RETURN * ahead.distance(current)) {
        return true;
      }
    }
    for (int k = i - 2; k >= Math.max(shotStart, i - 2 - FLASH_LOOKAHEAD); k--) {
      FrameSignature earlier = frames.get(k).signature();
      double back = current.distance(earlier);
      if (back < jump * 0.5 || back < FLASH_RETURN * previous.distance(earlier)) {
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
    return Math.max(copy[copy.length / 2], TYPICAL_FLOOR);
  }

  private void remember(double d) {
    recent[recentNext] = d;
    recentNext = (recentNext + 1) % recent.length;
    recentCount = Math.min(recentCount + 1, recent.length);
  }
}
