package io.camreasoner.synth;

import io.camreasoner.schemas.TransitionType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A multi-shot programme: shots shown one after the other, each given way to the next by one or two
 * transitions (a hard cut, a dissolve, a fade-out and/or a fade-in). Shots are the stretches
 * between transitions (design.md): a shot's {@code startFrame}/{@code endFrame} are the frames that
 * show it alone; the frames of a gradual transition belong to no shot and show the neighbouring
 * shots blended or faded (see {@link ProgrammeRenderer}). Each shot's spec is rendered from {@code
 * specStart}, so a shot keeps moving through the transitions at its ends.
 *
 * @param name short name (used for file names)
 * @param width frame width of every shot
 * @param height frame height of every shot
 * @param fps frame rate of every shot
 * @param shots the shots in order
 * @param transitions the transitions in order; together with the shots they tile the programme
 */
public record Programme(
    String name,
    int width,
    int height,
    double fps,
    List<Shot> shots,
    List<Transition> transitions) {

  /**
   * One shot of a programme.
   *
   * @param index 0-based shot index
   * @param startFrame first frame showing the shot alone (inclusive)
   * @param endFrame frame after the last one showing it alone (exclusive)
   * @param spec what the shot shows
   * @param specStart the programme frame at which the spec's frame 0 would be shown (at or before
   *     the first frame that shows the shot, in a transition or alone)
   * @param view which part of the rendered frame the shot shows
   */
  public record Shot(
      int index, int startFrame, int endFrame, ClipSpec spec, int specStart, View view) {

    /** A shot showing its whole spec from its first frame on (a hard-cut programme's shot). */
    public Shot(int index, int startFrame, int endFrame, ClipSpec spec) {
      this(index, startFrame, endFrame, spec, startFrame, View.FULL);
    }

    /** The spec's frame shown at programme frame {@code frame}. */
    public int specFrame(int frame) {
      return frame - specStart;
    }
  }

  /**
   * The part of a shot's rendered frame that the programme shows, scaled back to the full frame: a
   * closer framing of the same scene (a punch-in), as an editor cutting between two framings of one
   * set would show.
   *
   * @param zoom magnification, at least 1 (1 = the whole frame)
   * @param centreX centre of the shown part, 0 = left edge, 1 = right edge
   * @param centreY centre of the shown part, 0 = top, 1 = bottom
   */
  public record View(double zoom, double centreX, double centreY) {
    /** The whole frame. */
    public static final View FULL = new View(1, 0.5, 0.5);

    /** Validates the view. */
    public View {
      if (!(zoom >= 1 && zoom <= 8)
          || !(centreX >= 0 && centreX <= 1)
          || !(centreY >= 0 && centreY <= 1)) {
        throw new IllegalArgumentException(
            "a view needs a zoom in [1, 8] and a centre in [0, 1]: " + zoom + " " + centreX);
      }
    }
  }

  /**
   * One transition between shots, as ground truth.
   *
   * @param type what kind
   * @param startFrame first frame (for a cut: the first frame of the new shot)
   * @param endFrame frame after the last (a cut spans one frame)
   * @param rampFrames frames over which the picture changes: a dissolve's length, a fade's
   *     darkening (fade-out, first) or brightening (fade-in, last) frames; the rest of a fade is
   *     black; 0 for a cut
   */
  public record Transition(TransitionType type, int startFrame, int endFrame, int rampFrames) {
    /** Validates the transition. */
    public Transition {
      int length = endFrame - startFrame;
      boolean valid =
          switch (type) {
            case CUT -> length == 1 && rampFrames == 0;
            case DISSOLVE -> length >= 1 && rampFrames == length;
            case FADE_OUT, FADE_IN -> rampFrames >= 1 && rampFrames <= length;
          };
      if (!valid || startFrame < 0) {
        throw new IllegalArgumentException(
            "not a valid " + type + ": " + startFrame + "-" + endFrame + " ramp " + rampFrames);
      }
    }

    /** A hard cut at {@code frame}, the first frame of the new shot. */
    public static Transition cut(int frame) {
      return new Transition(TransitionType.CUT, frame, frame + 1, 0);
    }

    /** Frames the transition spans. */
    public int length() {
      return endFrame - startFrame;
    }
  }

  /** A programme whose shots meet at hard cuts (each shot's first frame after the first). */
  public Programme(String name, int width, int height, double fps, List<Shot> shots) {
    this(
        name,
        width,
        height,
        fps,
        shots,
        shots.stream().skip(1).map(s -> Transition.cut(s.startFrame())).toList());
  }

  /** Validates that shots and transitions tile the programme and share the format. */
  public Programme {
    shots = List.copyOf(shots);
    transitions = List.copyOf(transitions);
    if (shots.isEmpty()) {
      throw new IllegalArgumentException("a programme needs at least one shot");
    }
    for (int i = 0; i < shots.size(); i++) {
      Shot s = shots.get(i);
      if (s.index() != i || s.endFrame() <= s.startFrame()) {
        throw new IllegalArgumentException("shot " + i + " of '" + name + "' is out of order");
      }
      if (s.spec().width() != width || s.spec().height() != height || s.spec().fps() != fps) {
        throw new IllegalArgumentException("shot " + i + " of '" + name + "' has another format");
      }
    }
    checkTiling(name, shots, transitions);
    int total = Math.max(last(shots).endFrame(), transitions.isEmpty() ? 0 : endOf(transitions));
    for (int f = 0; f < total; f++) {
      for (ProgrammeRenderer.Layer layer : ProgrammeRenderer.layers(shots, transitions, f)) {
        int index = layer.shot().specFrame(f);
        if (index < 0 || index >= layer.shot().spec().frames()) {
          throw new IllegalArgumentException(
              "shot "
                  + layer.shot().index()
                  + " of '"
                  + name
                  + "' is shown at frame "
                  + f
                  + ", outside its spec's frames");
        }
      }
    }
  }

  /** Shots and gradual transitions follow each other without gaps; cuts sit between two shots. */
  private static void checkTiling(String name, List<Shot> shots, List<Transition> transitions) {
    record Piece(int start, int end, Shot shot) {}
    List<Piece> pieces = new ArrayList<>();
    shots.forEach(s -> pieces.add(new Piece(s.startFrame(), s.endFrame(), s)));
    transitions.stream()
        .filter(t -> t.type().gradual())
        .forEach(t -> pieces.add(new Piece(t.startFrame(), t.endFrame(), null)));
    pieces.sort(Comparator.comparingInt(Piece::start));
    int position = 0;
    Piece previous = null;
    for (Piece p : pieces) {
      if (p.start() != position) {
        throw new IllegalArgumentException(
            "'" + name + "' has a gap or an overlap at frame " + position);
      }
      if (previous != null && previous.shot() != null && p.shot() != null) {
        int start = p.start();
        if (transitions.stream()
            .noneMatch(t -> t.type() == TransitionType.CUT && t.startFrame() == start)) {
          throw new IllegalArgumentException(
              "shots "
                  + previous.shot().index()
                  + " and "
                  + p.shot().index()
                  + " of '"
                  + name
                  + "' meet without a transition");
        }
      }
      position = p.end();
      previous = p;
    }
    for (Transition t : transitions) {
      if (t.type() == TransitionType.CUT
          && shots.stream().noneMatch(s -> s.startFrame() == t.startFrame() && s.index() > 0)) {
        throw new IllegalArgumentException(
            "the cut at frame " + t.startFrame() + " of '" + name + "' starts no shot");
      }
    }
  }

  /** Builds a hard-cut programme from shot specs, numbering frames from 0. */
  public static Programme of(String name, List<ClipSpec> specs) {
    if (specs.isEmpty()) {
      throw new IllegalArgumentException("a programme needs at least one shot");
    }
    List<Shot> shots = new ArrayList<>();
    int start = 0;
    for (ClipSpec spec : specs) {
      shots.add(new Shot(shots.size(), start, start + spec.frames(), spec));
      start += spec.frames();
    }
    ClipSpec first = specs.get(0);
    return new Programme(name, first.width(), first.height(), first.fps(), shots);
  }

  /** Total frames. */
  public int frames() {
    return Math.max(last(shots).endFrame(), transitions.isEmpty() ? 0 : endOf(transitions));
  }

  /** The first frame of every shot that follows a hard cut. */
  public List<Integer> cuts() {
    return transitions.stream()
        .filter(t -> t.type() == TransitionType.CUT)
        .map(Transition::startFrame)
        .toList();
  }

  private static Shot last(List<Shot> shots) {
    return shots.get(shots.size() - 1);
  }

  private static int endOf(List<Transition> transitions) {
    return transitions.stream().mapToInt(Transition::endFrame).max().orElse(0);
  }
}
