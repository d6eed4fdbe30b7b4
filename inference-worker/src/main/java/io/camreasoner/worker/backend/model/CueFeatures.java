package io.camreasoner.worker.backend.model;

import io.camreasoner.schemas.avro.MotionCues;
import java.util.List;
import java.util.Locale;

/**
 * The input contract of learned models: the geometric reasoner's {@link MotionCues} of a window as
 * a fixed-order float vector. Index, name and encoding:
 *
 * <ol start="0">
 *   <li>{@code translationX} frame-widths/s (absent: 0)
 *   <li>{@code translationY} frame-widths/s (absent: 0)
 *   <li>{@code scaleRate} relative scale change/s (absent: 0)
 *   <li>{@code rollRate} degrees/s (absent: 0)
 *   <li>{@code residualParallax} frame-widths/s (absent: 0)
 *   <li>{@code parallaxRatio} 0.. (absent: 0)
 *   <li>{@code focusOfExpansionX} 0..1 (absent: 0.5, the centre)
 *   <li>{@code focusOfExpansionY} 0..1 (absent: 0.5)
 *   <li>{@code inlierShare} 0..1 (absent: 0)
 *   <li>{@code movingObjectShare} 0..1 (absent: 0)
 *   <li>{@code log1p(trackCount)} (absent: 0)
 *   <li>{@code textureScore} 0..1 (absent: 0)
 * </ol>
 *
 * A model trained for this contract takes {@code float[N][}{@value #COUNT}{@code ]} and returns
 * {@code float[N][15]} scores in {@link io.camreasoner.schemas.MotionLabel} order. Changing the
 * order breaks trained models: append only.
 */
public final class CueFeatures {

  /** Names of the features in vector order. */
  public static final List<String> NAMES =
      List.of(
          "translationX",
          "translationY",
          "scaleRate",
          "rollRate",
          "residualParallax",
          "parallaxRatio",
          "focusOfExpansionX",
          "focusOfExpansionY",
          "inlierShare",
          "movingObjectShare",
          "log1pTrackCount",
          "textureScore");

  /** Length of the vector. */
  public static final int COUNT = 12;

  private CueFeatures() {}

  /** The feature vector of one window's cues. */
  public static float[] of(MotionCues c) {
    return new float[] {
      or(c.getTranslationX(), 0),
      or(c.getTranslationY(), 0),
      or(c.getScaleRate(), 0),
      or(c.getRollRate(), 0),
      or(c.getResidualParallax(), 0),
      or(c.getParallaxRatio(), 0),
      or(c.getFocusOfExpansionX(), 0.5),
      or(c.getFocusOfExpansionY(), 0.5),
      or(c.getInlierShare(), 0),
      or(c.getMovingObjectShare(), 0),
      c.getTrackCount() == null ? 0f : (float) Math.log1p(Math.max(0, c.getTrackCount())),
      or(c.getTextureScore(), 0)
    };
  }

  /** The cues in plain words with numbers, for the {@code <observation>} text. */
  public static String describe(MotionCues c) {
    float[] f = of(c);
    return String.format(
        Locale.ROOT,
        "%s tracks; background moves %+.3f, %+.3f frame-widths/s (x, y); scale %+.3f/s; roll"
            + " %+.2f deg/s; residual parallax %.4f frame-widths/s (%.2f of the motion); %.0f %%"
            + " of tracks fit the camera model, %.0f %% move on their own; texture %.2f.",
        c.getTrackCount() == null ? "no" : c.getTrackCount().toString(),
        f[0],
        f[1],
        f[2],
        f[3],
        f[4],
        f[5],
        100 * f[8],
        100 * f[9],
        f[11]);
  }

  private static float or(Double v, double absent) {
    return (float) (v == null ? absent : v);
  }
}
