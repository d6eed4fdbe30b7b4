package io.camreasoner.reasoner;

import java.util.Map;

/**
 * The numbers the reasoner measured on one window, mirroring the Avro {@code MotionCues} record of
 * the schemas module field by field. Rates are resolution- and fps-independent: image motion in
 * frame-widths per second, scale and rotation per second.
 *
 * @param translationX background image motion, frame-widths/s, positive = content moves right
 * @param translationY background image motion, frame-widths/s (width as unit), positive = down
 * @param scaleRate relative scale change per second, positive = content expands
 * @param rollRate in-plane content rotation in degrees/s, positive = clockwise on screen
 * @param residualParallax median motion of parallax tracks left after removing the best homography,
 *     frame-widths/s (0 when no track shows parallax)
 * @param parallaxRatio residual parallax relative to the dominant motion at the same tracks
 * @param focusOfExpansionX focus of expansion x, 0 = left edge, 1 = right edge (null if not
 *     measured: no scale change)
 * @param focusOfExpansionY focus of expansion y, 0 = top, 1 = bottom (null if not measured)
 * @param inlierShare share of tracks consistent with the dominant homography
 * @param movingObjectShare share of tracks that move independently of the camera
 * @param trackCount tracks that survived the forward-backward check over the analysed baseline
 * @param textureScore trackable texture, 0 = none, 1 = plenty
 * @param extra further named measurements
 * @param panRate camera pan in degrees per second, + = the camera turns right, from the
 *     background's rotation and {@link GeometryConfig#ASSUMED_HORIZONTAL_FOV_DEGREES} (0 when no
 *     pan was named)
 * @param tiltRate camera tilt in degrees per second, + = the camera tilts up (0 when no tilt)
 * @param translationSpeed the background motion explained by one camera translation, frame-widths
 *     per second (a dolly's at the frame edge); 0 when the camera does not translate
 * @param shake high-frequency jitter of the fitted camera path: RMS of its frame-to-frame motion
 *     minus a smoothed path, frame-widths
 * @param steadiness the camera's steadiness, from {@code shake}
 */
public record MotionCues(
    double translationX,
    double translationY,
    double scaleRate,
    double rollRate,
    double residualParallax,
    double parallaxRatio,
    Double focusOfExpansionX,
    Double focusOfExpansionY,
    double inlierShare,
    double movingObjectShare,
    int trackCount,
    double textureScore,
    Map<String, Double> extra,
    double panRate,
    double tiltRate,
    double translationSpeed,
    double shake,
    Steadiness steadiness) {

  /** Copies the extra map. */
  public MotionCues {
    extra = Map.copyOf(extra);
    java.util.Objects.requireNonNull(steadiness, "steadiness");
  }

  /**
   * Cues of a backend that measures no speed: pan, tilt, translation and shake 0, steady.
   *
   * @see #MotionCues(double, double, double, double, double, double, Double, Double, double,
   *     double, int, double, Map, double, double, double, double, Steadiness)
   */
  public MotionCues(
      double translationX,
      double translationY,
      double scaleRate,
      double rollRate,
      double residualParallax,
      double parallaxRatio,
      Double focusOfExpansionX,
      Double focusOfExpansionY,
      double inlierShare,
      double movingObjectShare,
      int trackCount,
      double textureScore,
      Map<String, Double> extra) {
    this(
        translationX,
        translationY,
        scaleRate,
        rollRate,
        residualParallax,
        parallaxRatio,
        focusOfExpansionX,
        focusOfExpansionY,
        inlierShare,
        movingObjectShare,
        trackCount,
        textureScore,
        extra,
        0,
        0,
        0,
        0,
        Steadiness.STEADY);
  }

  /** The same cues with other extra measurements. */
  public MotionCues withExtra(Map<String, Double> more) {
    return new MotionCues(
        translationX,
        translationY,
        scaleRate,
        rollRate,
        residualParallax,
        parallaxRatio,
        focusOfExpansionX,
        focusOfExpansionY,
        inlierShare,
        movingObjectShare,
        trackCount,
        textureScore,
        more,
        panRate,
        tiltRate,
        translationSpeed,
        shake,
        steadiness);
  }
}
