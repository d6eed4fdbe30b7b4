package io.camreasoner.reasoner;

import java.util.List;

/**
 * The camera's share of the image motion: the dominant (background) homography over the long
 * baseline, fitted robustly ({@link Homography#dominant}), read at the image centre as rates, with
 * which tracks it explains, how well, and whether a still camera explains them as well.
 *
 * @param baseline the span measured over
 * @param homography the background's motion over it (identity when no fit exists)
 * @param translationX image translation of the background, frame-widths/s, + = content moves right
 * @param translationY the same downwards (frame width as unit)
 * @param scaleRate relative scale change per second, + = content expands
 * @param rollRate content rotation in degrees/s, + = clockwise on screen
 * @param tolerance residual (pixels) within which a track counts for the robust fit (loose: KLT
 *     drift grows along chained tracks)
 * @param inliers tracks within the tolerance
 * @param noisePixels the window's tracking noise: the 25th percentile of all tracks' residuals
 *     (robust to movers and parallax, which make the upper part)
 * @param separation residual (pixels) above which a track leaves the background's motion: a
 *     candidate mover or parallax track
 * @param stillSupport share of tracks that did not move at all (within the still tolerance)
 * @param movingSupport share of tracks the homography explains within that same tolerance
 * @param edgeDisplacement the background's largest displacement at the frame edge over the
 *     baseline, pixels at {@value GeometryConfig#REFERENCE_WIDTH} px width: the size of the move
 * @param pairRateSpread standard deviation of the frame-pair rates (translation x, y in
 *     frame-widths/s, log scale /s, roll °/s): steady for a camera move, jittery when objects drag
 *     single fits around
 * @param pairInlierShare mean share of tracks the frame-pair fits explained
 * @param shake high-frequency jitter of the frame-pair fits' camera path, frame-widths ({@link
 *     BackgroundFitter#shake})
 */
record BackgroundMotion(
    Baseline baseline,
    Homography homography,
    double translationX,
    double translationY,
    double scaleRate,
    double rollRate,
    double tolerance,
    List<TrackMotion> inliers,
    double noisePixels,
    double separation,
    double stillSupport,
    double movingSupport,
    double edgeDisplacement,
    double[] pairRateSpread,
    double pairInlierShare,
    double shake) {

  /** Share of the tracks the background explains. */
  double inlierShare() {
    return baseline.tracks().isEmpty() ? 0 : inliers.size() / (double) baseline.tracks().size();
  }

  /**
   * Whether the background changes scale measurably ({@link GeometryConfig#minScaleRate}): only
   * then does it have a focus of expansion a forward translation's epipole can be held to.
   */
  boolean scalesMeasurably(GeometryConfig config) {
    return Math.abs(scaleRate) >= config.minScaleRate();
  }

  /** Image translation speed, frame-widths per second. */
  double translationRate() {
    return Vector2.length(translationX, translationY);
  }
}
