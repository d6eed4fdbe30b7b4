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
 *     pedestal, in frame-widths per second (default 0.03)
 * @param minScaleRate relative scale change above which the camera is said to zoom or dolly, per
 *     second (default 0.03 = 3 %/s)
 * @param minRollRate in-plane rotation above which the camera is said to roll, degrees per second
 *     (default 2.0)
 * @param minParallaxShare share of tracks that must keep residual motion after the dominant model
 *     (through one epipole, or along the dominant flow) before a translation (dolly, truck,
 *     pedestal) is preferred over a rotation or zoom; parallax large against the dominant motion
 *     counts up to three times (default 0.08)
 * @param minParallaxPixels residual, in pixels at a 320-pixel-wide analysis frame, that a track
 *     must exceed to count as parallax or independent motion (default 1.2; scaled with the analysis
 *     width)
 * @param minParallaxRatio residual relative to the dominant motion at that track that a track must
 *     exceed to count as parallax (default 0.12)
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

  /** The documented defaults. */
  public static GeometryConfig defaults() {
    return new GeometryConfig(320, 200, 0.03, 0.03, 2.0, 0.08, 1.2, 0.12, 12, 0.08);
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
