package io.camreasoner.synth;

import io.camreasoner.schemas.MotionLabel;
import java.util.List;
import java.util.Objects;

/**
 * One synthetic shot: scene, camera motion, frame size and rate, length, degradations and seed. The
 * same spec always renders the same frames.
 *
 * @param scene what the camera looks at
 * @param motion the camera's constant motion rates
 * @param width frame width in pixels (even)
 * @param height frame height in pixels (even)
 * @param fps frames per second
 * @param frames number of frames
 * @param movers independently moving objects crossing the view (0 = none)
 * @param noiseSigma standard deviation of Gaussian sensor noise in grey levels (0 = none)
 * @param blurSigma Gaussian blur sigma in pixels at 320 px width, scaled with width (0 = none)
 * @param flashFrames frame indices (within the shot) where a brightness flash happens (not cuts)
 * @param seed seed of textures, layout and noise
 */
public record ClipSpec(
    SceneKind scene,
    CameraMotion motion,
    int width,
    int height,
    double fps,
    int frames,
    int movers,
    double noiseSigma,
    double blurSigma,
    List<Integer> flashFrames,
    long seed) {

  /** Validates the spec. */
  public ClipSpec {
    Objects.requireNonNull(scene, "scene");
    Objects.requireNonNull(motion, "motion");
    if (width < 32 || height < 32 || width % 2 != 0 || height % 2 != 0) {
      throw new IllegalArgumentException(
          "frame size must be even and at least 32x32, got " + width + "x" + height);
    }
    if (!(fps > 0 && fps <= 240)) {
      throw new IllegalArgumentException("fps must be in (0, 240], got " + fps);
    }
    if (frames < 1) {
      throw new IllegalArgumentException("a clip needs at least one frame, got " + frames);
    }
    if (movers < 0 || noiseSigma < 0 || blurSigma < 0) {
      throw new IllegalArgumentException("movers, noise and blur must not be negative");
    }
    if (scene == SceneKind.IMAGE_2D && motion.translates()) {
      throw new IllegalArgumentException(
          "a virtual camera over an image cannot translate; use FLAT");
    }
    if (scene == SceneKind.STATIC_WITH_MOVERS && !motion.equals(CameraMotion.STATIC)) {
      throw new IllegalArgumentException("STATIC_WITH_MOVERS needs a still camera");
    }
    flashFrames = List.copyOf(flashFrames);
  }

  /** A clean clip: no movers, noise, blur or flashes. */
  public static ClipSpec of(
      SceneKind scene,
      CameraMotion motion,
      int width,
      int height,
      double fps,
      int frames,
      long seed) {
    return new ClipSpec(
        scene,
        motion,
        width,
        height,
        fps,
        frames,
        scene == SceneKind.STATIC_WITH_MOVERS ? 2 : 0,
        0,
        0,
        List.of(),
        seed);
  }

  /** The ground-truth labels. */
  public List<MotionLabel> labels() {
    return motion.labels();
  }

  /**
   * True when no geometry can tell this clip's translation from rotation (flat scene, moving
   * camera).
   */
  public boolean ambiguous() {
    return scene == SceneKind.FLAT && motion.translates();
  }

  /** Duration in seconds. */
  public double seconds() {
    return frames / fps;
  }

  /** The same spec with sensor noise and blur. */
  public ClipSpec withDegradation(double noise, double blur) {
    return new ClipSpec(
        scene, motion, width, height, fps, frames, movers, noise, blur, flashFrames, seed);
  }

  /** The same spec with independently moving objects. */
  public ClipSpec withMovers(int count) {
    return new ClipSpec(
        scene, motion, width, height, fps, frames, count, noiseSigma, blurSigma, flashFrames, seed);
  }

  /** The same spec with brightness flashes at the given frames. */
  public ClipSpec withFlashes(List<Integer> frameIndices) {
    return new ClipSpec(
        scene,
        motion,
        width,
        height,
        fps,
        frames,
        movers,
        noiseSigma,
        blurSigma,
        frameIndices,
        seed);
  }

  /** The same spec at another size, rate and length. */
  public ClipSpec withFormat(int w, int h, double rate, int count) {
    return new ClipSpec(
        scene, motion, w, h, rate, count, movers, noiseSigma, blurSigma, flashFrames, seed);
  }
}
