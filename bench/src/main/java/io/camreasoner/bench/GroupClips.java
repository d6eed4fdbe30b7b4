package io.camreasoner.bench;

import io.camreasoner.reasoner.AnalysisFrame;
import io.camreasoner.reasoner.AnalysisWindow;
import io.camreasoner.schemas.MotionLabel;
import io.camreasoner.synth.CameraMotion;
import io.camreasoner.synth.FootageCamera;
import io.camreasoner.synth.LayeredScene;
import io.camreasoner.synth.PhotoTextures;
import io.camreasoner.synth.SensorNoise;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * The benchmark groups of issue 16, each a deterministic {@link ClipSource} whose categories cycle
 * so every label is equally represented ({@link #categories()} consecutive indices cover each
 * once):
 *
 * <ul>
 *   <li>{@link Group#MOVERS}: layered 3-D scenes with walkers, vehicles and crowds covering 5-40 %
 *       of the frame, under each of the 14 camera motions at ordinary speeds, and a still camera
 *       (twice per cycle).
 *   <li>{@link Group#SLOW}: the 14 motions at a few pixels per second (at 320 px: pan and tilt
 *       0.7-1.6 °/s, truck and pedestal 0.12-0.25 units/s, dolly 0.15-0.35 units/s, zoom 1.5-3.5
 *       %/s, roll 1.5-3 °/s), half of them in short windows of 6-9 frames, and still cameras with
 *       and without movers.
 *   <li>{@link Group#REAL_FOOTAGE}: real still-camera footage of people walking in a hall (OpenCV's
 *       vtest.avi) under a virtual pan, tilt, roll or zoom ({@link FootageCamera}), and the footage
 *       as it is (a still camera) twice per cycle.
 *   <li>{@link Group#REAL_PHOTOS}: layered scenes textured with real photographs, with movers
 *       covering 5-40 %, under the 14 motions and a still camera.
 * </ul>
 *
 * The real groups need {@link RealData}. Seeds: clip {@code i} uses {@code seed * 1_000_003 + i +
 * group offset}; seeds from 7000 up are held out.
 */
final class GroupClips implements ClipSource {

  /** The groups. */
  enum Group {
    MOVERS("movers"),
    SLOW("slow"),
    REAL_FOOTAGE("real-footage"),
    REAL_PHOTOS("real-photos");

    final String label;

    Group(String label) {
      this.label = label;
    }

    boolean real() {
      return this == REAL_FOOTAGE || this == REAL_PHOTOS;
    }
  }

  private static final MotionLabel[] MOTIONS = {
    MotionLabel.PAN_LEFT, MotionLabel.PAN_RIGHT, MotionLabel.TILT_UP, MotionLabel.TILT_DOWN,
    MotionLabel.ROLL_CW, MotionLabel.ROLL_CCW, MotionLabel.ZOOM_IN, MotionLabel.ZOOM_OUT,
    MotionLabel.DOLLY_IN, MotionLabel.DOLLY_OUT, MotionLabel.TRUCK_LEFT, MotionLabel.TRUCK_RIGHT,
    MotionLabel.PEDESTAL_UP, MotionLabel.PEDESTAL_DOWN
  };

  /** The motions a camera inside footage can make (no translation). */
  private static final MotionLabel[] TURNS = {
    MotionLabel.PAN_LEFT, MotionLabel.PAN_RIGHT, MotionLabel.TILT_UP, MotionLabel.TILT_DOWN,
    MotionLabel.ROLL_CW, MotionLabel.ROLL_CCW, MotionLabel.ZOOM_IN, MotionLabel.ZOOM_OUT
  };

  private final Group group;
  private final long seed;
  private final RealData real;

  /**
   * @param real the real data; required for the real groups, ignored by the others
   */
  GroupClips(Group group, long seed, RealData real) {
    if (group.real() && real == null) {
      throw new IllegalArgumentException("group " + group.label + " needs the real data");
    }
    this.group = group;
    this.seed = seed;
    this.real = real;
  }

  /** Clips per cycle of categories. */
  int categories() {
    return switch (group) {
      case MOVERS, REAL_PHOTOS -> MOTIONS.length + 2;
      case SLOW -> MOTIONS.length + 2;
      case REAL_FOOTAGE -> TURNS.length + 2;
    };
  }

  @Override
  public Clip clip(int index) {
    Random r = new Random(seed * 1_000_003L + index + 101L * (group.ordinal() + 1));
    int category = index % categories();
    Clip clip =
        switch (group) {
          case MOVERS -> layered(r, category, null, false);
          case SLOW -> layered(r, category, null, true);
          case REAL_PHOTOS -> layered(r, category, new PhotoTextures(real.photos()), false);
          case REAL_FOOTAGE -> footage(r, category);
        };
    return clip.inGroup(group.label);
  }

  private Clip layered(Random r, int category, PhotoTextures photos, boolean slow) {
    int[] size = r.nextInt(3) == 0 ? new int[] {640, 360} : new int[] {320, 180};
    double fps = r.nextBoolean() ? 25 : 30;
    boolean shortWindow = slow && r.nextBoolean();
    int frames = shortWindow ? 6 + r.nextInt(4) : 12 + r.nextInt(5);
    int step = 2;
    double noise = 3 * r.nextDouble();
    int quality = r.nextDouble() < 0.4 ? 40 + r.nextInt(46) : 0;
    boolean still = category >= MOTIONS.length;
    MotionLabel label = still ? MotionLabel.STATIC : MOTIONS[category];
    CameraMotion motion =
        still ? CameraMotion.STATIC : slow ? slowMotion(label, r) : ClipFactory.motionFor(label, r);
    // slow group: one still camera plain, one with movers; other groups: movers always
    boolean movers = !slow || (still && category == MOTIONS.length + 1) || r.nextDouble() < 0.3;
    double coverage = 0.05 + 0.35 * r.nextDouble();
    List<AnalysisFrame> rendered;
    try (LayeredScene scene =
        new LayeredScene(size[0], size[1], r.nextLong(), SensorNoise.OPENCV_PER_FRAME)) {
      if (photos != null) {
        scene.photos(photos);
      }
      scene.background(10).cards(4 + r.nextInt(5), 2.5, 6);
      if (movers) {
        scene.movers(coverage, 2.5, 7);
      }
      rendered = scene.render(motion, fps, frames, step, noise, AnalysisFrame::new);
    }
    if (quality > 0) {
      rendered = rendered.stream().map(f -> ClipFactory.jpeg(f, quality)).toList();
    }
    String kind = still ? (movers ? "static+movers" : "static") : slow ? "slow" : "movers";
    String description =
        String.format(
            Locale.ROOT,
            "%s/%s %s %dx%d %.0ffps %d frames step %d noise %.1f jpeg %d movers %s %s",
            group.label,
            kind,
            label.label(),
            size[0],
            size[1],
            fps,
            frames,
            step,
            noise,
            quality,
            movers ? String.format(Locale.ROOT, "%.0f%%", 100 * coverage) : "none",
            motion);
    return new Clip(new AnalysisWindow(rendered, fps), EnumSet.of(label), kind, description);
  }

  private Clip footage(Random r, int category) {
    boolean still = category >= TURNS.length;
    MotionLabel label = still ? MotionLabel.STATIC : TURNS[category];
    CameraMotion motion =
        still
            ? CameraMotion.STATIC
            : r.nextDouble() < 0.3 ? slowMotion(label, r) : ClipFactory.motionFor(label, r);
    int[] size = r.nextBoolean() ? new int[] {320, 180} : new int[] {480, 270};
    int frames = 12 + r.nextInt(5);
    double noise = 2 * r.nextDouble();
    int quality = r.nextDouble() < 0.5 ? 40 + r.nextInt(46) : 0;
    FootageCamera camera =
        new FootageCamera(
            real.footage(),
            real.footageFps(),
            size[0],
            size[1],
            0.55 + 0.1 * r.nextDouble(),
            r.nextLong());
    int start = r.nextInt(camera.footageFrames() - frames);
    List<AnalysisFrame> rendered =
        camera.render(motion, start, frames, 1, noise, AnalysisFrame::new);
    if (quality > 0) {
      rendered = rendered.stream().map(f -> ClipFactory.jpeg(f, quality)).toList();
    }
    Set<MotionLabel> truth = EnumSet.of(label);
    String description =
        String.format(
            Locale.ROOT,
            "%s %s vtest.avi from frame %d %dx%d %.0ffps %d frames noise %.1f jpeg %d %s",
            group.label,
            label.label(),
            start,
            size[0],
            size[1],
            real.footageFps(),
            frames,
            noise,
            quality,
            motion);
    return new Clip(
        new AnalysisWindow(rendered, real.footageFps()),
        truth,
        still ? "static+movers" : "footage",
        description);
  }

  /**
   * A slow camera motion producing the label: a few pixels per second at 320 px (see the class
   * doc).
   */
  static CameraMotion slowMotion(MotionLabel label, Random r) {
    double u = r.nextDouble();
    int d = label.direction();
    return switch (label.kind()) {
      case PAN -> new CameraMotion(d * (0.7 + 0.9 * u), 0, 0, 0, 0, 0, 0);
      case TILT -> new CameraMotion(0, d * (0.7 + 0.9 * u), 0, 0, 0, 0, 0);
      case ROLL -> new CameraMotion(0, 0, d * (1.5 + 1.5 * u), 0, 0, 0, 0);
      case ZOOM -> new CameraMotion(0, 0, 0, 0, 0, 0, Math.expm1(d * (0.015 + 0.02 * u)));
      case TRUCK -> new CameraMotion(0, 0, 0, d * (0.12 + 0.13 * u), 0, 0, 0);
      case PEDESTAL -> new CameraMotion(0, 0, 0, 0, d * (0.12 + 0.13 * u), 0, 0);
      case DOLLY -> new CameraMotion(0, 0, 0, 0, 0, d * (0.15 + 0.2 * u), 0);
      case STATIC -> CameraMotion.STATIC;
    };
  }
}
