package io.camreasoner.synth;

import io.camreasoner.schemas.MotionLabel;
import io.camreasoner.schemas.TransitionType;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Draws multi-shot programmes with hard cuts, and with the things a cut detector must not mistake
 * for cuts inside shots: fast pans, brightness flashes and large moving objects. {@link #edited}
 * also joins shots the other ways editors do: cuts between two framings of one scene (same
 * textures, palette and lighting), dissolves and fades through black.
 */
public final class ProgrammeGenerator {
  private ProgrammeGenerator() {}

  /** Shortest dissolve drawn, in frames. */
  static final int MIN_DISSOLVE = 8;

  /** Longest dissolve drawn, in frames (1.2 s at 25 fps). */
  static final int MAX_DISSOLVE = 30;

  /** Shortest fade ramp (darkening or brightening) drawn, in frames. */
  static final int MIN_FADE = 8;

  /** Longest fade ramp drawn, in frames (1 s at 25 fps). */
  static final int MAX_FADE = 25;

  /**
   * Fewest frames of the camera move a jump cut skips: fewer, and the jump looks like the move
   * itself (a whip pan moves 2.4 degrees a frame).
   */
  static final int JUMP_FRAMES = 6;

  /**
   * Furthest a jump cut's shot may have turned from the set's centre by its last frame, degrees:
   * further, the view leaves the textured set and shows the plain backdrop (no visible cut).
   */
  static final double MAX_JUMP_TURN = 35;

  /** Longest black held between a fade-out and what follows, in frames. */
  static final int MAX_BLACK = 12;

  /** How one shot gives way to the next in {@link #edited} programmes. */
  public enum Join {
    /** A hard cut to an unrelated shot. */
    CUT,
    /**
     * A hard cut to another framing of the same scene (same textures, palette, lighting): a
     * punch-in or pull-out, or a jump further along the same camera move.
     */
    SIMILAR_CUT,
    /** A cross-fade over 8 to 30 frames. */
    DISSOLVE,
    /** A fade-out to black, up to 12 frames of black, and a fade-in. */
    DIP_TO_BLACK,
    /** A fade-out to black, some black, and a hard cut into the next shot. */
    FADE_OUT_CUT_IN,
    /** A hard cut to black, some black, and a fade-in. */
    CUT_TO_BLACK_FADE_IN
  }

  /** What happens inside shots that is no transition. */
  public enum Trap {
    /** A pan far faster than the labelled speeds (up to 60 degrees a second). */
    WHIP_PAN,
    /** A brightness flash over two frames. */
    FLASH,
    /** Two or three large objects crossing a still view. */
    LARGE_MOVERS
  }

  /**
   * What an {@link #edited} programme is made of.
   *
   * @param joins the joins drawn between shots (uniformly)
   * @param traps the traps drawn inside shots (uniformly)
   * @param trapShare share of the shots that get a trap
   * @param fadeInFirst the programme opens with a fade-in from black
   * @param fadeOutLast the programme closes with a fade-out to black
   */
  public record Edit(
      List<Join> joins,
      List<Trap> traps,
      double trapShare,
      boolean fadeInFirst,
      boolean fadeOutLast) {
    /** Validates the edit. */
    public Edit {
      joins = List.copyOf(joins);
      traps = List.copyOf(traps);
      if (joins.isEmpty() || trapShare < 0 || trapShare > 1 || (trapShare > 0 && traps.isEmpty())) {
        throw new IllegalArgumentException("an edit needs a join and traps to draw from");
      }
    }

    /** Only the given joins, no traps, no opening or closing fade. */
    public static Edit of(Join... joins) {
      return new Edit(List.of(joins), List.of(), 0, false, false);
    }

    /** Every join, a trap in a third of the shots, opening and closing fades. */
    public static Edit mixed() {
      return new Edit(List.of(Join.values()), List.of(Trap.values()), 0.35, true, true);
    }

    /**
     * Every way through black (dip to black, fade out then cut in, cut to black then fade in), no
     * traps, opening and closing fades.
     */
    public static Edit fades() {
      return new Edit(
          List.of(Join.DIP_TO_BLACK, Join.FADE_OUT_CUT_IN, Join.CUT_TO_BLACK_FADE_IN),
          List.of(),
          0,
          true,
          true);
    }

    /** This edit with a trap of the given kinds in {@code share} of the shots. */
    public Edit withTraps(double share, Trap... kinds) {
      return new Edit(joins, List.of(kinds), share, fadeInFirst, fadeOutLast);
    }
  }

  /**
   * A programme of {@code shots} shots of 1.5 to {@code maxShotSeconds} seconds each.
   *
   * @param traps put fast pans, flashes and large movers into some shots
   */
  public static Programme generate(
      long seed,
      String name,
      int shots,
      int width,
      int height,
      double fps,
      double maxShotSeconds,
      boolean traps) {
    SplittableRandom random = new SplittableRandom(seed);
    List<ClipSpec> specs = new ArrayList<>();
    for (int i = 0; i < shots; i++) {
      int frames =
          (int) Math.round(fps * (1.5 + random.nextDouble() * Math.max(0, maxShotSeconds - 1.5)));
      ClipSpec spec =
          ClipGenerator.next(
              random, new ClipGenerator.Options(width, height, fps, frames, true, true, false));
      if (traps) {
        double trap = random.nextDouble();
        if (trap < 0.2) {
          // a whip pan: far faster than the labelled speeds, still one shot
          spec =
              ClipSpec.of(
                  SceneKind.LAYERED_3D,
                  CameraMotion.STATIC.plus(
                      random.nextBoolean() ? MotionLabel.PAN_LEFT : MotionLabel.PAN_RIGHT,
                      Math.min(60, 80 / spec.seconds())),
                  width,
                  height,
                  fps,
                  frames,
                  random.nextLong());
        } else if (trap < 0.4) {
          spec = spec.withFlashes(List.of(frames / 2, frames / 2 + 1));
        } else if (trap < 0.55
            && spec.scene() != SceneKind.IMAGE_2D
            && !spec.motion().translates()) {
          spec = spec.withMovers(2);
        }
      }
      specs.add(spec);
    }
    return Programme.of(name, specs);
  }

  /**
   * A programme of {@code shots} shots of 1.5 to {@code maxShotSeconds} seconds each (their own
   * frames, transitions not counted), joined and trapped as {@code edit} says. The same arguments
   * always give the same programme.
   */
  public static Programme edited(
      long seed,
      String name,
      int shots,
      int width,
      int height,
      double fps,
      double maxShotSeconds,
      Edit edit) {
    SplittableRandom random = new SplittableRandom(seed);
    // what comes before each shot and after the last: the joins, their lengths, and the shots' own
    // lengths
    List<List<Programme.Transition>> before = new ArrayList<>();
    List<Join> joins = new ArrayList<>();
    int[] own = new int[shots];
    for (int i = 0; i < shots; i++) {
      own[i] =
          (int) Math.round(fps * (1.5 + random.nextDouble() * Math.max(0, maxShotSeconds - 1.5)));
      Join join = i == 0 ? null : edit.joins().get(random.nextInt(edit.joins().size()));
      joins.add(join);
      before.add(i == 0 ? opening(edit, random) : transitions(join, random));
    }
    List<Programme.Transition> closing =
        edit.fadeOutLast() ? List.of(fadeOut(0, random, 0)) : List.of();
    // lay the pieces out: frames of the transitions before shot i, then shot i's own frames
    List<Programme.Transition> laid = new ArrayList<>();
    int[] start = new int[shots];
    int position = 0;
    for (int i = 0; i <= shots; i++) {
      List<Programme.Transition> here = i < shots ? before.get(i) : closing;
      int base = position;
      for (Programme.Transition t : here) {
        Programme.Transition moved =
            new Programme.Transition(
                t.type(), base + t.startFrame(), base + t.endFrame(), t.rampFrames());
        laid.add(moved);
        if (t.type().gradual()) {
          position = moved.endFrame();
        }
      }
      if (i < shots) {
        start[i] = position;
        position += own[i];
      }
    }
    // each shot's spec covers its own frames and the frames of the transitions at its ends
    List<Programme.Shot> list = new ArrayList<>();
    for (int i = 0; i < shots; i++) {
      int lead = lead(i < shots ? before.get(i) : List.of());
      int tail = tail(i + 1 < shots ? before.get(i + 1) : closing);
      Programme.Shot previous = i == 0 ? null : list.get(i - 1);
      Programme.Shot shot;
      if (joins.get(i) == Join.SIMILAR_CUT) {
        shot = similar(previous, i, start[i], own[i], tail, random);
      } else {
        ClipSpec spec =
            ClipGenerator.next(
                random,
                new ClipGenerator.Options(
                    width, height, fps, lead + own[i] + tail, true, true, false));
        if (edit.trapShare() > 0 && random.nextDouble() < edit.trapShare()) {
          spec =
              trap(
                  spec,
                  edit.traps().get(random.nextInt(edit.traps().size())),
                  lead,
                  own[i],
                  random);
        }
        shot =
            new Programme.Shot(
                i, start[i], start[i] + own[i], spec, start[i] - lead, Programme.View.FULL);
      }
      list.add(shot);
    }
    return new Programme(name, width, height, fps, list, laid);
  }

  /** The opening fade-in, if the edit has one (frames relative to the programme start). */
  private static List<Programme.Transition> opening(Edit edit, SplittableRandom random) {
    if (!edit.fadeInFirst()) {
      return List.of();
    }
    int black = random.nextInt(MAX_BLACK + 1);
    return List.of(fadeIn(0, black, random));
  }

  /** The transitions of a join, with frames relative to where the previous shot ends. */
  private static List<Programme.Transition> transitions(Join join, SplittableRandom random) {
    return switch (join) {
      case CUT, SIMILAR_CUT -> List.of(Programme.Transition.cut(0));
      case DISSOLVE -> {
        int n = MIN_DISSOLVE + random.nextInt(MAX_DISSOLVE - MIN_DISSOLVE + 1);
        yield List.of(new Programme.Transition(TransitionType.DISSOLVE, 0, n, n));
      }
      case DIP_TO_BLACK -> {
        Programme.Transition out = fadeOut(0, random, 0);
        yield List.of(out, fadeIn(out.endFrame(), 0, random));
      }
      case FADE_OUT_CUT_IN -> List.of(fadeOut(0, random, 2));
      case CUT_TO_BLACK_FADE_IN -> List.of(fadeIn(0, 2 + random.nextInt(MAX_BLACK - 1), random));
    };
  }

  /** A fade-out from {@code at}: a ramp, then at least {@code minBlack} more frames of black. */
  private static Programme.Transition fadeOut(int at, SplittableRandom random, int minBlack) {
    int ramp = MIN_FADE + random.nextInt(MAX_FADE - MIN_FADE + 1);
    int black = minBlack + random.nextInt(MAX_BLACK - minBlack + 1);
    return new Programme.Transition(TransitionType.FADE_OUT, at, at + ramp + black, ramp);
  }

  /** A fade-in from {@code at}: {@code black} frames of black, then a ramp. */
  private static Programme.Transition fadeIn(int at, int black, SplittableRandom random) {
    int ramp = MIN_FADE + random.nextInt(MAX_FADE - MIN_FADE + 1);
    return new Programme.Transition(TransitionType.FADE_IN, at, at + black + ramp, ramp);
  }

  /** Frames of a shot's spec shown before its own frames (by a dissolve or fade-in into it). */
  private static int lead(List<Programme.Transition> before) {
    int lead = 0;
    for (Programme.Transition t : before) {
      if (t.type() == TransitionType.DISSOLVE || t.type() == TransitionType.FADE_IN) {
        lead = t.rampFrames();
      }
    }
    return lead;
  }

  /** Frames of a shot's spec shown after its own frames (by a dissolve or fade-out out of it). */
  private static int tail(List<Programme.Transition> after) {
    for (Programme.Transition t : after) {
      if (t.type() == TransitionType.DISSOLVE || t.type() == TransitionType.FADE_OUT) {
        return t.rampFrames();
      }
    }
    return 0;
  }

  /**
   * A shot of the previous shot's scene seen another way: further along the same pan or tilt (a
   * jump of 5 to 12 degrees) when the previous shot only pans or tilts, else the same scene (same
   * seed: textures, palette, layout) under another camera move with the framing changed (a punch-in
   * to 1.12-1.4x of the middle of the frame, or back out to the whole frame): the cuts between
   * similar-looking shots that a histogram cannot see and a coarse structure barely does.
   */
  private static Programme.Shot similar(
      Programme.Shot previous, int index, int start, int own, int tail, SplittableRandom random) {
    ClipSpec p = previous.spec();
    CameraMotion m = p.motion();
    boolean rotatesOnly =
        m.roll() == 0 && m.zoom() == 0 && !m.translates() && (m.yaw() != 0 || m.pitch() != 0);
    double rate = Math.hypot(m.yaw(), m.pitch());
    int last = previous.specFrame(previous.endFrame() - 1);
    // a jump of 5-12 degrees, at least JUMP_FRAMES frames of the move, staying on the textured set
    double degrees = Math.max(5 + 7 * random.nextDouble(), rate * JUMP_FRAMES / p.fps());
    int first = last + 1 + (int) Math.ceil(degrees / Math.max(rate, 1e-9) * p.fps());
    boolean jump =
        rotatesOnly
            && p.movers() == 0
            && p.flashFrames().isEmpty()
            && rate * (first + own + tail) / p.fps() <= MAX_JUMP_TURN
            && random.nextBoolean();
    if (jump) {
      ClipSpec spec = p.withFormat(p.width(), p.height(), p.fps(), first + own + tail);
      return new Programme.Shot(index, start, start + own, spec, start - first, previous.view());
    }
    MotionLabel label = compatibleLabel(p.scene(), random);
    double seconds = (own + tail) / p.fps();
    CameraMotion motion =
        CameraMotion.STATIC.plus(label, ClipGenerator.speed(label.kind(), seconds, random));
    ClipSpec spec =
        new ClipSpec(
            p.scene(),
            motion,
            p.width(),
            p.height(),
            p.fps(),
            own + tail,
            p.movers(),
            p.noiseSigma(),
            p.blurSigma(),
            List.of(),
            p.seed());
    Programme.View view =
        previous.view().zoom() > 1
            ? Programme.View.FULL
            : new Programme.View(
                1.12 + 0.28 * random.nextDouble(),
                0.4 + 0.2 * random.nextDouble(),
                0.4 + 0.2 * random.nextDouble());
    return new Programme.Shot(index, start, start + own, spec, start, view);
  }

  /** A camera move the scene allows, uniformly over the vocabulary's allowed labels. */
  private static MotionLabel compatibleLabel(SceneKind scene, SplittableRandom random) {
    List<MotionLabel> allowed = new ArrayList<>();
    for (MotionLabel l : MotionLabel.values()) {
      boolean ok =
          switch (scene) {
            case STATIC_WITH_MOVERS -> l == MotionLabel.STATIC;
            case IMAGE_2D, FLAT -> !l.kind().isTranslation();
            case LAYERED_3D -> true;
          };
      if (ok) {
        allowed.add(l);
      }
    }
    return allowed.get(random.nextInt(allowed.size()));
  }

  /** The spec with a trap inside the shot's own frames (which start at spec frame {@code lead}). */
  private static ClipSpec trap(
      ClipSpec spec, Trap trap, int lead, int own, SplittableRandom random) {
    return switch (trap) {
      case WHIP_PAN ->
          ClipSpec.of(
              SceneKind.LAYERED_3D,
              CameraMotion.STATIC.plus(
                  random.nextBoolean() ? MotionLabel.PAN_LEFT : MotionLabel.PAN_RIGHT,
                  Math.min(60, 80 / spec.seconds())),
              spec.width(),
              spec.height(),
              spec.fps(),
              spec.frames(),
              random.nextLong());
      case FLASH -> spec.withFlashes(List.of(lead + own / 2, lead + own / 2 + 1));
      case LARGE_MOVERS -> {
        int movers = 2 + random.nextInt(2);
        if (spec.scene() != SceneKind.IMAGE_2D && !spec.motion().translates()) {
          yield spec.withMovers(movers);
        }
        yield ClipSpec.of(
                SceneKind.STATIC_WITH_MOVERS,
                CameraMotion.STATIC,
                spec.width(),
                spec.height(),
                spec.fps(),
                spec.frames(),
                random.nextLong())
            .withMovers(movers);
      }
    };
  }

  /**
   * The sample programme of the README: about 20 s in five shots with clearly different camera work
   * — a pan over a 3D scene, a dolly in, a still camera with people-like objects walking through, a
   * zoom out over an image, and a truck right — at the given format.
   */
  public static Programme sample(int width, int height, double fps) {
    int frames = (int) Math.round(fps * 4);
    List<ClipSpec> specs =
        List.of(
            ClipSpec.of(
                SceneKind.LAYERED_3D,
                CameraMotion.STATIC.plus(MotionLabel.PAN_LEFT, 8),
                width,
                height,
                fps,
                frames,
                11),
            ClipSpec.of(
                SceneKind.LAYERED_3D,
                CameraMotion.STATIC.plus(MotionLabel.DOLLY_IN, 1.5),
                width,
                height,
                fps,
                frames,
                12),
            ClipSpec.of(
                SceneKind.STATIC_WITH_MOVERS, CameraMotion.STATIC, width, height, fps, frames, 13),
            ClipSpec.of(
                SceneKind.IMAGE_2D,
                CameraMotion.STATIC.plus(MotionLabel.ZOOM_OUT, 0.15),
                width,
                height,
                fps,
                frames,
                14),
            ClipSpec.of(
                SceneKind.LAYERED_3D,
                CameraMotion.STATIC.plus(MotionLabel.TRUCK_RIGHT, 1.0),
                width,
                height,
                fps,
                frames,
                15));
    return Programme.of("sample", specs);
  }
}
