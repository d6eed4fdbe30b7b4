package io.camreasoner.synth;

import io.camreasoner.schemas.MotionLabel;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Draws varied {@link ClipSpec}s from a seed: labels uniform over the 15-label vocabulary, speeds,
 * scene layouts, textures and degradations varied. Deterministic: the same seed and options give
 * the same specs. Benchmarks use seeds that tuning never saw (see {@code bench}).
 */
public final class ClipGenerator {
  private ClipGenerator() {}

  /**
   * What to generate.
   *
   * @param width frame width
   * @param height frame height
   * @param fps frames per second
   * @param frames frames per clip
   * @param degrade add noise, blur and occasional moving objects
   * @param combos sometimes combine two motions (e.g. pan-right + tilt-up)
   * @param flat include translating cameras over flat scenes (ambiguous by nature)
   */
  public record Options(
      int width,
      int height,
      double fps,
      int frames,
      boolean degrade,
      boolean combos,
      boolean flat) {
    /**
     * 320x180 at 25 fps, 1.6 s clips, degraded, with combos, without ambiguous flat translations.
     */
    public static Options defaults() {
      return new Options(320, 180, 25, 40, true, true, false);
    }
  }

  /** {@code count} specs from {@code seed}. */
  public static List<ClipSpec> generate(long seed, int count, Options options) {
    SplittableRandom random = new SplittableRandom(seed);
    List<ClipSpec> specs = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      specs.add(next(random, options));
    }
    return specs;
  }

  /** One spec drawn from {@code random}. */
  public static ClipSpec next(SplittableRandom random, Options o) {
    MotionLabel[] labels = MotionLabel.values();
    MotionLabel label = labels[random.nextInt(labels.length)];
    double seconds = o.frames() / o.fps();
    long seed = random.nextLong();
    if (label == MotionLabel.STATIC) {
      boolean movers = random.nextBoolean();
      ClipSpec spec =
          ClipSpec.of(
              movers ? SceneKind.STATIC_WITH_MOVERS : SceneKind.LAYERED_3D,
              CameraMotion.STATIC,
              o.width(),
              o.height(),
              o.fps(),
              o.frames(),
              seed);
      return degrade(spec.withMovers(movers ? 1 + random.nextInt(2) : 0), random, o);
    }
    CameraMotion motion = CameraMotion.STATIC.plus(label, speed(label.kind(), seconds, random));
    if (o.combos() && random.nextDouble() < 0.15) {
      MotionLabel second = partner(label, random);
      motion = motion.plus(second, speed(second.kind(), seconds, random) * 0.8);
    }
    SceneKind scene;
    if (motion.translates()) {
      scene = o.flat() && random.nextDouble() < 0.15 ? SceneKind.FLAT : SceneKind.LAYERED_3D;
    } else {
      scene = random.nextDouble() < 0.25 ? SceneKind.IMAGE_2D : SceneKind.LAYERED_3D;
    }
    ClipSpec spec = ClipSpec.of(scene, motion, o.width(), o.height(), o.fps(), o.frames(), seed);
    if (o.degrade() && scene == SceneKind.LAYERED_3D && random.nextDouble() < 0.2) {
      spec = spec.withMovers(1);
    }
    return degrade(spec, random, o);
  }

  private static ClipSpec degrade(ClipSpec spec, SplittableRandom random, Options o) {
    if (!o.degrade()) {
      return spec;
    }
    return spec.withDegradation(
        random.nextDouble() * 4, random.nextDouble() < 0.3 ? random.nextDouble() * 0.8 : 0);
  }

  /** A second motion of another family that a real camera often combines with the first. */
  private static MotionLabel partner(MotionLabel first, SplittableRandom random) {
    MotionLabel.Kind kind =
        switch (first.kind()) {
          case PAN -> MotionLabel.Kind.TILT;
          case TILT -> MotionLabel.Kind.PAN;
          case DOLLY -> MotionLabel.Kind.PAN;
          case TRUCK -> MotionLabel.Kind.TILT;
          case PEDESTAL -> MotionLabel.Kind.PAN;
          case ZOOM -> MotionLabel.Kind.PAN;
          case ROLL -> MotionLabel.Kind.ZOOM;
          case STATIC -> MotionLabel.Kind.PAN;
        };
    return MotionLabel.of(kind, random.nextBoolean() ? 1 : -1);
  }

  /**
   * A speed for a family, in its unit (°/s, relative zoom per s, scene units per s), capped so the
   * camera never turns or travels out of the scene within {@code seconds}.
   */
  public static double speed(MotionLabel.Kind kind, double seconds, SplittableRandom random) {
    double s = Math.max(0.2, seconds);
    return switch (kind) {
      case PAN, TILT -> Math.min(6 + 14 * random.nextDouble(), 35 / s);
      case ROLL -> Math.min(8 + 22 * random.nextDouble(), 60 / s);
      case ZOOM -> Math.min(0.08 + 0.22 * random.nextDouble(), Math.expm1(Math.log(2.5) / s));
      case DOLLY -> Math.min(1.0 + 1.5 * random.nextDouble(), 8 / s);
      case TRUCK, PEDESTAL -> Math.min(0.6 + 1.0 * random.nextDouble(), 6 / s);
      case STATIC -> 0;
    };
  }
}
