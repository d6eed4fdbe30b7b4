package io.camreasoner.synth;

import io.camreasoner.schemas.MotionLabel;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Draws multi-shot programmes with hard cuts, and with the things a cut detector must not mistake
 * for cuts inside shots: fast pans, brightness flashes and large moving objects.
 */
public final class ProgrammeGenerator {
  private ProgrammeGenerator() {}

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
