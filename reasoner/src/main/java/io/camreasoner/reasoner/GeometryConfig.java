package io.camreasoner.reasoner;

/**
 * Settings of the {@link GeometricReasoner}. Every motion threshold is resolution- and
 * fps-independent (frame-widths per second, relative scale per second, degrees per second, shares
 * of tracks), so one configuration serves 360p and 4K, 24 and 60 fps. Use {@link #defaults()} and
 * the {@code with…} methods.
 *
 * @param analysisWidth frames wider than this are downscaled to this width before tracking (pixels;
 *     default 320)
 * @param maxTracks features detected per seeding (default 200)
 * @param minTranslationRate image translation above which the camera is said to pan, tilt, truck or
 *     pedestal, in frame-widths per second (default 0.006, about 2 px/s at 320 px: a slow move; the
 *     move must also stand out of the tracking noise over the window, see {@code MotionDecision})
 * @param minScaleRate relative scale change above which the camera is said to zoom or dolly, per
 *     second (default 0.008 = 0.8 %/s)
 * @param minRollRate in-plane rotation above which the camera is said to roll, degrees per second
 *     (default 0.8)
 * @param minParallaxShare share of all tracks that the groups consistent with one camera
 *     translation must hold before a translation (dolly, truck, pedestal) is preferred over a
 *     rotation or zoom (default 0.08)
 * @param minParallaxPixels residual, in pixels at a 320-pixel-wide analysis frame, that a track
 *     must exceed (widened with the baseline's span) to leave the background's motion (default 1.2;
 *     scaled with the analysis width)
 * @param minParallaxRatio kept for configuration compatibility; unused since the parallax test
 *     works on groups (default 0.12)
 * @param minTracks fewer surviving tracks than this make the result low-confidence static (default
 *     12)
 * @param minTexture texture score below which the window is reported as untrackable (default 0.08)
 */
public record GeometryConfig(
    int analysisWidth,
    int maxTracks,
    double minTranslationRate,
    double minScaleRate,
    double minRollRate,
    double minParallaxShare,
    double minParallaxPixels,
    double minParallaxRatio,
    int minTracks,
    double minTexture) {

  /** Validates the settings, naming the bad one. */
  public GeometryConfig {
    require(analysisWidth >= 64, "analysisWidth", analysisWidth, ">= 64");
    require(maxTracks >= 20, "maxTracks", maxTracks, ">= 20");
    require(minTranslationRate > 0, "minTranslationRate", minTranslationRate, "> 0");
    require(minScaleRate > 0, "minScaleRate", minScaleRate, "> 0");
    require(minRollRate > 0, "minRollRate", minRollRate, "> 0");
    require(
        minParallaxShare > 0 && minParallaxShare < 1,
        "minParallaxShare",
        minParallaxShare,
        "in (0,1)");
    require(minParallaxPixels > 0, "minParallaxPixels", minParallaxPixels, "> 0");
    require(minParallaxRatio > 0, "minParallaxRatio", minParallaxRatio, "> 0");
    require(minTracks >= 8, "minTracks", minTracks, ">= 8");
    require(minTexture >= 0 && minTexture < 1, "minTexture", minTexture, "in [0,1)");
  }

  /**
   * Horizontal field of view (degrees) assumed to turn image motion into pan and tilt degrees: a
   * video does not say its lens; 60° is a common one (and the synthetic camera's). A 40° lens would
   * read 1.5 times too fast in degrees, a 90° lens 1.6 times too slow.
   */
  public static final double ASSUMED_HORIZONTAL_FOV_DEGREES = 60;

  /** Width in pixels that pixel thresholds refer to; they scale with the analysis width. */
  public static final int REFERENCE_WIDTH = 320;

  /** The documented defaults. */
  public static GeometryConfig defaults() {
    return new GeometryConfig(320, 200, 0.006, 0.008, 0.8, 0.08, 1.2, 0.12, 12, 0.08);
  }

  /** A copy with another analysis width. */
  public GeometryConfig withAnalysisWidth(int width) {
    return new GeometryConfig(
        width,
        maxTracks,
        minTranslationRate,
        minScaleRate,
        minRollRate,
        minParallaxShare,
        minParallaxPixels,
        minParallaxRatio,
        minTracks,
        minTexture);
  }

  private static void require(boolean ok, String name, Object value, String rule) {
    if (!ok) {
      throw new IllegalArgumentException(
          "geometry setting " + name + " must be " + rule + ", got " + value);
    }
  }
}
